package reports

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// TestStreamingFormatsWriteEachVendorAtOnce: a streaming format has written
// a vendor before the next one arrives; a ranked format writes only at End.
func TestStreamingFormatsWriteEachVendorAtOnce(t *testing.T) {
	r := testReport()
	for _, f := range Formats() {
		t.Run(f.Name, func(t *testing.T) {
			var buf bytes.Buffer
			w, err := NewWriter(f.Name, &buf, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Begin(r); err != nil {
				t.Fatal(err)
			}
			for i := range r.Vendors {
				v := &r.Vendors[i]
				before := buf.Len()
				if err := w.WriteVendor(v); err != nil {
					t.Fatal(err)
				}
				wrote := buf.Len() > before
				want := f.Streams && (f.Name != "sarif" || len(sarifResults(v)) > 0)
				if wrote != want {
					t.Errorf("vendor %s: wrote at once %v, want %v", v.Input, wrote, want)
				}
			}
			if !f.Streams && buf.Len() > 0 {
				t.Errorf("a ranked format wrote %d bytes before End", buf.Len())
			}
			if err := w.End(r); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestJSONLLineAtATime: every Write call of the jsonl writer is whole lines,
// so a file cut by a crash ends on a complete vendor.
func TestJSONLLineAtATime(t *testing.T) {
	rec := &recordingWriter{}
	if err := Write(rec, testReport(), "jsonl"); err != nil {
		t.Fatal(err)
	}
	if len(rec.writes) != len(testReport().Vendors)+2 {
		t.Errorf("%d writes, want one per line (%d)", len(rec.writes), len(testReport().Vendors)+2)
	}
	for _, w := range rec.writes {
		if strings.Count(w, "\n") != 1 || !strings.HasSuffix(w, "\n") {
			t.Errorf("a write is not exactly one line: %q", w[:min(len(w), 60)])
		}
	}
}

type recordingWriter struct{ writes []string }

func (r *recordingWriter) Write(p []byte) (int, error) {
	r.writes = append(r.writes, string(p))
	return len(p), nil
}

type failingWriter struct{ after int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.after <= 0 {
		return 0, errors.New("disk full")
	}
	f.after--
	return len(p), nil
}

func TestWriterErrors(t *testing.T) {
	r := testReport()
	for _, f := range Formats() {
		t.Run(f.Name, func(t *testing.T) {
			w, _ := NewWriter(f.Name, io.Discard, Options{})
			if err := w.WriteVendor(&r.Vendors[0]); err == nil {
				t.Error("WriteVendor before Begin succeeded")
			}
			w, _ = NewWriter(f.Name, io.Discard, Options{})
			if err := Render(w, r); err != nil {
				t.Fatal(err)
			}
			if err := w.End(r); err == nil {
				t.Error("a second End succeeded")
			}
			// A failing destination: the error comes back, and stays.
			after := 0
			if f.Streams {
				after = 2 // fail in the middle of the vendors
			}
			w, _ = NewWriter(f.Name, &failingWriter{after: after}, Options{})
			err := Render(w, r)
			if err == nil || !strings.Contains(err.Error(), "disk full") {
				t.Fatalf("render to a failing writer: %v", err)
			}
			if err2 := w.End(r); err2 == nil {
				t.Error("the error did not stick")
			}
		})
	}
}

func TestMultiWriterAndChecker(t *testing.T) {
	var buf bytes.Buffer
	c := NewChecker(Thresholds{FailUnder: 60})
	if err := Render(MultiWriter(newJSONLWriter(&buf), c), testReport()); err != nil {
		t.Fatal(err)
	}
	if err := ValidateJSONL(&buf); err != nil {
		t.Error(err)
	}
	var te *ThresholdError
	if !errors.As(c.Err(), &te) || len(te.Shortfalls) != 5 || te.Vendors != 7 {
		t.Errorf("checker: %v", c.Err())
	}
}

func TestReplayTruncated(t *testing.T) {
	jsonl := render(t, testReport(), "jsonl", Options{})
	lines := strings.SplitAfter(string(jsonl), "\n")
	// The trailer and half the last vendor line are lost.
	cut := strings.Join(lines[:len(lines)-3], "") + lines[len(lines)-3][:40]
	r, err := Read(context.Background(), strings.NewReader(cut))
	if !errors.Is(err, ErrTruncated) {
		t.Fatalf("err = %v, want ErrTruncated", err)
	}
	if !r.Partial || len(r.Vendors) != 6 {
		t.Errorf("partial %v, %d vendors; want partial and the 6 complete vendors", r.Partial, len(r.Vendors))
	}
	// The re-rendered report is valid and says partial.
	var out bytes.Buffer
	if _, err := Replay(context.Background(), strings.NewReader(cut), newJSONWriter(&out)); !errors.Is(err, ErrTruncated) {
		t.Fatal(err)
	}
	if err := ValidateJSON(out.Bytes()); err != nil {
		t.Error(err)
	}
	if !strings.Contains(out.String(), `"partial": true`) {
		t.Error("re-rendered report not marked partial")
	}

	// A JSON report cut inside its vendors.
	js := string(render(t, testReport(), "json", Options{}))
	cutJSON := js[:strings.Index(js, `"name": "Balance Connectée"`)]
	r, err = Read(context.Background(), strings.NewReader(cutJSON))
	if !errors.Is(err, ErrTruncated) || !r.Partial || len(r.Vendors) != 5 {
		t.Errorf("cut json: err %v, partial %v, %d vendors; want ErrTruncated, partial, 5", err, r.Partial, len(r.Vendors))
	}
}

func TestReplayRejects(t *testing.T) {
	jsonl := string(render(t, testReport(), "jsonl", Options{}))
	lines := strings.SplitAfter(jsonl, "\n")
	corrupt := strings.Join(lines[:2], "") + "{not json\n" + strings.Join(lines[2:], "")
	for name, in := range map[string]string{
		"empty":          "",
		"not json":       "hello\n",
		"other json":     `{"hello": "world"}`,
		"an array":       `[1, 2]`,
		"other schema":   strings.Replace(jsonl, `"schema":"vigie.report/v1"`, `"schema":"vigie.report/v2"`, 1),
		"other schema 2": `{"schema": "vigie.report/v2", "vendors": []}`,
		"corrupt line":   corrupt,
		"after trailer":  jsonl + lines[1],
		"two headers":    lines[0] + jsonl,
	} {
		if _, err := Read(context.Background(), strings.NewReader(in)); err == nil || errors.Is(err, ErrTruncated) {
			t.Errorf("%s: err = %v, want a clear error", name, err)
		} else if name == "corrupt line" && !strings.Contains(err.Error(), "line 3") {
			t.Errorf("%s: %v does not name the line", name, err)
		}
	}
}

func TestReplayOrder(t *testing.T) {
	for _, from := range []string{"json", "jsonl"} {
		rec := &callRecorder{}
		if _, err := Replay(context.Background(), bytes.NewReader(render(t, testReport(), from, Options{})), rec); err != nil {
			t.Fatal(err)
		}
		want := "begin " + strings.Repeat("vendor ", 7) + "end"
		if got := strings.Join(rec.calls, " "); got != want {
			t.Errorf("%s: calls %q, want %q", from, got, want)
		}
		if rec.begin.Tool.RulesVersion != "2026.03.0" || rec.begin.StartedAt.IsZero() {
			t.Errorf("%s: Begin did not get the run's metadata: %+v", from, rec.begin.Tool)
		}
		if rec.end.FinishedAt.IsZero() || rec.end.Summary == nil {
			t.Errorf("%s: End did not get the finish time and summary", from)
		}
	}
}

type callRecorder struct {
	calls      []string
	begin, end Report
}

func (c *callRecorder) Begin(r *Report) error {
	c.calls, c.begin = append(c.calls, "begin"), *r
	return nil
}
func (c *callRecorder) WriteVendor(*Vendor) error { c.calls = append(c.calls, "vendor"); return nil }
func (c *callRecorder) End(r *Report) error {
	c.calls, c.end = append(c.calls, "end"), *r
	return nil
}

// bigJSONL writes a jsonl run of n vendors (copies of the fixture's).
func bigJSONL(tb testing.TB, n int) []byte {
	r := testReport()
	var buf bytes.Buffer
	w := newJSONLWriter(&buf)
	if err := w.Begin(r); err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		v := r.Vendors[i%len(r.Vendors)]
		v.Input = fmt.Sprintf("%s/%d", v.Input, i)
		if err := w.WriteVendor(&v); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.End(r); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// heapSampler samples the live heap (after a GC) every 500 vendors passed
// to its Writer and every MiB written to its destination, so the peak covers
// the vendors a writer holds and the output it builds at End.
type heapSampler struct {
	Writer
	n, written int
	peak       uint64
}

func (h *heapSampler) sample() {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	h.peak = max(h.peak, m.HeapAlloc)
}

func (h *heapSampler) WriteVendor(v *Vendor) error {
	if h.n++; h.n%500 == 0 {
		h.sample()
	}
	return h.Writer.WriteVendor(v)
}

// Write is the destination side: it discards the output.
func (h *heapSampler) Write(p []byte) (int, error) {
	if h.written/(1<<20) != (h.written+len(p))/(1<<20) {
		h.sample()
	}
	h.written += len(p)
	return len(p), nil
}

// BenchmarkReplay10000 re-renders a 10,000-vendor jsonl run into each
// format and reports the peak live heap above the input's: streaming
// formats stay flat; ranked formats hold the vendors, never the output.
//
//	go test ./reports -run '^$' -bench Replay10000 -benchtime 1x
func BenchmarkReplay10000(b *testing.B) {
	data := bigJSONL(b, 10000)
	b.Logf("input: %.1f MB of jsonl", float64(len(data))/1e6)
	for _, format := range []string{"jsonl", "json", "csv", "sarif", "table", "md", "html"} {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				s := &heapSampler{}
				s.Writer, _ = NewWriter(format, s, Options{})
				runtime.GC()
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				before := m.HeapAlloc
				if _, err := Replay(context.Background(), bytes.NewReader(data), s); err != nil {
					b.Fatal(err)
				}
				s.sample()
				b.ReportMetric(float64(s.peak-min(s.peak, before))/1e6, "peak-live-MB")
				b.ReportMetric(float64(s.written)/1e6, "output-MB")
			}
		})
	}
}

// BenchmarkWriteVendor is the cost of one vendor in each streaming format.
func BenchmarkWriteVendor(b *testing.B) {
	r := testReport()
	for _, format := range []string{"json", "jsonl", "csv", "sarif"} {
		b.Run(format, func(b *testing.B) {
			w, _ := NewWriter(format, io.Discard, Options{})
			_ = w.Begin(r)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				_ = w.WriteVendor(&r.Vendors[i%len(r.Vendors)])
				i++
			}
		})
	}
}
