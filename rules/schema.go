package rules

import (
	"errors"
	"fmt"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
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
	case ast.StringType, ast.IntegerType, ast.FloatType, ast.BoolType, ast.LiteralType:
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
	Heading     *rawHeading            `yaml:"heading"`
	NearMisses  rawPatterns            `yaml:"near_misses"`
	Examples    map[string]rawExamples `yaml:"examples"`
	Rules       []rawRule              `yaml:"rules"`
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
}

// decodeYAML decodes data into v strictly (unknown fields are errors) and
// turns decoding errors into *FileError values naming file and line.
func decodeYAML(file string, data []byte, v any) error {
	err := yaml.UnmarshalWithOptions(data, v, yaml.DisallowUnknownField())
	if err == nil {
		return nil
	}
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
