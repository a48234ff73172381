package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"time"
)

// SARIF 2.1.0 output: each missing topic is an error, each weak topic a
// warning, and a vendor whose policy could not be analysed one error of the
// rule policy/unavailable, so a vendor's CI and code-scanning tools show what
// its policy lacks. Results stream as vendors finish.

const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	toolURI      = "https://github.com/vigie-audit/vigie"
	// ruleUnavailable is the rule of vendors without an analysed policy.
	ruleUnavailable = "policy/unavailable"
)

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifMessage      `json:"shortDescription"`
	FullDescription      sarifMessage      `json:"fullDescription"`
	Help                 sarifMessage      `json:"help"`
	DefaultConfiguration map[string]string `json:"defaultConfiguration"`
	Properties           map[string]any    `json:"properties"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifLocation struct {
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI string `json:"uri"`
		} `json:"artifactLocation"`
	} `json:"physicalLocation"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool           `json:"executionSuccessful"`
	StartTimeUTC        *time.Time     `json:"startTimeUtc,omitempty"`
	EndTimeUTC          *time.Time     `json:"endTimeUtc,omitempty"`
	Properties          map[string]any `json:"properties"`
}

// sarifRules returns the rules: one per topic, in the fixed order, then
// policy/unavailable. A result's ruleIndex points into this list.
func sarifRules() []sarifRule {
	rules := make([]sarifRule, 0, len(topics)+1)
	for _, t := range topics {
		title := strings.ToLower(t.Title[:1]) + t.Title[1:]
		rules = append(rules, sarifRule{
			ID:               "topic/" + t.ID,
			Name:             "Discloses" + strings.ToUpper(t.ID[:1]) + t.ID[1:],
			ShortDescription: sarifMessage{Text: "The privacy policy discloses the " + title + "."},
			FullDescription: sarifMessage{Text: "A connected object's privacy policy, linked from its site's footer, must disclose the " +
				title + " (topic " + t.ID + "). A missing topic is an error; a topic the policy only touches is a warning."},
			Help: sarifMessage{
				Text:     "Add a section to the privacy policy that discloses the " + title + ", in plain words. " + t.Guidance,
				Markdown: "Add a section to the privacy policy that discloses the **" + title + "**, in plain words. " + t.Guidance,
			},
			DefaultConfiguration: map[string]string{"level": "error"},
			Properties:           map[string]any{"tags": []string{"privacy", "gdpr"}, "topic": t.ID},
		})
	}
	return append(rules, sarifRule{
		ID:               ruleUnavailable,
		Name:             "PolicyAvailable",
		ShortDescription: sarifMessage{Text: "A privacy policy is linked from the footer and can be analysed."},
		FullDescription:  sarifMessage{Text: "vigie could not find, fetch or analyse the vendor's privacy policy; the result's message says why."},
		Help: sarifMessage{
			Text:     "Link the privacy policy from every page's footer, and let robots.txt allow it.",
			Markdown: "Link the privacy policy from every page's **footer**, and let `robots.txt` allow it.",
		},
		DefaultConfiguration: map[string]string{"level": "error"},
		Properties:           map[string]any{"tags": []string{"privacy", "gdpr"}},
	})
}

type sarifWriter struct {
	stream
	n int
}

var _ Writer = (*sarifWriter)(nil)

func newSARIFWriter(w io.Writer) *sarifWriter { return &sarifWriter{stream: stream{w: w}} }

func (s *sarifWriter) Begin(r *Report) error {
	if err := s.begin(); err != nil {
		return err
	}
	name := r.Tool.Name
	if name == "" {
		name = "vigie"
	}
	driver, err := marshalJSON(map[string]any{"driver": sarifDriver{
		Name: name, Version: r.Tool.Version, InformationURI: toolURI, Rules: sarifRules(),
	}}, "      ", "  ")
	if err != nil {
		return s.fail(err)
	}
	props, err := marshalJSON(map[string]any{
		"schema":        SchemaVersion,
		"rules_version": r.Tool.RulesVersion,
		"rules_sha256":  r.Tool.RulesSHA256,
		"command":       r.Manifest.Command,
	}, "      ", "  ")
	if err != nil {
		return s.fail(err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\n  \"$schema\": %q,\n  \"version\": %q,\n  \"runs\": [\n    {\n", sarifSchema, sarifVersion)
	fmt.Fprintf(&b, "      \"tool\": %s,\n      \"properties\": %s,\n      \"results\": [", driver, props)
	return s.write(b.Bytes())
}

func (s *sarifWriter) WriteVendor(v *Vendor) error {
	if err := s.vendor(v); err != nil {
		return err
	}
	for _, res := range sarifResults(v) {
		b, err := marshalJSON(res, "        ", "  ")
		if err != nil {
			return s.fail(fmt.Errorf("encode sarif result: %w", err))
		}
		sep := ",\n        "
		if s.n == 0 {
			sep = "\n        "
		}
		s.n++
		if err := s.write(append([]byte(sep), b...)); err != nil {
			return err
		}
	}
	return nil
}

func (s *sarifWriter) End(r *Report) error {
	if _, err := s.end(r); err != nil {
		return err
	}
	inv := sarifInvocation{ExecutionSuccessful: !r.Partial, Properties: map[string]any{"partial": r.Partial}}
	if !r.StartedAt.IsZero() {
		t := r.StartedAt.UTC()
		inv.StartTimeUTC = &t
	}
	if !r.FinishedAt.IsZero() {
		t := r.FinishedAt.UTC()
		inv.EndTimeUTC = &t
	}
	b, err := marshalJSON([]sarifInvocation{inv}, "      ", "  ")
	if err != nil {
		return s.fail(err)
	}
	var out bytes.Buffer
	if s.n > 0 {
		out.WriteString("\n      ")
	}
	fmt.Fprintf(&out, "],\n      \"invocations\": %s\n    }\n  ]\n}\n", b)
	return s.write(out.Bytes())
}

// sarifResults are a vendor's results: its missing and weak topics, or one
// policy/unavailable result.
func sarifResults(v *Vendor) []sarifResult {
	name := oneLine(v.DisplayName())
	loc := sarifLocation{}
	loc.PhysicalLocation.ArtifactLocation.URI = artifactURI(v)
	props := func(extra map[string]any) map[string]any {
		p := map[string]any{"vendor": name, "input": v.Input, "status": v.Status, "score": v.Score}
		for k, x := range extra {
			p[k] = x
		}
		return p
	}
	if !v.Analysed() {
		msg := fmt.Sprintf("%s: no privacy policy was analysed (%s)", name, v.Status)
		if v.Reason != "" {
			msg += ": " + oneLine(v.Reason)
		}
		return []sarifResult{{
			RuleID: ruleUnavailable, RuleIndex: len(topics), Level: "error",
			Message:             sarifMessage{Text: msg + "."},
			Locations:           []sarifLocation{loc},
			PartialFingerprints: fingerprint(v.Input, ruleUnavailable),
			Properties:          props(nil),
		}}
	}
	var out []sarifResult
	for _, t := range sortedTopics(v.Topics) {
		idx := topicIndex(t.ID)
		if idx < 0 {
			continue // a topic of a later rule pack has no rule here
		}
		title := strings.ToLower(topics[idx].Title[:1]) + topics[idx].Title[1:]
		res := sarifResult{
			RuleID: "topic/" + t.ID, RuleIndex: idx,
			Locations:           []sarifLocation{loc},
			PartialFingerprints: fingerprint(v.Input, t.ID),
			Properties:          props(map[string]any{"topic": t.ID, "strength": t.Strength, "coverage": t.EffectiveLevel()}),
		}
		switch t.EffectiveLevel() {
		case LevelMissing:
			res.Level = "error"
			res.Message.Text = fmt.Sprintf("%s: the privacy policy does not disclose the %s.", name, title)
		case LevelWeak:
			res.Level = "warning"
			res.Message.Text = fmt.Sprintf("%s: the privacy policy only touches on the %s", name, title)
			if len(t.Evidence) > 0 {
				res.Message.Text += fmt.Sprintf(": “%s”", oneLine(t.Evidence[0].Quote()))
			}
			res.Message.Text += "."
		default:
			continue
		}
		out = append(out, res)
	}
	return out
}

// artifactURI is where a result points: the local file a vendor checks in
// CI (a relative path, which code scanning maps into the repository), else
// the analysed policy's URL, else the input.
func artifactURI(v *Vendor) string {
	in := strings.TrimSpace(v.Input)
	if u, err := url.Parse(in); err == nil && u.Scheme != "" && len(u.Scheme) > 1 {
		if v.Policy != nil && v.Policy.URL != "" {
			if p, err := url.Parse(v.Policy.URL); err == nil {
				return p.String()
			}
		}
		return u.String()
	}
	p := filepath.ToSlash(in)
	if filepath.IsAbs(in) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // C:/x → file:///C:/x
		}
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}

// fingerprint identifies a result across runs, so code scanning tracks it.
func fingerprint(input, topic string) map[string]string {
	sum := sha256.Sum256([]byte(input + "\x00" + topic))
	return map[string]string{"vigieVendorTopic/v1": hex.EncodeToString(sum[:16])}
}
