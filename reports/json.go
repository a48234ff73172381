package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// jsonWriter writes the whole report as one JSON document, streaming the
// vendors array: the run's metadata comes first, each vendor as it finishes,
// and the finish time, the partial flag and the summary after the vendors.
// (JSON objects are unordered: a reader sees the same report as from
// json.Marshal.)
type jsonWriter struct {
	stream
	n int
}

var _ Writer = (*jsonWriter)(nil)

func newJSONWriter(w io.Writer) *jsonWriter { return &jsonWriter{stream: stream{w: w}} }

func (j *jsonWriter) Begin(r *Report) error {
	if err := j.begin(); err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("{\n")
	fields := []field{
		{"schema", SchemaVersion},
		{"tool", r.Tool},
		{"manifest", r.Manifest},
	}
	if r.RunID != "" {
		fields = append(fields, field{"run_id", r.RunID})
	}
	fields = append(fields,
		field{"generated_at", r.GeneratedAt},
		field{"started_at", r.StartedAt},
	)
	if err := writeFields(&buf, fields); err != nil {
		return j.fail(err)
	}
	buf.WriteString(",\n  \"vendors\": [")
	return j.write(buf.Bytes())
}

func (j *jsonWriter) WriteVendor(v *Vendor) error {
	if err := j.vendor(v); err != nil {
		return err
	}
	b, err := marshalJSON(normalized(v), "    ", "  ")
	if err != nil {
		return j.fail(fmt.Errorf("encode vendor %s: %w", v.Input, err))
	}
	sep := ",\n    "
	if j.n == 0 {
		sep = "\n    "
	}
	j.n++
	return j.write(append([]byte(sep), b...))
}

func (j *jsonWriter) End(r *Report) error {
	sum, err := j.end(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if j.n > 0 {
		buf.WriteString("\n  ")
	}
	buf.WriteString("],\n")
	if err := writeFields(&buf, []field{
		{"finished_at", r.FinishedAt},
		{"partial", r.Partial},
		{"summary", sum},
	}); err != nil {
		return j.fail(err)
	}
	buf.WriteString("\n}\n")
	return j.write(buf.Bytes())
}

// A field is one key and value of a JSON object written piece by piece.
type field struct {
	key   string
	value any
}

// writeFields writes fields as the indented members of a top-level object,
// without the trailing comma or newline.
func writeFields(buf *bytes.Buffer, fields []field) error {
	for i, f := range fields {
		if i > 0 {
			buf.WriteString(",\n")
		}
		b, err := marshalJSON(f.value, "  ", "  ")
		if err != nil {
			return fmt.Errorf("encode %s: %w", f.key, err)
		}
		fmt.Fprintf(buf, "  %q: ", f.key)
		buf.Write(b)
	}
	return nil
}

// marshalJSON encodes v without escaping <, > and & (a report is not
// HTML), indented when indent is not empty, without a trailing newline.
func marshalJSON(v any, prefix, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent(prefix, indent)
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Types of the JSON Lines records.
const (
	RecordHeader  = "header"
	RecordVendor  = "vendor"
	RecordTrailer = "trailer"
)

// jsonlHeader is the first line of a JSON Lines report.
type jsonlHeader struct {
	Type        string    `json:"type"`
	Schema      string    `json:"schema"`
	Tool        Tool      `json:"tool"`
	Manifest    Manifest  `json:"manifest"`
	RunID       string    `json:"run_id,omitempty"`
	GeneratedAt time.Time `json:"generated_at"`
	StartedAt   time.Time `json:"started_at"`
}

// jsonlVendor is a vendor line: the vendor's fields after "type".
type jsonlVendor struct {
	Type string `json:"type"`
	*Vendor
}

// jsonlTrailer is the last line of a complete JSON Lines report. A file
// without one was cut short (the run crashed or is still going).
type jsonlTrailer struct {
	Type       string    `json:"type"`
	FinishedAt time.Time `json:"finished_at"`
	Partial    bool      `json:"partial"`
	Summary    *Summary  `json:"summary"`
}

// jsonlWriter writes JSON Lines: a header line, one line per vendor written
// the moment the vendor arrives (one Write call per line, so a crash never
// leaves half a vendor in a file), and a trailer line.
type jsonlWriter struct{ stream }

var _ Writer = (*jsonlWriter)(nil)

func newJSONLWriter(w io.Writer) *jsonlWriter { return &jsonlWriter{stream{w: w}} }

func (j *jsonlWriter) Begin(r *Report) error {
	if err := j.begin(); err != nil {
		return err
	}
	return j.line(jsonlHeader{
		Type: RecordHeader, Schema: SchemaVersion, Tool: r.Tool, Manifest: r.Manifest,
		RunID: r.RunID, GeneratedAt: r.GeneratedAt, StartedAt: r.StartedAt,
	})
}

func (j *jsonlWriter) WriteVendor(v *Vendor) error {
	if err := j.vendor(v); err != nil {
		return err
	}
	return j.line(jsonlVendor{Type: RecordVendor, Vendor: normalized(v)})
}

func (j *jsonlWriter) End(r *Report) error {
	sum, err := j.end(r)
	if err != nil {
		return err
	}
	return j.line(jsonlTrailer{Type: RecordTrailer, FinishedAt: r.FinishedAt, Partial: r.Partial, Summary: sum})
}

func (j *jsonlWriter) line(v any) error {
	b, err := marshalJSON(v, "", "")
	if err != nil {
		return j.fail(fmt.Errorf("encode jsonl line: %w", err))
	}
	return j.write(append(b, '\n'))
}
