package reports

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrTruncated reports a saved run that ends early: a JSON Lines file
// without its trailer line, or a JSON document cut off inside its vendors.
// Replay still renders every complete vendor and marks the report partial.
var ErrTruncated = errors.New("report is truncated (the run was interrupted or is still going); rendered the complete vendors and marked it partial")

// Replay reads a saved report (the json or the jsonl format, told apart by
// their first line) and streams it into dst: Begin, each vendor as it is
// decoded, End. It never holds more than one vendor, so it re-renders runs
// of any size. It returns the report's metadata, without vendors.
//
// A report cut short (see ErrTruncated) is rendered as far as it goes,
// marked partial, and Replay returns an error wrapping ErrTruncated after
// End. A report of another schema version is refused.
func Replay(ctx context.Context, src io.Reader, dst Writer) (*Report, error) {
	br := bufio.NewReaderSize(src, 64<<10)
	first, err := readLine(br)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read report: %w", err)
	}
	if len(bytes.TrimSpace(first)) == 0 && errors.Is(err, io.EOF) {
		return nil, errors.New("read report: empty input")
	}
	var probe struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(first, &probe) == nil && isRecordType(probe.Type) {
		return replayJSONL(ctx, first, br, dst)
	}
	return replayJSON(ctx, io.MultiReader(bytes.NewReader(first), br), dst)
}

// Read reads a whole saved report (json or jsonl) into memory.
func Read(ctx context.Context, src io.Reader) (*Report, error) {
	c := &collector{}
	r, err := Replay(ctx, src, c)
	if r != nil {
		r.Vendors = c.vendors
		if r.Vendors == nil {
			r.Vendors = []Vendor{}
		}
	}
	return r, err
}

// collector is the Writer that Read uses to keep the vendors.
type collector struct{ vendors []Vendor }

func (c *collector) Begin(*Report) error { return nil }
func (c *collector) WriteVendor(v *Vendor) error {
	c.vendors = append(c.vendors, *v)
	return nil
}
func (c *collector) End(*Report) error { return nil }

func isRecordType(t string) bool {
	return t == RecordHeader || t == RecordVendor || t == RecordTrailer
}

// readLine reads one line of any length, without its newline.
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadBytes('\n')
	return bytes.TrimRight(line, "\r\n"), err
}

// checkSchema refuses reports of another major schema version.
func checkSchema(s string) error {
	if s == "" || s == SchemaVersion {
		return nil
	}
	if strings.HasPrefix(s, "vigie.report/v1.") {
		return nil
	}
	return fmt.Errorf("unsupported report schema %q: this vigie reads %s", s, SchemaVersion)
}

func replayJSONL(ctx context.Context, first []byte, br *bufio.Reader, dst Writer) (*Report, error) {
	r := &Report{Schema: SchemaVersion}
	begun, ended := false, false
	begin := func() error {
		if begun {
			return nil
		}
		begun = true
		return dst.Begin(r)
	}
	line, lineNo := first, 1
	var readErr error
	for {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		last := errors.Is(readErr, io.EOF)
		if trimmed := bytes.TrimSpace(line); len(trimmed) > 0 {
			if ended {
				return r, fmt.Errorf("read report: line %d: data after the trailer line", lineNo)
			}
			var rec struct {
				Type string `json:"type"`
			}
			if err := json.Unmarshal(trimmed, &rec); err != nil {
				if last {
					// The run stopped in the middle of writing this line.
					break
				}
				return r, fmt.Errorf("read report: line %d: %w", lineNo, err)
			}
			switch rec.Type {
			case RecordHeader:
				if begun {
					return r, fmt.Errorf("read report: line %d: a second header line", lineNo)
				}
				var h jsonlHeader
				if err := json.Unmarshal(trimmed, &h); err != nil {
					return r, fmt.Errorf("read report: line %d: header: %w", lineNo, err)
				}
				if err := checkSchema(h.Schema); err != nil {
					return r, err
				}
				r.Schema, r.Tool, r.Manifest, r.RunID = SchemaVersion, h.Tool, h.Manifest, h.RunID
				r.GeneratedAt, r.StartedAt = h.GeneratedAt, h.StartedAt
				if err := begin(); err != nil {
					return r, err
				}
			case RecordVendor:
				var v jsonlVendor
				if err := json.Unmarshal(trimmed, &v); err != nil {
					return r, fmt.Errorf("read report: line %d: vendor: %w", lineNo, err)
				}
				if v.Vendor == nil {
					v.Vendor = &Vendor{}
				}
				if err := begin(); err != nil {
					return r, err
				}
				if err := dst.WriteVendor(v.Vendor); err != nil {
					return r, err
				}
			case RecordTrailer:
				var t jsonlTrailer
				if err := json.Unmarshal(trimmed, &t); err != nil {
					return r, fmt.Errorf("read report: line %d: trailer: %w", lineNo, err)
				}
				if err := begin(); err != nil {
					return r, err
				}
				r.FinishedAt, r.Partial, r.Summary = t.FinishedAt, t.Partial, t.Summary
				ended = true
			default:
				// A record type of a later v1 producer: skip it.
			}
		}
		if last {
			break
		}
		line, readErr = readLine(br)
		if readErr != nil && !errors.Is(readErr, io.EOF) {
			return r, fmt.Errorf("read report: %w", readErr)
		}
		lineNo++
	}
	if err := begin(); err != nil {
		return r, err
	}
	if !ended {
		r.Partial = true
		r.Summary = nil // the writers count what they got
		if err := dst.End(r); err != nil {
			return r, err
		}
		return r, ErrTruncated
	}
	return r, dst.End(r)
}

func replayJSON(ctx context.Context, src io.Reader, dst Writer) (*Report, error) {
	dec := json.NewDecoder(src)
	r := &Report{}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		if err == nil {
			err = fmt.Errorf("want a JSON object, got %v", tok)
		}
		return nil, fmt.Errorf("read report: not a vigie report (json or jsonl): %w", err)
	}
	begun, sawSchema := false, false
	truncated := func() (*Report, error) {
		if !begun {
			return r, fmt.Errorf("read report: %w", io.ErrUnexpectedEOF)
		}
		r.Partial = true
		r.Summary = nil
		if err := dst.End(r); err != nil {
			return r, err
		}
		return r, ErrTruncated
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			if isEOF(err) {
				return truncated()
			}
			return r, fmt.Errorf("read report: %w", err)
		}
		key, _ := tok.(string)
		if key != "vendors" {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				if isEOF(err) {
					return truncated()
				}
				return r, fmt.Errorf("read report: %s: %w", key, err)
			}
			obj, _ := json.Marshal(map[string]json.RawMessage{key: raw})
			if err := json.Unmarshal(obj, r); err != nil {
				return r, fmt.Errorf("read report: %s: %w", key, err)
			}
			if key == "schema" {
				sawSchema = true
				if err := checkSchema(r.Schema); err != nil {
					return r, err
				}
			}
			continue
		}
		if begun {
			return r, errors.New("read report: two vendors arrays")
		}
		if r.Schema == "" {
			r.Schema = SchemaVersion
		}
		begun = true
		if err := dst.Begin(r); err != nil {
			return r, err
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			if err != nil && isEOF(err) {
				return truncated()
			}
			if tok == nil && err == nil {
				continue // "vendors": null
			}
			return r, fmt.Errorf("read report: vendors: want an array (%v)", err)
		}
		for i := 0; dec.More(); i++ {
			if err := ctx.Err(); err != nil {
				return r, err
			}
			var v Vendor
			if err := dec.Decode(&v); err != nil {
				if isEOF(err) {
					return truncated()
				}
				return r, fmt.Errorf("read report: vendor %d: %w", i+1, err)
			}
			if err := dst.WriteVendor(&v); err != nil {
				return r, err
			}
		}
		if _, err := dec.Token(); err != nil {
			if isEOF(err) {
				return truncated()
			}
			return r, fmt.Errorf("read report: %w", err)
		}
	}
	if _, err := dec.Token(); err != nil {
		if isEOF(err) {
			return truncated()
		}
		return r, fmt.Errorf("read report: %w", err)
	}
	if err := checkSchema(r.Schema); err != nil {
		return r, err
	}
	if !sawSchema {
		return r, errors.New("read report: not a vigie report: no \"schema\" field")
	}
	if !begun {
		begun = true
		if err := dst.Begin(r); err != nil {
			return r, err
		}
	}
	return r, dst.End(r)
}

func isEOF(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}
