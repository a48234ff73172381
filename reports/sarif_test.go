package reports

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestSARIF validates the output against the part of SARIF 2.1.0 it uses
// and checks what code-scanning tools rely on: rule indexes that point at
// their rule, one result per missing or weak topic, levels, and locations.
func TestSARIF(t *testing.T) {
	out := render(t, testReport(), "sarif", Options{})

	schemaDoc, err := os.ReadFile("testdata/sarif-subset.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaDoc))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("sarif: %v", err)
	}

	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string } `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
			Invocations []struct {
				ExecutionSuccessful bool `json:"executionSuccessful"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	count := map[string]int{}
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("ruleIndex %d points at %s, not %s", res.RuleIndex, run.Tool.Driver.Rules[res.RuleIndex].ID, res.RuleID)
		}
		count[res.RuleID+" "+res.Level]++
		if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" {
			t.Errorf("result without a location: %+v", res)
		}
		if strings.ContainsAny(res.Message.Text, "\x1b\u202e") {
			t.Errorf("control characters in %q", res.Message.Text)
		}
	}
	// Pulse: cookies, security weak, children missing; Balance: children
	// weak; Evil: purposes, rights, children missing, security weak; three
	// vendors without a policy.
	for key, want := range map[string]int{
		"topic/children error": 2, "topic/children warning": 1, "topic/security warning": 2,
		"topic/cookies warning": 1, "topic/purposes error": 1, "topic/rights error": 1,
		"policy/unavailable error": 3,
	} {
		if count[key] != want {
			t.Errorf("%s: %d results, want %d (all: %v)", key, count[key], want, count)
		}
	}
	if len(run.Results) != 11 {
		t.Errorf("%d results, want 11", len(run.Results))
	}
	if !run.Invocations[0].ExecutionSuccessful {
		t.Error("a complete run is not successful")
	}
}

func TestArtifactURI(t *testing.T) {
	for _, c := range []struct {
		v    Vendor
		want string
	}{
		{Vendor{Input: "docs/privacy policy.html"}, "docs/privacy%20policy.html"},
		{Vendor{Input: "/home/ci/privacy.md"}, "file:///home/ci/privacy.md"},
		{Vendor{Input: "a:b.md"}, "./a:b.md"},
		{Vendor{Input: "https://a.example", Policy: &Policy{URL: "https://a.example/privacy"}}, "https://a.example/privacy"},
		{Vendor{Input: "https://a.example"}, "https://a.example"},
	} {
		if got := artifactURI(&c.v); got != c.want {
			t.Errorf("artifactURI(%q) = %q, want %q", c.v.Input, got, c.want)
		}
	}
}
