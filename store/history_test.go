package store

import (
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestVendorKey(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"withings.com", "withings.com"},
		{"https://www.withings.com/", "withings.com"},
		{"HTTP://WWW.Withings.COM:443", "withings.com"},
		{"http://withings.com:8080/", "withings.com:8080"},
		{"https://www.example.com/fr/?utm=x#top", "example.com/fr"},
		{"https://shop.example.com/FR//", "shop.example.com/fr"},
		{"  example.org  ", "example.org"},
		{"https://bücher.example/", "xn--bcher-kva.example"},
		{"https://user:pw@www.example.com/a", "example.com/a"},
		{"./drafts/policy.html", "file:drafts/policy.html"},
		{"file:///tmp/p.html", "file:/tmp/p.html"},
		{"", ""},
	} {
		if got := VendorKey(tt.in); got != tt.want {
			t.Errorf("VendorKey(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// Three runs of one vendor: the first two see the same text (the HTML
// differs only by a nonce), the third a rewritten policy.
const (
	policyV1 = `Privacy policy
We collect your weight and your heart rate. We use them to show you your trends.
We share your data with our cloud host only. You may ask us for a copy of your data at any time.
Contact us at privacy@scale.example.`
	policyV3 = `Privacy policy
We collect your weight and your heart rate. We use them to show you your trends.
We share your data with our cloud host and with advertising partners, with your consent. You may ask us for a copy of your data at any time.
Our service is not meant for children under 15. We do not knowingly collect their data.
Contact us at privacy@scale.example.`
)

func seedHistory(t *testing.T, s *Store) (runs []string) {
	t.Helper()
	ctx := context.Background()
	for i, p := range []struct {
		text, nonce string
		topics      []string
	}{
		{policyV1, "a1", []string{"data", "purposes", "sharing", "rights"}},
		{policyV1, "b2", []string{"data", "purposes", "sharing", "rights"}},
		{policyV3, "c3", []string{"data", "purposes", "children", "rights"}},
	} {
		spec := makeSpec(2)
		spec.Inputs[0].Input = []string{"https://www.scale.example/", "scale.example", "http://scale.example/"}[i]
		spec.Inputs[0].Name = "Scale Co"
		id, err := s.CreateRun(ctx, spec)
		if err != nil {
			t.Fatal(err)
		}
		v, docs := makeVendor(spec.Inputs[0], p.text, p.topics...)
		docs[1].Body = append(docs[1].Body, []byte("<!-- nonce "+p.nonce+" -->")...)
		v.Policy.SHA256 = sha256Hex(docs[1].Body)
		if i == 2 {
			ch, err := s.ChangedSince(ctx, id, v, p.text)
			if err != nil || ch == nil || ch.PreviousRunID != runs[1] ||
				!reflect.DeepEqual(ch.TopicsGained, []string{"children"}) || !reflect.DeepEqual(ch.TopicsLost, []string{"sharing"}) {
				t.Errorf("ChangedSince(run 3) = %+v, %v", ch, err)
			}
			v.ChangedSince = ch
		} else {
			ch, err := s.ChangedSince(ctx, id, v, p.text)
			if err != nil || ch != nil {
				t.Errorf("ChangedSince(run %d) = %+v, %v; want nil (first audit, or same text)", i+1, ch, err)
			}
		}
		if err := s.SaveVendor(ctx, id, 0, v, docs); err != nil {
			t.Fatal(err)
		}
		runs = append(runs, id)
	}
	return runs
}

func TestHistory(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := openTest(t, "", Options{Now: c.Now})
	runs := seedHistory(t, s)

	for _, q := range []string{"scale.example", "https://www.scale.example", "SCALE", "scale co"} {
		h, err := s.History(ctx, q)
		if err != nil {
			t.Fatalf("History(%q): %v", q, err)
		}
		if len(h) != 2 {
			t.Fatalf("History(%q) = %d versions; want 2: %+v", q, len(h), h)
		}
		if h[0].RunID != runs[0] || h[0].LastRunID != runs[1] || h[0].Runs != 2 || h[1].RunID != runs[2] || h[1].Runs != 1 {
			t.Errorf("History(%q) runs = %+v", q, h)
		}
		if !reflect.DeepEqual(h[1].Topics, []string{"children", "data", "purposes", "rights"}) || h[1].URL == "" || len(h[1].SHA256) != 64 {
			t.Errorf("History(%q)[1] = %+v", q, h[1])
		}
	}
	if _, err := s.History(ctx, "nobody.example"); !errors.Is(err, ErrNotFound) {
		t.Errorf("History(unknown) = %v", err)
	}
	if _, err := s.History(ctx, "example"); !errors.Is(err, ErrAmbiguous) {
		t.Errorf("History(ambiguous) = %v", err)
	}
	prev, err := s.PreviousPolicy(ctx, "scale.example", runs[2])
	if err != nil || prev.RunID != runs[1] {
		t.Errorf("PreviousPolicy(before run 3) = %+v, %v", prev, err)
	}
	if _, err := s.PreviousPolicy(ctx, "scale.example", runs[0]); !errors.Is(err, ErrNotFound) {
		t.Errorf("PreviousPolicy(before run 1) = %v", err)
	}
}

func TestDiff(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := openTest(t, "", Options{Now: c.Now})
	runs := seedHistory(t, s)

	d, err := s.Diff(ctx, "scale.example", DiffOptions{Context: 1})
	if err != nil {
		t.Fatal(err)
	}
	if d.From.RunID != runs[1] || d.To.RunID != runs[2] || d.Identical {
		t.Errorf("default diff compares %s → %s; want the last two distinct versions %s → %s", d.From.RunID, d.To.RunID, runs[1], runs[2])
	}
	if d.Removed != 1 || d.Added != 3 {
		t.Errorf("removed %d, added %d; want 1, 3", d.Removed, d.Added)
	}
	if !reflect.DeepEqual(d.TopicsGained, []string{"children"}) || !reflect.DeepEqual(d.TopicsLost, []string{"sharing"}) {
		t.Errorf("gained %v lost %v", d.TopicsGained, d.TopicsLost)
	}
	var b strings.Builder
	if err := d.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"--- scale.example  2026-11-29  run " + runs[1],
		"+++ scale.example",
		"1 sentence removed, 3 added",
		"@@ -3,4 +3,6 @@",
		"  We use them to show you your trends.",
		"- We share your data with our cloud host only.",
		"+ We share your data with our cloud host and with advertising partners, with your consent.",
		"+ Our service is not meant for children under 15.",
		"  Contact us at privacy@scale.example.",
		"topics gained: children",
		"topics lost:   sharing",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diff text lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Privacy policy\n") {
		t.Errorf("context 1 shows too much:\n%s", out)
	}

	// Runs 1 and 2 have the same text though their bodies differ.
	d, err = s.Diff(ctx, "scale.example", DiffOptions{From: runs[0], To: runs[1][:17]})
	if err != nil || !d.Identical || len(d.Hunks) != 0 || d.From.SHA256 == d.To.SHA256 {
		t.Errorf("diff run 1 → 2 = %+v, %v; want identical texts with different bodies", d, err)
	}
	// --from alone compares with the latest.
	d, err = s.Diff(ctx, "scale.example", DiffOptions{From: runs[0]})
	if err != nil || d.To.RunID != runs[2] || d.Identical {
		t.Errorf("diff --from run 1 = %+v, %v", d, err)
	}
	// --to alone compares with the version before.
	d, err = s.Diff(ctx, "scale.example", DiffOptions{To: runs[2]})
	if err != nil || d.From.RunID != runs[1] {
		t.Errorf("diff --to run 3 = %+v, %v", d, err)
	}
	// A run without this vendor's policy.
	other, _ := s.CreateRun(ctx, makeSpec(1))
	if _, err := s.Diff(ctx, "scale.example", DiffOptions{From: other}); !errors.Is(err, ErrNotFound) {
		t.Errorf("diff --from a run without the vendor = %v", err)
	}
}

func TestSplitSentences(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"One. Two! Three? Four…", []string{"One.", "Two!", "Three?", "Four…"}},
		{"We use data, e.g. your weight. Then more.", []string{"We use data, e.g. your weight.", "Then more."}},
		{"Version 2.1 applies. See art. 15 GDPR. Done.", []string{"Version 2.1 applies.", "See art. 15 GDPR.", "Done."}},
		{"Contact J. Smith at the office. Thanks.", []string{"Contact J. Smith at the office.", "Thanks."}},
		{"He said \"stop.\" Then left.", []string{"He said \"stop.\"", "Then left."}},
		{"lower. case follows. Upper follows.", []string{"lower. case follows.", "Upper follows."}},
		{"Heading\n\n  Para   one.  Para two.\n", []string{"Heading", "Para one.", "Para two."}},
		{"我们收集数据。我们保护数据。", []string{"我们收集数据。", "我们保护数据。"}},
		{"Nous collectons vos données (p. ex. le poids). Voilà.", []string{"Nous collectons vos données (p. ex. le poids).", "Voilà."}},
	} {
		if got := splitSentences(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitSentences(%q) =\n %q\nwant\n %q", tt.in, got, tt.want)
		}
	}
}

// lcs is the textbook dynamic programme, the reference for diffSentences.
func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

func TestDiffSentencesIsMinimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"a", "b", "c", "d", "e"}
	for iter := 0; iter < 2000; iter++ {
		a := make([]string, rng.IntN(12))
		b := make([]string, rng.IntN(12))
		for i := range a {
			a[i] = words[rng.IntN(len(words))]
		}
		for i := range b {
			b[i] = words[rng.IntN(len(words))]
		}
		edits := diffSentences(a, b)
		var ga, gb []string
		eq := 0
		for _, e := range edits {
			if e.Op != OpInsert {
				ga = append(ga, e.Text)
			}
			if e.Op != OpDelete {
				gb = append(gb, e.Text)
			}
			if e.Op == OpEqual {
				eq++
			}
		}
		if !reflect.DeepEqual(ga, nilIfEmpty(a)) || !reflect.DeepEqual(gb, nilIfEmpty(b)) {
			t.Fatalf("diff(%v, %v) = %v does not rebuild its inputs", a, b, edits)
		}
		if want := lcs(a, b); eq != want {
			t.Fatalf("diff(%v, %v) keeps %d sentences; the LCS has %d", a, b, eq, want)
		}
	}
	// Past the edit limit, the diff degrades to remove-all/add-all.
	a := []string{"x", "y", "z"}
	b := []string{"p", "q"}
	if got := myers(a, b, 2); len(got) != 5 || got[0].Op != OpDelete || got[4].Op != OpInsert {
		t.Errorf("myers over the limit = %v", got)
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestHunks(t *testing.T) {
	var edits []DiffLine
	for i := 0; i < 20; i++ {
		edits = append(edits, DiffLine{OpEqual, "s"})
	}
	edits[3] = DiffLine{OpDelete, "old"}
	edits = append(edits[:4], append([]DiffLine{{OpInsert, "new"}}, edits[4:]...)...)
	edits = append(edits, DiffLine{OpInsert, "tail"})
	hs := hunks(edits, 2)
	if len(hs) != 2 {
		t.Fatalf("hunks = %+v; want 2", hs)
	}
	if h := hs[0]; h.FromStart != 2 || h.FromCount != 5 || h.ToStart != 2 || h.ToCount != 5 || len(h.Lines) != 6 {
		t.Errorf("first hunk = %+v", h)
	}
	if h := hs[1]; h.FromStart != 19 || h.FromCount != 2 || h.ToStart != 19 || h.ToCount != 3 {
		t.Errorf("second hunk = %+v", h)
	}
	if got := hunks(edits[:2], 2); len(got) != 0 {
		t.Errorf("no change gives hunks %+v", got)
	}
}
