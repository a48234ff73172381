package reports

import (
	"strings"
	"time"
)

// base is the fixed time every fixture uses, so outputs are byte-stable.
var base = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func at(sec int) time.Time { return base.Add(time.Duration(sec) * time.Second) }

// Hostile strings: what a malicious or broken page may put in its footer,
// headings or policy text.
const (
	hostileName    = "@Evil \"Corp\" <script>alert('name')</script>\x1b]0;pwned\x07\x1b[31mRED\u202Etxt.exe"
	hostileScript  = "<script>window.pwned=1;alert('quote')</script> We collect your e-mail address."
	hostileImg     = "<img src=x onerror=\"window.pwned=1;alert('img')\"> We use cookies | to | track `you` **now** [here](javascript:alert('md'))."
	hostileLink    = "<a href=\"javascript:alert('link')\">Opt out</a> of sharing at any time."
	hostileStyle   = "</style><style>body{display:none}</style><script>alert('style')</script>"
	hostileFormula = "\t=HYPERLINK(\"https://evil.example\",\"update\")"
	hostileSpaced  = "  =2+5 is how we secure data."
)

func topicsAll(level string, strength float64, quote func(id string) []Evidence) []Topic {
	var ts []Topic
	for _, t := range Topics() {
		ts = append(ts, Topic{ID: t.ID, Title: t.Title, Covered: level == LevelCovered, Strength: strength, Level: level, Evidence: quote(t.ID)})
	}
	return ts
}

func ev(section, text string, start int) []Evidence {
	return []Evidence{{Section: section, Text: text, Start: start, End: start + len([]rune(text)), Rule: "test.rule"}}
}

// testReport builds the report every writer's golden file renders: a fully
// covered vendor, one with weak and missing topics, not_found, fetch_error,
// invalid_input, a French vendor, and one with hostile text everywhere.
func testReport() *Report {
	sha := func(c string) string { return strings.Repeat(c, 64) }
	acmeQuotes := map[string]string{
		"data":     "We collect your name, e-mail address, weight and body-composition measurements.",
		"purposes": "We process your measurements to show your progress and to improve our scales.",
		"sharing":  "We share data only with our hosting provider and never sell it.",
		"cookies":  "Our website uses strictly necessary cookies and, with your consent, analytics cookies.",
		"security": "Measurements are encrypted in transit and at rest.",
		"rights":   "You can access, correct or delete your data by writing to privacy@acme-scale.example.",
		"children": "Our services are not intended for children under 16.",
	}
	acme := Vendor{
		Input: "https://acme-scale.example", Name: "Acme Scale", Line: 1, Status: StatusFound, Reason: "policy found in the footer",
		Policy: &Policy{URL: "https://acme-scale.example/privacy", Title: "Privacy policy", Language: "en", ContentType: "text/html",
			FetchedAt: at(2), SHA256: sha("a"), Bytes: 18342,
			DiscoveredVia: []Step{{Method: "footer_link", URL: "https://acme-scale.example/privacy", From: "https://acme-scale.example/", Text: "Privacy", Score: 0.95}}},
		Score: 100,
		Topics: topicsAll(LevelCovered, 0.9, func(id string) []Evidence {
			return ev(TopicTitle(id), acmeQuotes[id], 100*topicIndex(id))
		}),
		Requests: 3, StartedAt: at(1), FinishedAt: at(3),
	}

	pulse := Vendor{
		Input: "https://pulsewatch.example", Name: "Pulse Watch", Line: 2, Status: StatusFound, Reason: "policy found through the legal-notice page",
		Policy: &Policy{URL: "https://pulsewatch.example/legal/privacy", Language: "en", FetchedAt: at(5), SHA256: sha("b"), Bytes: 9120,
			DiscoveredVia: []Step{
				{Method: "footer_link", URL: "https://pulsewatch.example/legal", From: "https://pulsewatch.example/", Text: "Legal", Score: 0.6},
				{Method: "hub_link", URL: "https://pulsewatch.example/legal/privacy", From: "https://pulsewatch.example/legal", Text: "Privacy notice", Score: 0.9},
			}},
		Documents: []Document{{Role: "cookie_policy", URL: "https://pulsewatch.example/legal/cookies", Language: "en", FetchedAt: at(6), SHA256: sha("c")}},
		Score:     57,
		Topics: []Topic{
			{ID: "data", Title: "Personal data collected", Covered: true, Strength: 0.8, Level: LevelCovered, Evidence: ev("What we collect", "We collect heart rate, sleep and location data from your watch.", 40)},
			{ID: "purposes", Title: "Purposes of processing", Covered: true, Strength: 0.7, Level: LevelCovered, Evidence: ev("Why", "We use these data to provide the service.", 300)},
			{ID: "sharing", Title: "Sharing with third parties", Covered: true, Strength: 0.75, Level: LevelCovered, Evidence: append(ev("Sharing", "We share data with our cloud provider.", 500),
				Evidence{Section: "Sharing", Text: "to comply with a court order;", Start: 590, End: 619, Rule: "test.rule", LeadIn: "We may also disclose your data:"})},
			{ID: "cookies", Title: "Cookies and trackers", Covered: false, Strength: 0.4, Level: LevelWeak, Evidence: []Evidence{{Section: "Cookies", Text: "See our cookie policy.", Start: 10, End: 32, Document: "https://pulsewatch.example/legal/cookies"}}},
			{ID: "security", Title: "Security of the data", Covered: false, Strength: 0.35, Level: LevelWeak, Evidence: ev("Security", "We take security seriously.", 900)},
			{ID: "rights", Title: "Rights of persons and how to exercise them", Covered: true, Strength: 0.8, Level: LevelCovered, Evidence: ev("Your rights", "You may request a copy of your data at any time.", 1100)},
			{ID: "children", Title: "Information concerning children", Covered: false, Strength: 0, Level: LevelMissing, Evidence: []Evidence{}},
		},
		Findings: []Finding{{ID: "cookies_set_but_undisclosed", Message: "the home page set cookies before consent that the policy does not name", Items: []string{"_ga", "_fbp"}}},
		Cookies: []Cookie{
			{Name: "_ga", Domain: "pulsewatch.example", LifetimeSeconds: 63072000, Source: "set-cookie"},
			{Name: "_fbp", Domain: "facebook.com", ThirdParty: true, LifetimeSeconds: 7776000, Source: "browser"},
		},
		Requests: 6, StartedAt: at(1), FinishedAt: at(7),
	}

	nowhere := Vendor{
		Input: "https://nowhere-forks.example", Name: "Nowhere Forks", Line: 3, Status: StatusNotFound,
		Reason: "no privacy-policy link in the footer of the home page or of its legal pages",
		Candidates: []Candidate{
			{URL: "https://nowhere-forks.example/terms", Text: "Terms", Method: "footer_link", Score: 0.2, Reasons: []string{"link text names terms of use"}, Outcome: "rejected: not a privacy policy"},
		},
		Tried:    []string{"footer links of https://nowhere-forks.example/", "https://nowhere-forks.example/privacy (404)", "https://nowhere-forks.example/.well-known/privacy-policy (404)"},
		Requests: 4, Topics: []Topic{}, StartedAt: at(1), FinishedAt: at(8),
	}

	hush := Vendor{
		Input: "https://hushbaby.example", Name: "Hush Baby Monitor", Line: 4, Status: StatusFetchError,
		Reason: "fetch https://hushbaby.example/privacy: http 503 service unavailable", Requests: 3,
		StartedAt: at(2), FinishedAt: at(9),
	}

	invalid := Vendor{
		Input: "htp:/bad input", Line: 5, Status: StatusInvalidInput,
		Reason: "invalid input \"htp:/bad input\": want an http(s) URL or a domain", StartedAt: at(2), FinishedAt: at(2),
	}

	frQuotes := map[string]string{
		"data":     "Nous collectons votre nom, votre adresse électronique et vos mesures de poids.",
		"purposes": "Vos données sont traitées afin de vous fournir le suivi de vos mesures.",
		"sharing":  "Vos données ne sont communiquées qu’à notre hébergeur, situé dans l’Union européenne.",
		"cookies":  "Nous utilisons des cookies de mesure d’audience, déposés avec votre consentement.",
		"security": "Vos données sont chiffrées et stockées sur des serveurs sécurisés.",
		"rights":   "Vous disposez d’un droit d’accès, de rectification et d’effacement : écrivez à dpo@balance-connectee.example.",
		"children": "Nos services s’adressent aux personnes majeures.",
	}
	balance := Vendor{
		Input: "https://balance-connectee.example", Name: "Balance Connectée", Line: 6, Status: StatusFound, Reason: "policy found in the footer",
		Policy: &Policy{URL: "https://balance-connectee.example/confidentialite", FinalURL: "https://balance-connectee.example/fr/politique-de-confidentialite",
			Title: "Politique de confidentialité", Language: "fr", FetchedAt: at(4), SHA256: sha("d"), Bytes: 22010,
			DiscoveredVia: []Step{
				{Method: "footer_link", URL: "https://balance-connectee.example/confidentialite", From: "https://balance-connectee.example/", Text: "Confidentialité", Score: 0.9},
				{Method: "redirect", URL: "https://balance-connectee.example/fr/politique-de-confidentialite", From: "https://balance-connectee.example/confidentialite", Reason: "301"},
			}},
		Score: 86,
		Topics: topicsAll(LevelCovered, 0.85, func(id string) []Evidence {
			return ev("Article "+string(rune('1'+topicIndex(id))), frQuotes[id], 200*topicIndex(id))
		}),
		Requests: 4, StartedAt: at(2), FinishedAt: at(5),
	}
	balance.Topics[6] = Topic{ID: "children", Title: "Information concerning children", Strength: 0.3, Level: LevelWeak, Evidence: ev("Article 7", frQuotes["children"], 1200)}

	evil := Vendor{
		Input: "https://evil.example", Name: hostileName, Line: 7, Status: StatusFound, Reason: "-2+3 found it",
		Policy: &Policy{URL: "https://evil.example/privacy?q=<script>alert('url')</script>", Title: hostileStyle, Language: "en\" onmouseover=\"alert(1)",
			FetchedAt: at(6), SHA256: sha("e"), Bytes: 666, Section: "Privacy <script>alert('part')</script>", Fragment: "tab\"><script>alert('id')</script>",
			DiscoveredVia: []Step{{Method: "footer_link", URL: "https://evil.example/privacy?q=<script>alert('url')</script>", From: "javascript:alert('from')",
				Text: "<img src=x onerror=alert('step')>", Score: 0.9}}},
		Documents: []Document{{Role: "cookie_policy", URL: "javascript:alert('doc')", FetchedAt: at(6), SHA256: sha("f")}},
		Score:     43,
		Topics: []Topic{
			{ID: "data", Title: "Personal data collected", Covered: true, Strength: 0.9, Level: LevelCovered, Evidence: ev(hostileStyle, hostileScript, 0)},
			{ID: "purposes", Title: "Purposes of processing", Covered: false, Strength: 0, Level: LevelMissing, Evidence: []Evidence{}},
			{ID: "sharing", Title: "Sharing with third parties", Covered: true, Strength: 0.8, Level: LevelCovered, Evidence: ev("Sharing", hostileLink, 80)},
			{ID: "cookies", Title: "Cookies and trackers", Covered: true, Strength: 0.7, Level: LevelCovered, Evidence: []Evidence{
				{Section: "# Cookies", Text: hostileImg, Start: 120, End: 200, Document: "data:text/html,<script>alert('data')</script>"}}},
			{ID: "security", Title: "Security of the data", Covered: false, Strength: 0.3, Level: LevelWeak, Evidence: ev(hostileFormula, hostileSpaced, 300)},
			{ID: "rights", Title: "Rights of persons and how to exercise them", Covered: false, Strength: 0, Level: LevelMissing, Evidence: []Evidence{}},
			{ID: "children", Title: "Information concerning children", Covered: false, Strength: 0, Level: LevelMissing, Evidence: []Evidence{}},
		},
		Findings: []Finding{{ID: "cookies_set_but_undisclosed", Message: "<iframe src=\"https://evil.example/frame\"></iframe>", Items: []string{"<b>sid</b>"}}},
		Candidates: []Candidate{
			{URL: "javascript:alert('candidate')", Text: "Privacy", Method: "footer_link", Score: 0.8, Outcome: "rejected: not http(s)"},
			{URL: "data:text/html,<script>alert(1)</script>", Text: "\u202Eycavirp", Method: "footer_link", Score: 0.7, Outcome: "rejected: not http(s)"},
		},
		Warnings:  []string{"\r@SUM(1+1)*cmd|' /C calc'!A0"},
		Cookies:   []Cookie{{Name: "<b>sid</b>", Domain: "evil.example", LifetimeSeconds: 0, Source: "set-cookie"}},
		Requests:  2,
		StartedAt: at(3), FinishedAt: at(6),
	}

	r := NewReport(Tool{Name: "vigie", Version: "v0.1.0-test", RulesVersion: "2026.03.0", RulesSHA256: strings.Repeat("0123456789abcdef", 4), RulesSource: "builtin"})
	r.Manifest = Manifest{Command: "audit", UserAgent: "vigie/0.1 (+https://github.com/vigie-audit/vigie)", RobotsObeyed: true, DelayMS: 1000}
	r.RunID = "run-20260302-090000"
	r.GeneratedAt, r.StartedAt, r.FinishedAt = base, base, at(180)
	r.Vendors = []Vendor{acme, pulse, nowhere, hush, invalid, balance, evil}
	return r
}
