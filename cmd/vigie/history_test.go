package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
)

func sha256hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestHistoryCommand(t *testing.T) {
	path, ids := seedStore(t)
	out, errOut, code := runStoreCmd(t, "history", "https://WWW.scale.example", "--db", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"scale.example (Scale Co): 2 policy versions in 3 runs",
		"FIRST SEEN",
		ids[0] + "  2     50     2: data,rights",
		ids[2] + "  1     100    4: children,data,rights,sharing",
		"https://scale.example/privacy",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("history lacks %q:\n%s", want, out)
		}
	}
	out, _, code = runStoreCmd(t, "history", "Scale Co", "--db", path, "--format", "json")
	var h historyJSON
	if code != 0 || json.Unmarshal([]byte(out), &h) != nil || h.Vendor.Key != "scale.example" || len(h.Versions) != 2 ||
		h.Versions[0].Runs != 2 || h.Versions[1].RunID != ids[2] {
		t.Errorf("json (exit %d): %s", code, out)
	}
	out, _, code = runStoreCmd(t, "history", "watch.example", "--db", path)
	if code != 0 || !strings.Contains(out, "no policy was analysed") {
		t.Errorf("vendor without policy (exit %d): %s", code, out)
	}
}
