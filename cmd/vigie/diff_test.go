package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/vigie-audit/vigie/store"
)

func TestDiffCommand(t *testing.T) {
	path, ids := seedStore(t)
	out, errOut, code := runStoreCmd(t, "diff", "scale.example", "--db", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"--- scale.example  2026-11-07  run " + ids[1],
		"+++ scale.example  2026-11-11  run " + ids[2],
		"1 sentence removed, 2 added",
		"  We collect your weight.",
		"- We share it with nobody.",
		"+ We share it with our advertising partners.",
		"+ Children under 15 may not register.",
		"topics gained: children, sharing",
		"topics lost:   none",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
	out, _, code = runStoreCmd(t, "diff", "scale.example", "--db", path, "--from", ids[0], "--to", ids[1][:16], "--format", "json")
	var d store.PolicyDiff
	if code != 0 || json.Unmarshal([]byte(out), &d) != nil || !d.Identical || d.From.RunID != ids[0] || d.To.RunID != ids[1] {
		t.Errorf("json diff of identical versions (exit %d): %s", code, out)
	}
	out, _, code = runStoreCmd(t, "diff", "scale.example", "--db", path, "--from", ids[0], "--to", ids[1])
	if code != 0 || !strings.Contains(out, "the policy text did not change") {
		t.Errorf("identical text (exit %d): %s", code, out)
	}
	out, _, code = runStoreCmd(t, "diff", "scale.example", "--db", path, "-U", "0")
	if code != 0 || strings.Contains(out, "  We collect your weight.") {
		t.Errorf("--context 0 shows context (exit %d): %s", code, out)
	}
}
