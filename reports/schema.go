package reports

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed schema/report.schema.json
var schemaJSON []byte

// schemaURL is the schema's $id.
const schemaURL = "https://github.com/vigie-audit/vigie/reports/schema/report.schema.json"

// JSONSchema returns the JSON Schema (draft 2020-12) of the json format;
// its $defs/jsonl_line describes each line of the jsonl format.
func JSONSchema() []byte { return slices.Clone(schemaJSON) }

var compiledSchemas = sync.OnceValues(func() ([2]*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return [2]*jsonschema.Schema{}, fmt.Errorf("parse report schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return [2]*jsonschema.Schema{}, fmt.Errorf("load report schema: %w", err)
	}
	report, err := c.Compile(schemaURL)
	if err != nil {
		return [2]*jsonschema.Schema{}, fmt.Errorf("compile report schema: %w", err)
	}
	line, err := c.Compile(schemaURL + "#/$defs/jsonl_line")
	if err != nil {
		return [2]*jsonschema.Schema{}, fmt.Errorf("compile report schema: %w", err)
	}
	return [2]*jsonschema.Schema{report, line}, nil
})

// ValidateJSON checks a json-format report against the schema.
func ValidateJSON(doc []byte) error {
	s, err := compiledSchemas()
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("parse report: %w", err)
	}
	return s[0].Validate(inst)
}

// ValidateJSONL checks every line of a jsonl-format report against the
// schema, and that the lines come in order: one header, vendors, one
// trailer.
func ValidateJSONL(r io.Reader) error {
	s, err := compiledSchemas()
	if err != nil {
		return err
	}
	br := bufio.NewReader(r)
	var types []string
	for n := 1; ; n++ {
		line, rerr := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(line))
			if err != nil {
				return fmt.Errorf("line %d: %w", n, err)
			}
			if err := s[1].Validate(inst); err != nil {
				return fmt.Errorf("line %d: %w", n, err)
			}
			m, _ := inst.(map[string]any)
			t, _ := m["type"].(string)
			types = append(types, t)
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return rerr
		}
	}
	switch {
	case len(types) < 2:
		return errors.New("want at least a header and a trailer line")
	case types[0] != RecordHeader:
		return errors.New("line 1: want the header")
	case types[len(types)-1] != RecordTrailer:
		return errors.New("last line: want the trailer")
	}
	for i, t := range types[1 : len(types)-1] {
		if t != RecordVendor {
			return fmt.Errorf("line %d: want a vendor line, got %q", i+2, t)
		}
	}
	return nil
}
