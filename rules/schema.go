package rules

import (
	"errors"
	"fmt"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// The raw stage of loading: Go structs that mirror the YAML files, with the
// line of every pattern and rule kept for error messages. compile.go turns
// them into a Pack.

// SchemaVersion is the version of the rule-file format this package reads.
const SchemaVersion = 1

// rawString is a YAML scalar with its position.
type rawString struct {
	Value string
	Line  int
}

// UnmarshalYAML records the scalar's line.
func (s *rawString) UnmarshalYAML(n ast.Node) error {
	if tk := n.GetToken(); tk != nil {
		s.Line = tk.Position.Line
	}
	switch n.Type() {
	case ast.StringType:
		// The scalar's value as is, without a decoder per string (a
		// pack holds thousands; about 8% of its loading).
		if sn, ok := n.(*ast.StringNode); ok {
			s.Value = sn.Value
			return nil
		}
		return yaml.NodeToValue(n, &s.Value)
	case ast.IntegerType, ast.FloatType, ast.BoolType, ast.LiteralType:
		return yaml.NodeToValue(n, &s.Value)
	case ast.NullType:
		return &nodeError{line: s.Line, msg: "empty value where a string is expected"}
	}
	return &nodeError{line: s.Line, msg: fmt.Sprintf("expected a string, found %s", n.Type())}
}

// nodeError is an error found while decoding one node.
type nodeError struct {
	line int
	msg  string
}

func (e *nodeError) Error() string { return e.msg }

// rawPatterns maps a language tag to its patterns.
type rawPatterns map[string][]rawString

// rawExamples are the sentences a rule must and must not match.
type rawExamples struct {
	Match   []rawString `yaml:"match"`
	NoMatch []rawString `yaml:"no_match"`
}

type rawRule struct {
	ID       rawString              `yaml:"id"`
	Title    string                 `yaml:"title"`
	Strength float64                `yaml:"strength"`
	Window   int                    `yaml:"window"`
	Near     int                    `yaml:"near"`
	Min      int                    `yaml:"min"`
	Match    rawPatterns            `yaml:"match"`
	With     []rawPatterns          `yaml:"with"`
	Context  []rawPatterns          `yaml:"context"`
	Unless   rawPatterns            `yaml:"unless"`
	Needs    []rawString            `yaml:"needs"`
	Strict   *bool                  `yaml:"strict"`
	Examples map[string]rawExamples `yaml:"examples"`
	// TopicUnless false exempts the rule from its topic's unless.
	TopicUnless *bool `yaml:"topic_unless"`
	// PassageUnless vetoes the rule in a whole passage (passage.go).
	PassageUnless rawPatterns `yaml:"passage_unless"`
	// TopicPassageUnless false exempts the rule from its topic's
	// passage_unless: a statement that holds wherever it stands ("we never
	// sell your data" under a security heading).
	TopicPassageUnless *bool `yaml:"topic_passage_unless"`

	line int
}

// UnmarshalYAML records the rule's line, then decodes it strictly.
func (r *rawRule) UnmarshalYAML(n ast.Node) error {
	type plain rawRule
	var p plain
	if err := yaml.NodeToValue(n, &p, yaml.DisallowUnknownField()); err != nil {
		return err
	}
	*r = rawRule(p)
	if tk := n.GetToken(); tk != nil {
		r.line = tk.Position.Line
	}
	return nil
}

type rawHeading struct {
	Strength float64                `yaml:"strength"`
	Match    rawPatterns            `yaml:"match"`
	Unless   rawPatterns            `yaml:"unless"`
	Examples map[string]rawExamples `yaml:"examples"`
}

type rawTopic struct {
	Schema      int                    `yaml:"schema"`
	ID          string                 `yaml:"id"`
	Title       string                 `yaml:"title"`
	Description string                 `yaml:"description"`
	Lists       rawLists               `yaml:"lists"`
	Heading     *rawHeading            `yaml:"heading"`
	NearMisses  rawPatterns            `yaml:"near_misses"`
	Unless      rawPatterns            `yaml:"unless"`
	Examples    map[string]rawExamples `yaml:"examples"`
	Rules       []rawRule              `yaml:"rules"`

	// PassageUnless vetoes every rule of the topic in a whole passage.
	PassageUnless rawPatterns `yaml:"passage_unless"`
	// LeadIn says how a list item reads the topic from its lead-in:
	// "contribute" (the default) or "inherit" (leadin.go).
	LeadIn rawString `yaml:"lead_in"`
	// Definitions holds YAML anchors for the file to refer to (aliases):
	// it is not read otherwise.
	Definitions any `yaml:"definitions"`
}

// rawLists maps a list name to its items, per language.
type rawLists map[string]rawList

// rawList is one named list: its items per language, and its line.
type rawList struct {
	Items rawPatterns
	Line  int
}

// UnmarshalYAML records the list's line.
func (l *rawList) UnmarshalYAML(n ast.Node) error {
	if tk := n.GetToken(); tk != nil {
		l.Line = tk.Position.Line
	}
	return yaml.NodeToValue(n, &l.Items, yaml.DisallowUnknownField())
}

type rawManifest struct {
	Schema      int    `yaml:"schema"`
	Name        string `yaml:"name"`
	Version     string `yaml:"version"`
	Description string `yaml:"description"`
	Thresholds  struct {
		Covered float64 `yaml:"covered"`
		Weak    float64 `yaml:"weak"`
	} `yaml:"thresholds"`
	Topics []struct {
		ID     string  `yaml:"id"`
		File   string  `yaml:"file"`
		Weight float64 `yaml:"weight"`
	} `yaml:"topics"`
	// Lists are named pattern lists every topic may use.
	Lists rawLists `yaml:"lists"`
	// Definitions holds YAML anchors (see rawTopic).
	Definitions any `yaml:"definitions"`
}

// decodeYAML decodes data into v strictly (unknown fields are errors) and
// turns decoding errors into *FileError values naming file and line. YAML
// anchors and aliases work across the whole file: aliases are resolved on
// the syntax tree before any part of it is decoded.
func decodeYAML(file string, data []byte, v any) error {
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return yamlError(file, err)
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return nil
	}
	if len(f.Docs) > 1 {
		return &FileError{File: file, Msg: "more than one YAML document"}
	}
	root, err := resolveAliases(f.Docs[0].Body, map[string]ast.Node{}, 0)
	if err != nil {
		return yamlError(file, err)
	}
	if err := yaml.NodeToValue(root, v, yaml.DisallowUnknownField()); err != nil {
		return yamlError(file, err)
	}
	return nil
}

// yamlError turns a parse or decode error into a *FileError.
func yamlError(file string, err error) error {
	var ne *nodeError
	if errors.As(err, &ne) {
		return &FileError{File: file, Line: ne.line, Msg: ne.msg}
	}
	var ye yaml.Error
	if errors.As(err, &ye) {
		line := 0
		if tk := ye.GetToken(); tk != nil {
			line = tk.Position.Line
		}
		return &FileError{File: file, Line: line, Msg: ye.GetMessage()}
	}
	return &FileError{File: file, Msg: err.Error()}
}

// maxAliasDepth bounds the nesting of the tree aliases are resolved in.
const maxAliasDepth = 64

// resolveAliases replaces, in document order, every anchor by its value
// (remembered under its name) and every alias by the value of its anchor.
func resolveAliases(n ast.Node, anchors map[string]ast.Node, depth int) (ast.Node, error) {
	if n == nil {
		return nil, nil
	}
	if depth > maxAliasDepth {
		return nil, &nodeError{line: line(n), msg: "YAML nested too deep"}
	}
	var err error
	switch x := n.(type) {
	case *ast.AnchorNode:
		v, err := resolveAliases(x.Value, anchors, depth+1)
		if err != nil {
			return nil, err
		}
		if x.Name != nil {
			anchors[x.Name.GetToken().Value] = v
		}
		return v, nil
	case *ast.AliasNode:
		name := ""
		if x.Value != nil {
			name = x.Value.GetToken().Value
		}
		v, ok := anchors[name]
		if !ok {
			return nil, &nodeError{line: line(n), msg: fmt.Sprintf("alias *%s: no anchor &%s before it in the file", name, name)}
		}
		return v, nil
	case *ast.DocumentNode:
		x.Body, err = resolveAliases(x.Body, anchors, depth+1)
	case *ast.TagNode:
		x.Value, err = resolveAliases(x.Value, anchors, depth+1)
	case *ast.MappingNode:
		for _, mv := range x.Values {
			if mv.Value, err = resolveAliases(mv.Value, anchors, depth+1); err != nil {
				return nil, err
			}
		}
	case *ast.MappingValueNode:
		x.Value, err = resolveAliases(x.Value, anchors, depth+1)
	case *ast.SequenceNode:
		for i, v := range x.Values {
			if x.Values[i], err = resolveAliases(v, anchors, depth+1); err != nil {
				return nil, err
			}
		}
	}
	if err != nil {
		return nil, err
	}
	return n, nil
}

func line(n ast.Node) int {
	if tk := n.GetToken(); tk != nil {
		return tk.Position.Line
	}
	return 0
}

// A FileError is a problem in one rule file, at a line when known.
type FileError struct {
	File string
	Line int // 0 when unknown
	Msg  string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}
