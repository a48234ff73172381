package rules

import (
	"context"
	"testing"
)

func TestDefaultLoads(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tp := range p.Topics() {
		ids = append(ids, tp.ID)
	}
	if len(ids) != len(TopicIDs) {
		t.Fatalf("topics = %v, want %v", ids, TopicIDs)
	}
	for i := range ids {
		if ids[i] != TopicIDs[i] {
			t.Fatalf("topics = %v, want %v", ids, TopicIDs)
		}
	}
	if p.Version() == "" || len(p.SHA256()) != 64 || p.Source() != BuiltinSource {
		t.Errorf("version %q sha %q source %q", p.Version(), p.SHA256(), p.Source())
	}
	// Every topic covers the seven languages.
	for _, tp := range p.Topics() {
		langs := map[string]bool{}
		for _, r := range tp.Rules {
			for _, l := range r.Languages {
				langs[l] = true
			}
		}
		for _, l := range TopicLanguages {
			if !langs[l] {
				t.Errorf("topic %s has no rule in %s", tp.ID, l)
			}
		}
	}
}

// TestDefaultExamples runs every match and no_match example of the
// embedded pack.
func TestDefaultExamples(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	n := checkExamples(t, p)
	if n < 500 {
		t.Errorf("only %d examples", n)
	}
}

// checkExamples runs p's examples, fails t on each that does not hold,
// and returns how many there are.
func checkExamples(t *testing.T, p *Pack) int {
	t.Helper()
	res, err := p.CheckExamples(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if !r.OK {
			t.Error(r)
		}
	}
	return len(res)
}
