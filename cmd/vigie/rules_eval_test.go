package main

import (
	"encoding/json"
	"strings"
	"testing"
)

const tinyCorpus = "../../evaluate/testdata/corpus"

func TestRulesCommands(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		code    int
		wantOut []string
		wantErr string
	}{
		{"list", []string{"rules", "list"}, ExitOK, []string{"vigie-default", "rights.named", "children.age_limit"}, ""},
		{"list json", []string{"rules", "list", "--format", "json"}, ExitOK, []string{`"topics"`, `"security.encryption"`}, ""},
		{"list bad format", []string{"rules", "list", "-f", "xml"}, ExitUsage, nil, "invalid --format"},
		{"test builtin", []string{"rules", "test"}, ExitOK, []string{" passed, 0 failed"}, ""},
		{"test folder", []string{"rules", "test", "../../rules/testdata/valid/minimal"}, ExitOK, []string{"passed, 0 failed"}, ""},
		{"test invalid pack", []string{"rules", "test", "../../rules/testdata/invalid/bad_pattern"}, ExitUsage, nil, "unclosed"},
		{"validate ok", []string{"rules", "validate", "../../rules/testdata/valid/minimal"}, ExitOK, []string{"ok: minimal 1.0.0, 2 topics, 4 rules"}, ""},
		{"validate bad", []string{"rules", "validate", "../../rules/testdata/invalid/bad_strength"}, ExitUsage, nil, "security.yaml:10: rule security.encryption: strength 2"},
		{"validate no arg", []string{"rules", "validate"}, ExitUsage, nil, "accepts 1 arg"},
		{"list bad rules dir", []string{"rules", "list", "--rules", "nope"}, ExitUsage, nil, "rules folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCmd(t, "", tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", code, tt.code, out, stderr)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			if tt.wantErr != "" && !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.wantErr)
			}
		})
	}
}

func TestRulesTestFailingExample(t *testing.T) {
	// A pack whose example fails exits 1 and names the example.
	code, out, _ := runCmd(t, "", "rules", "test", "testdata/failing_pack")
	if code != ExitThreshold || !strings.Contains(out, "FAIL data.collect") || !strings.Contains(out, "1 failed") {
		t.Fatalf("exit %d, out %q", code, out)
	}
}

func TestEvalCommand(t *testing.T) {
	code, out, stderr := runCmd(t, "", "eval", "--corpus", tinyCorpus)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"segment level: 9 units", "policy level: 2 units", "micro", "rights_strict"} {
		if !strings.Contains(out, w) {
			t.Errorf("table lacks %q:\n%s", w, out)
		}
	}
	code, out, _ = runCmd(t, "", "eval", "--corpus", tinyCorpus, "--format", "json", "--split", "test")
	if code != ExitOK {
		t.Fatalf("json: exit %d", code)
	}
	var rep struct {
		Split   string                     `json:"split"`
		Segment map[string]json.RawMessage `json:"segment"`
		Policy  map[string]json.RawMessage `json:"policy"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if rep.Split != "test" {
		t.Errorf("split %q", rep.Split)
	}
	code, out, _ = runCmd(t, "", "eval", "--corpus", tinyCorpus, "--show", "fp,fn", "--level", "segment")
	if code != ExitOK || !strings.Contains(out, "misses (fp,fn)") {
		t.Errorf("misses: exit %d out %q", code, out)
	}
}

func TestEvalUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"eval"},
		{"eval", "--corpus", "does-not-exist"},
		{"eval", "--corpus", tinyCorpus, "--format", "xml"},
		{"eval", "--corpus", tinyCorpus, "--split", "half"},
		{"eval", "--corpus", tinyCorpus, "--level", "page"},
		{"eval", "--corpus", tinyCorpus, "--show", "tp"},
		{"eval", "--corpus", tinyCorpus, "--rules", "../../rules/testdata/invalid/yaml_syntax"},
	} {
		if code, _, stderr := runCmd(t, "", args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, ExitUsage, stderr)
		}
	}
}

func TestVersionPrintsRules(t *testing.T) {
	code, out, _ := runCmd(t, "", "version")
	if code != ExitOK || !strings.Contains(out, "rules vigie-default ") {
		t.Fatalf("exit %d, out %q", code, out)
	}
}
