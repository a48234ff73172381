package reports

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// A Writer renders a report in one format, vendor by vendor, so that a run of
// ten thousand vendors streams through it without being held in memory:
//
//   - Begin takes the run's metadata (schema, tool, manifest, start time).
//     Its Vendors are ignored: vendors come through WriteVendor.
//   - WriteVendor takes each vendor as it finishes, in the order the report
//     lists them. A writer may keep v until End; the caller must not change
//     it after the call.
//   - End takes the final metadata (finish time, Partial, and Summary; when
//     Summary is nil the writer counts the vendors it was given).
//
// Streaming formats (json, jsonl, csv, sarif) write each vendor at once;
// ranked formats (md, html, table) keep the vendors (never policy bodies)
// and write at End. Errors are sticky: after one, every call returns it.
// A Writer never closes the io.Writer it was given, and is not safe for
// concurrent use: the pipeline serialises its calls.
type Writer interface {
	Begin(r *Report) error
	WriteVendor(v *Vendor) error
	End(r *Report) error
}

// Options tune the writers. The zero value suits files.
type Options struct {
	// Width is the width in columns the table format fits into; 0 means no
	// limit (output to a file or a pipe).
	Width int
}

// A Format describes one output format.
type Format struct {
	Name        string
	Aliases     []string
	Description string
	// Extensions are the file-name endings that select the format for -o,
	// longest first.
	Extensions []string
	// Streams is true when the writer writes each vendor as it arrives,
	// keeping none in memory.
	Streams bool

	newWriter func(w io.Writer, o Options) Writer
}

var formats = []Format{
	{Name: "json", Description: "the whole report as one JSON document (vigie.report/v1)",
		Extensions: []string{".json"}, Streams: true,
		newWriter: func(w io.Writer, _ Options) Writer { return newJSONWriter(w) }},
	{Name: "jsonl", Aliases: []string{"ndjson"}, Description: "JSON Lines: a header line, one line per vendor as it finishes, a trailer line",
		Extensions: []string{".jsonl", ".ndjson"}, Streams: true,
		newWriter: func(w io.Writer, _ Options) Writer { return newJSONLWriter(w) }},
	{Name: "csv", Description: "one row per vendor: status, score, policy URL and a column per topic",
		Extensions: []string{".csv"}, Streams: true,
		newWriter: func(w io.Writer, _ Options) Writer { return newCSVWriter(w, false) }},
	{Name: "csv-long", Description: "one row per vendor and topic, with the first quote",
		Streams:   true,
		newWriter: func(w io.Writer, _ Options) Writer { return newCSVWriter(w, true) }},
	{Name: "md", Aliases: []string{"markdown"}, Description: "Markdown: a ranked table, then per vendor the missing topics and the quotes",
		Extensions: []string{".md", ".markdown"},
		newWriter:  func(w io.Writer, _ Options) Writer { return newMarkdownWriter(w) }},
	{Name: "html", Description: "one self-contained HTML page: sortable comparison, summary, evidence",
		Extensions: []string{".html", ".htm"},
		newWriter:  func(w io.Writer, _ Options) Writer { return newHTMLWriter(w) }},
	{Name: "sarif", Description: "SARIF 2.1.0: each missing or weak topic a result, for code-scanning tools",
		Extensions: []string{".sarif.json", ".sarif"}, Streams: true,
		newWriter: func(w io.Writer, _ Options) Writer { return newSARIFWriter(w) }},
	{Name: "table", Aliases: []string{"text"}, Description: "a ranked table for the terminal",
		Extensions: []string{".txt"},
		newWriter:  func(w io.Writer, o Options) Writer { return newTableWriter(w, o) }},
}

// Formats returns the output formats, in the order help text lists them.
func Formats() []Format { return slices.Clone(formats) }

// FormatNames returns the formats' names, for help text and errors.
func FormatNames() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.Name
	}
	return names
}

// LookupFormat finds a format by name or alias, case-insensitively.
func LookupFormat(name string) (Format, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, f := range formats {
		if f.Name == n || slices.Contains(f.Aliases, n) {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("unknown format %q: want one of %s", name, strings.Join(FormatNames(), ", "))
}

// FormatForPath infers a format from an output file's name (report.sarif.json
// is sarif, report.json is json). It returns false when the extension says
// nothing, and for "-" (stdout).
func FormatForPath(path string) (string, bool) {
	base := strings.ToLower(filepath.Base(path))
	if path == "" || path == "-" {
		return "", false
	}
	best, bestLen := "", 0
	for _, f := range formats {
		for _, ext := range f.Extensions {
			if strings.HasSuffix(base, ext) && len(ext) > bestLen && len(base) > len(ext) {
				best, bestLen = f.Name, len(ext)
			}
		}
	}
	return best, best != ""
}

// ResolveFormat decides the format of a report: the explicit format when
// given, else the one the output file's extension names, else (for stdout,
// "-" or "") fallback. An output file whose extension names no format needs
// an explicit format. It returns the canonical name, or an error naming the
// valid formats.
func ResolveFormat(format, output, fallback string) (string, error) {
	if strings.TrimSpace(format) != "" {
		f, err := LookupFormat(format)
		if err != nil {
			return "", err
		}
		return f.Name, nil
	}
	if name, ok := FormatForPath(output); ok {
		return name, nil
	}
	if output != "" && output != "-" {
		return "", fmt.Errorf("cannot infer a format from %q: give -f (one of %s)", output, strings.Join(FormatNames(), ", "))
	}
	f, err := LookupFormat(fallback)
	if err != nil {
		return "", err
	}
	return f.Name, nil
}

// NewWriter returns a writer of the named format writing to w.
func NewWriter(format string, w io.Writer, o Options) (Writer, error) {
	f, err := LookupFormat(format)
	if err != nil {
		return nil, err
	}
	return f.newWriter(w, o), nil
}

// Render drives a writer over a whole report: Begin, each vendor in order,
// End.
func Render(w Writer, r *Report) error {
	if err := w.Begin(r); err != nil {
		return err
	}
	for i := range r.Vendors {
		if err := w.WriteVendor(&r.Vendors[i]); err != nil {
			return err
		}
	}
	return w.End(r)
}

// Write renders a whole report to w in the named format.
func Write(w io.Writer, r *Report, format string) error {
	return WriteWith(w, r, format, Options{})
}

// WriteWith is Write with options.
func WriteWith(w io.Writer, r *Report, format string, o Options) error {
	wr, err := NewWriter(format, w, o)
	if err != nil {
		return err
	}
	return Render(wr, r)
}

// MultiWriter returns a writer that passes every call to each of ws in turn,
// stopping at the first error (like io.MultiWriter). The pipeline uses it to
// feed an output format and a Checker at once.
func MultiWriter(ws ...Writer) Writer { return multiWriter(slices.Clone(ws)) }

type multiWriter []Writer

func (m multiWriter) Begin(r *Report) error {
	for _, w := range m {
		if err := w.Begin(r); err != nil {
			return err
		}
	}
	return nil
}

func (m multiWriter) WriteVendor(v *Vendor) error {
	for _, w := range m {
		if err := w.WriteVendor(v); err != nil {
			return err
		}
	}
	return nil
}

func (m multiWriter) End(r *Report) error {
	for _, w := range m {
		if err := w.End(r); err != nil {
			return err
		}
	}
	return nil
}

// Create opens a report's destination: "-" or "" is stdout (closing it is a
// no-op), any other path a file, created or truncated.
func Create(path string, stdout io.Writer) (io.WriteCloser, error) {
	if path == "" || path == "-" {
		return nopCloser{stdout}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create report: %w", err)
	}
	return f, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// Errors of the writers' protocol.
var (
	errNotBegun = errors.New("reports: WriteVendor or End before Begin")
	errEnded    = errors.New("reports: write after End")
)

// stream holds what every writer shares: the destination, the sticky error,
// the protocol state, and the running summary.
type stream struct {
	w       io.Writer
	err     error
	begun   bool
	ended   bool
	summary *Summary
}

// begin checks the protocol and starts the summary.
func (s *stream) begin() error {
	if s.err != nil {
		return s.err
	}
	if s.begun {
		s.err = errors.New("reports: Begin called twice")
		return s.err
	}
	s.begun = true
	s.summary = emptySummary()
	return nil
}

// vendor checks the protocol and counts v.
func (s *stream) vendor(v *Vendor) error {
	switch {
	case s.err != nil:
		return s.err
	case !s.begun:
		s.err = errNotBegun
	case s.ended:
		s.err = errEnded
	default:
		s.summary.Add(v)
	}
	return s.err
}

// end checks the protocol and returns the summary to write: the report's
// when it has one, else the running count.
func (s *stream) end(r *Report) (*Summary, error) {
	switch {
	case s.err != nil:
		return nil, s.err
	case !s.begun:
		s.err = errNotBegun
		return nil, s.err
	case s.ended:
		s.err = errEnded
		return nil, s.err
	}
	s.ended = true
	if r != nil && r.Summary != nil {
		return r.Summary, nil
	}
	return s.summary, nil
}

// write writes b, keeping the first error.
func (s *stream) write(b []byte) error {
	if s.err != nil {
		return s.err
	}
	if _, err := s.w.Write(b); err != nil {
		s.err = fmt.Errorf("write report: %w", err)
	}
	return s.err
}

// fail records err as the sticky error.
func (s *stream) fail(err error) error {
	if s.err == nil {
		s.err = err
	}
	return s.err
}
