package reports

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenFiles maps each format to its golden file.
var goldenFiles = map[string]string{
	"json":     "report.json",
	"jsonl":    "report.jsonl",
	"csv":      "report.csv",
	"csv-long": "report-long.csv",
	"md":       "report.md",
	"html":     "report.html",
	"sarif":    "report.sarif",
	"table":    "report.txt",
}

func render(t *testing.T, r *Report, format string, o Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteWith(&buf, r, format, o); err != nil {
		t.Fatalf("write %s: %v", format, err)
	}
	return buf.Bytes()
}

// checkGolden compares got with testdata/golden/name, or rewrites it with
// -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./reports -update after checking the change):\n%s", name, firstDiff(string(want), string(got)))
	}
}

// firstDiff shows the first differing line.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(same lines, different bytes)"
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestGolden(t *testing.T) {
	for _, f := range Formats() {
		t.Run(f.Name, func(t *testing.T) {
			name, ok := goldenFiles[f.Name]
			if !ok {
				t.Fatalf("format %s has no golden file", f.Name)
			}
			got := render(t, testReport(), f.Name, Options{})
			checkGolden(t, name, got)
			// Rendering is deterministic.
			if again := render(t, testReport(), f.Name, Options{}); !bytes.Equal(got, again) {
				t.Errorf("two renderings differ")
			}
		})
	}
}

func TestGoldenTableNarrow(t *testing.T) {
	checkGolden(t, "report-80.txt", render(t, testReport(), "table", Options{Width: 80}))
}

// TestJSONValidatesAgainstSchema validates every JSON output the tests
// produce: the json and jsonl formats, of the full fixture, an empty run, and
// a partial one.
func TestJSONValidatesAgainstSchema(t *testing.T) {
	empty := NewReport(Tool{Name: "vigie", Version: "dev", RulesVersion: "1"})
	empty.Manifest.Command = "analyze"
	partial := testReport()
	partial.Vendors = partial.Vendors[:2]
	partial.Partial = true
	for name, r := range map[string]*Report{"fixture": testReport(), "empty": empty, "partial": partial} {
		t.Run(name, func(t *testing.T) {
			if err := ValidateJSON(render(t, r, "json", Options{})); err != nil {
				t.Errorf("json: %v", err)
			}
			if err := ValidateJSONL(bytes.NewReader(render(t, r, "jsonl", Options{}))); err != nil {
				t.Errorf("jsonl: %v", err)
			}
		})
	}
}

func TestSchemaRejectsBadReports(t *testing.T) {
	good := string(render(t, testReport(), "json", Options{}))
	for name, bad := range map[string]string{
		"wrong schema":   strings.Replace(good, `"schema": "vigie.report/v1"`, `"schema": "vigie.report/v2"`, 1),
		"unknown status": strings.Replace(good, `"status": "not_found"`, `"status": "lost"`, 1),
		"unknown level":  strings.Replace(good, `"level": "weak"`, `"level": "meh"`, 1),
		"score too high": strings.Replace(good, `"score": 100,`, `"score": 101,`, 1),
		"no vendors":     strings.Replace(good, `"vendors": [`, `"vendorz": [`, 1),
		"bad time":       strings.Replace(good, `"generated_at": "2026-03-02T09:00:00Z"`, `"generated_at": "yesterday"`, 1),
	} {
		if bad == good {
			t.Fatalf("%s: the replacement did not apply", name)
		}
		if err := ValidateJSON([]byte(bad)); err == nil {
			t.Errorf("%s: validated", name)
		}
	}
}

// TestReadRoundTrip reads the json and jsonl outputs back and renders them
// again: the same bytes come out, so `vigie report --from` re-renders a run
// exactly.
func TestReadRoundTrip(t *testing.T) {
	for _, from := range []string{"json", "jsonl"} {
		saved := render(t, testReport(), from, Options{})
		for _, f := range Formats() {
			r, err := Read(context.Background(), bytes.NewReader(saved))
			if err != nil {
				t.Fatalf("read %s: %v", from, err)
			}
			want := render(t, testReport(), f.Name, Options{})
			if got := render(t, r, f.Name, Options{}); !bytes.Equal(got, want) {
				t.Errorf("%s → %s: re-rendered output differs:\n%s", from, f.Name, firstDiff(string(want), string(got)))
			}
		}
	}
}

// A single document (a vendor checking a draft) gets, under the table,
// what each missing or weak topic needs, wrapped to the terminal.
func TestTableWhatToAdd(t *testing.T) {
	r := testReport()
	var one *Vendor
	for i := range r.Vendors {
		if v := &r.Vendors[i]; v.Analysed() && len(v.MissingTopics())+len(v.WeakTopics()) > 0 {
			one = v
			break
		}
	}
	if one == nil {
		t.Fatal("the test report has no vendor missing a topic")
	}
	single := *r
	single.Vendors = []Vendor{*one}
	out := string(render(t, &single, "table", Options{Width: 80}))
	_, add, ok := strings.Cut(out, "\nwhat to add:\n")
	if !ok {
		t.Fatalf("no what-to-add part:\n%s", out)
	}
	for _, id := range append(one.MissingTopics(), one.WeakTopics()...) {
		if !strings.Contains(add, "  "+id+" ") {
			t.Errorf("what to add lacks %s:\n%s", id, add)
		}
	}
	for _, l := range strings.Split(strings.TrimRight(add, "\n"), "\n") {
		if width(l) > 80 {
			t.Errorf("line wider than 80 columns: %q", l)
		}
	}
	// Many vendors: a regulator's batch table stays a table.
	if many := string(render(t, r, "table", Options{Width: 80})); strings.Contains(many, "what to add") {
		t.Error("what to add under a table of many vendors")
	}
}

// A document that could not be read gets no "what to add": it needs
// mending, not seven new sections.
func TestNoWhatToAddForUnreadableDocument(t *testing.T) {
	r := testReport()
	var one Vendor
	for _, v := range r.Vendors {
		if v.Analysed() && len(v.MissingTopics()) > 0 && v.Policy != nil {
			one = v
			break
		}
	}
	p := *one.Policy
	p.Error = "malformed document: docx: not a readable zip archive"
	one.Policy = &p
	single := *r
	single.Vendors = []Vendor{one}
	for _, f := range []string{"table", "md", "html"} {
		out := string(render(t, &single, f, Options{Width: 100}))
		if strings.Contains(strings.ToLower(out), "what to add") {
			t.Errorf("%s: what to add for an unreadable document", f)
		}
	}
}
