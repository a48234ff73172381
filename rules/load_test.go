package rules

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vigie-audit/vigie/analyzer"
)

// TestLoadInvalid loads each pack under testdata/invalid and checks the
// error names the file, the line and the problem given in its want.txt.
func TestLoadInvalid(t *testing.T) {
	dirs, err := filepath.Glob("testdata/invalid/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no invalid fixtures: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = Open(dir)
			if err == nil {
				t.Fatalf("Open(%s): no error, want %q", dir, want)
			}
			if !strings.Contains(err.Error(), strings.TrimSpace(string(want))) {
				t.Errorf("Open(%s) error:\n%v\nwant it to contain %q", dir, err, strings.TrimSpace(string(want)))
			}
		})
	}
}

func TestOpenValid(t *testing.T) {
	p, err := Open("testdata/valid/minimal")
	if err != nil {
		t.Fatal(err)
	}
	if p.Source() != "testdata/valid/minimal" || p.Version() != "1.0.0" {
		t.Errorf("source %q version %q", p.Source(), p.Version())
	}
	// Topics come out in the fixed order whatever the manifest's order.
	if ts := p.Topics(); len(ts) != 2 || ts[0].ID != "data" || ts[1].ID != "security" {
		t.Errorf("topics out of order: %v", ts)
	}
	checkExamples(t, p)
	if _, err := Open("testdata/nope"); err == nil {
		t.Error("Open of a missing folder: no error")
	}
	if p2, err := Open(""); err != nil || p2.Source() != BuiltinSource {
		t.Errorf("Open(\"\") = %v, %v; want the built-in pack", p2, err)
	}
}

func TestSHA256Stable(t *testing.T) {
	a, err := Open("testdata/valid/minimal")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(os.DirFS("testdata/valid/minimal"))
	if err != nil {
		t.Fatal(err)
	}
	if a.SHA256() != b.SHA256() {
		t.Error("same files, different hashes")
	}
	d, _ := Default()
	if d.SHA256() == a.SHA256() {
		t.Error("different packs, same hash")
	}
}

func doc(sections ...analyzer.Section) *analyzer.Document {
	d := &analyzer.Document{}
	var text strings.Builder
	for si := range sections {
		for gi := range sections[si].Segments {
			seg := &sections[si].Segments[gi]
			if text.Len() > 0 {
				text.WriteString("\n")
			}
			start := len([]rune(text.String()))
			text.WriteString(seg.Text)
			seg.Start = start
			seg.End = start + len([]rune(seg.Text))
		}
	}
	d.Text = text.String()
	d.Sections = sections
	return d
}

func section(path []string, paras ...string) analyzer.Section {
	s := analyzer.Section{Path: path}
	for _, p := range paras {
		s.Segments = append(s.Segments, analyzer.Segment{Kind: analyzer.KindParagraph, Text: p})
	}
	return s
}

func TestEvaluateMinimal(t *testing.T) {
	p, err := Open("testdata/valid/minimal")
	if err != nil {
		t.Fatal(err)
	}
	d := doc(
		section([]string{"Information we collect"}, "Some text here about it.", "We collect your name. We also keep personal data."),
		section([]string{"Other"}, "Your social security number is never asked for. We value security."),
	)
	a, err := p.Evaluate(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	data, sec := a.Topic("data"), a.Topic("security")
	if !data.Covered || data.Level != LevelCovered {
		t.Fatalf("data = %+v, want covered", data)
	}
	// Best first: the collect rule (0.8), then the heading cue (0.6).
	if len(data.Evidence) == 0 || data.Evidence[0].Rule != "data.collect" {
		t.Fatalf("data evidence = %+v", data.Evidence)
	}
	ev := data.Evidence[0]
	if got := string([]rune(d.Text)[ev.Start:ev.End]); got != ev.Text || ev.Text != "We collect your name." {
		t.Errorf("evidence offsets [%d:%d] give %q, text %q", ev.Start, ev.End, got, ev.Text)
	}
	if ev.Section != "Information we collect" {
		t.Errorf("evidence section = %q", ev.Section)
	}
	wantStrength := round3(combine([]float64{0.8, 0.6, 0.3}))
	if data.Strength != wantStrength {
		t.Errorf("data strength = %v, want %v", data.Strength, wantStrength)
	}
	// "social security" is a near-miss; "security" alone needs encryption
	// elsewhere, so it is weakened to the weak threshold.
	if sec.Covered || sec.Level != LevelWeak || sec.Strength != 0.2 {
		t.Errorf("security = %+v, want weak at 0.2", sec)
	}
	if len(sec.Evidence) != 1 || sec.Evidence[0].Text != "We value security." {
		t.Errorf("security evidence = %+v", sec.Evidence)
	}
	// As a passage, needs do not apply.
	a2, err := p.EvaluateWith(context.Background(), d, Options{Passage: true})
	if err != nil {
		t.Fatal(err)
	}
	if s := a2.Topic("security").Strength; s != 0.4 {
		t.Errorf("passage security strength = %v, want 0.4", s)
	}
	// Score: weights data 3, security 1.
	want := int(0.5 + 100*(3*data.Strength+1*0.2)/4)
	if a.Score != want {
		t.Errorf("score = %d, want %d", a.Score, want)
	}
}

func TestEvaluateLongSentenceQuote(t *testing.T) {
	p, err := Open("testdata/valid/minimal")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("lorem ipsum dolor ", 60) + "all files are encrypted at rest " + strings.Repeat("sit amet ", 60)
	d := doc(section(nil, "Préambule é.", long))
	a, err := p.Evaluate(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	ev := a.Topic("security").Evidence
	if len(ev) != 1 {
		t.Fatalf("evidence = %+v", ev)
	}
	if len(ev[0].Text) > maxQuote+10 || !strings.Contains(ev[0].Text, "encrypted") || !strings.HasPrefix(ev[0].Text, "…") {
		t.Errorf("quote = %q", ev[0].Text)
	}
	inner := strings.Trim(ev[0].Text, "…")
	if got := string([]rune(d.Text)[ev[0].Start:ev[0].End]); strings.TrimSpace(got) != inner {
		t.Errorf("offsets give %q, want %q", got, inner)
	}
}

func TestEvaluateContext(t *testing.T) {
	p, _ := Default()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Evaluate(ctx, doc(section(nil, "We collect your email address."))); err == nil {
		t.Error("no error from a cancelled context")
	}
	if _, err := p.Evaluate(context.Background(), nil); err == nil {
		t.Error("no error for a nil document")
	}
}

func TestTableCellLabelIsAHeading(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	d := doc(analyzer.Section{Segments: []analyzer.Segment{{Kind: analyzer.KindTableCell, Label: "Cookies / Durée", Text: "13 mois au maximum."}}})
	d.Language = "fr"
	a, err := p.Evaluate(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	c := a.Topic("cookies")
	if !c.Covered || len(c.Evidence) != 1 || c.Evidence[0].Rule != "cookies.heading" || c.Evidence[0].Text != "13 mois au maximum." {
		t.Errorf("cookies = %+v", c)
	}
}

// A cell whose only content refers the reader elsewhere (a layered
// notice's "Destinatarios | Consulte la información adicional") gets no
// cue from its label, as a section whose opening is a near miss gets none
// from its heading; a cell that states something keeps it. The engine and
// the reference agree on each.
func TestTableCellLabelNotOverNearMiss(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Consulte la información adicional.", false},
		{"Proveedores de alojamiento en la UE y la empresa de mensajería.", true},
	} {
		d := doc(analyzer.Section{Segments: []analyzer.Segment{{Kind: analyzer.KindTableCell, Label: "Destinatarios", Text: tc.text}}})
		d.Language = "es"
		a, err := p.Evaluate(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Topic("sharing").Covered; got != tc.want {
			t.Errorf("%q: sharing covered = %v, want %v (evidence %+v)", tc.text, got, tc.want, a.Topic("sharing").Evidence)
		}
		compareWithReference(t, p, d, "es")
	}
}

// TestListsTopicUnlessAliases loads a pack that uses named lists (the
// pack's and the topic's, one using another), a topic-level unless with a
// rule that opts out of it, and YAML anchors and aliases across rules.
func TestListsTopicUnlessAliases(t *testing.T) {
	p, err := Open("testdata/valid/lists")
	if err != nil {
		t.Fatal(err)
	}
	n := checkExamples(t, p)
	if n != 7 {
		t.Errorf("%d examples, want 7", n)
	}
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"We disclose data to advertisers.", []string{"sharing.recipients"}},
		{"We make available your data to third parties.", []string{"sharing.recipients"}},
		// the topic's unless vetoes sharing.recipients, not sharing.opt_out
		{"You may opt out: we share data with partners.", []string{"sharing.opt_out"}},
		{"Users may share posts with advertisers.", nil},
	} {
		fired, err := p.firedRules(context.Background(), p.topics[0], "en", tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(fired, tt.want) {
			t.Errorf("%q fired %v, want %v", tt.text, fired, tt.want)
		}
	}
}
