package reports

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// schemaDefs maps each model type to its definition in the schema ("" is
// the root).
var schemaDefs = map[reflect.Type]string{
	reflect.TypeFor[Report]():       "",
	reflect.TypeFor[Tool]():         "tool",
	reflect.TypeFor[Manifest]():     "manifest",
	reflect.TypeFor[Summary]():      "summary",
	reflect.TypeFor[Vendor]():       "vendor",
	reflect.TypeFor[Policy]():       "policy",
	reflect.TypeFor[Document]():     "document",
	reflect.TypeFor[Step]():         "step",
	reflect.TypeFor[Candidate]():    "candidate",
	reflect.TypeFor[Topic]():        "topic",
	reflect.TypeFor[Evidence]():     "evidence",
	reflect.TypeFor[Finding]():      "finding",
	reflect.TypeFor[Cookie]():       "cookie",
	reflect.TypeFor[RenderedPage](): "rendered_page",
	reflect.TypeFor[Change]():       "change",
}

// TestSchemaMatchesModel keeps the schema and the Go model in step: every
// JSON field of every model type is in the schema, every property of the
// schema is a field, and the fields always written (no omitempty) are the
// required ones. A field added to report.go without the schema fails here.
func TestSchemaMatchesModel(t *testing.T) {
	var schema struct {
		Properties map[string]any `json:"properties"`
		Required   []string       `json:"required"`
		Defs       map[string]struct {
			Properties map[string]any `json:"properties"`
			Required   []string       `json:"required"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(JSONSchema(), &schema); err != nil {
		t.Fatal(err)
	}
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || typ.PkgPath() != reflect.TypeFor[Report]().PkgPath() || seen[typ] {
			return
		}
		seen[typ] = true
		def, ok := schemaDefs[typ]
		if !ok {
			t.Errorf("type %s has no schema definition", typ.Name())
			return
		}
		props, required := schema.Properties, schema.Required
		if def != "" {
			props, required = schema.Defs[def].Properties, schema.Defs[def].Required
		}
		var fields, always []string
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			fields = append(fields, name)
			// The writers always write the summary (they count the vendors
			// when the report has none).
			if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") || typ == reflect.TypeFor[Report]() && name == "summary" {
				always = append(always, name)
			}
			if _, ok := props[name]; !ok {
				t.Errorf("%s.%s (%q) is not in the schema's %q", typ.Name(), f.Name, name, def)
			}
			walk(f.Type)
		}
		for p := range props {
			if !slices.Contains(fields, p) {
				t.Errorf("schema %q has property %q that %s lacks", def, p, typ.Name())
			}
		}
		sort.Strings(always)
		req := slices.Clone(required)
		sort.Strings(req)
		if !slices.Equal(always, req) {
			t.Errorf("%s: fields always written %q, schema requires %q", typ.Name(), always, req)
		}
	}
	walk(reflect.TypeFor[Report]())
	if len(seen) != len(schemaDefs) {
		t.Errorf("walked %d types, the map names %d", len(seen), len(schemaDefs))
	}
}
