// Package reports holds the Report model that flows out of an audit
// (vigie.report/v1, documented in docs/report-schema.md and by the embedded
// JSON Schema) and one writer per output format.
//
// Writers stream: the pipeline calls Begin with the run's metadata,
// WriteVendor as each vendor finishes, and End with the finish time and the
// partial flag, so a run of ten thousand vendors is never held in memory.
// Write renders a whole report at once; Replay re-renders a saved json or
// jsonl run. Formats lists the formats, and ResolveFormat picks one from -f
// or -o's extension.
//
// Thresholds (--fail-under, --require) are checked by Check, or while
// streaming by a Checker combined with the output through MultiWriter.
//
// Vendor text is untrusted: every writer makes it inert for its medium
// (HTML escaping and a strict CSP, CSV formula neutralising, Markdown
// escaping, control characters stripped for terminals).
package reports

import "time"

// SchemaVersion names the version of the report contract. Fields keep their
// names and meaning within a version; new fields may be added.
const SchemaVersion = "vigie.report/v1"

// Vendor statuses: every vendor gets exactly one, with a human-readable
// reason.
const (
	StatusFound            = "found"
	StatusNotFound         = "not_found"
	StatusRobotsDisallowed = "robots_disallowed"
	StatusBrokenLink       = "broken_link"
	StatusFetchError       = "fetch_error"
	StatusInvalidInput     = "invalid_input"
)

// Topic coverage levels, from a topic result's strength.
const (
	LevelCovered = "covered"
	LevelWeak    = "weak"
	LevelMissing = "missing"
)

// A Report is the result of one run: an audit of many vendors, or the
// analysis of local documents.
type Report struct {
	Schema      string    `json:"schema"`
	Tool        Tool      `json:"tool"`
	Manifest    Manifest  `json:"manifest"`
	RunID       string    `json:"run_id,omitempty"`
	GeneratedAt time.Time `json:"generated_at"`
	StartedAt   time.Time `json:"started_at"`
	FinishedAt  time.Time `json:"finished_at"`
	// Partial is true when the run was interrupted before every vendor
	// finished.
	Partial bool     `json:"partial"`
	Summary *Summary `json:"summary,omitempty"`
	Vendors []Vendor `json:"vendors"`
}

// Tool identifies what produced the report.
type Tool struct {
	Name         string `json:"name"`
	Version      string `json:"version"`
	RulesVersion string `json:"rules_version"`
	// RulesSHA256 is the hash of the rule pack's files, so a second person
	// can check they audit with the same rules.
	RulesSHA256 string `json:"rules_sha256,omitempty"`
	RulesSource string `json:"rules_source,omitempty"` // "builtin" or the --rules folder
}

// Manifest records the options that affect results, so a run can be
// reproduced.
type Manifest struct {
	Command      string `json:"command"` // audit, analyze, demo
	UserAgent    string `json:"user_agent,omitempty"`
	RobotsObeyed bool   `json:"robots_obeyed"`
	DelayMS      int64  `json:"delay_ms"`
	Render       string `json:"render,omitempty"`
	// Browser is the headless browser's version, when one was started.
	Browser string `json:"browser,omitempty"`
	// WARC is the archive every HTTP exchange of the run was written to.
	WARC        string `json:"warc,omitempty"`
	Concurrency int    `json:"concurrency,omitempty"`
	TimeoutMS   int64  `json:"vendor_timeout_ms,omitempty"`
	MaxRequests int    `json:"max_requests,omitempty"`
	// Language is the language the policies were asked for in (--lang).
	Language string   `json:"language,omitempty"`
	Args     []string `json:"args,omitempty"`
	Host     string   `json:"host,omitempty"`
}

// Summary counts, for the whole run, how many vendors cover each topic.
// NewSummary builds one from a list of vendors; Add updates one as vendors
// stream in.
type Summary struct {
	Vendors  int            `json:"vendors"`
	ByStatus map[string]int `json:"by_status"`
	// TopicsCovered maps a topic id to the number of vendors covering it.
	TopicsCovered map[string]int `json:"topics_covered"`
	// MeanScore is the mean score of the analysed vendors (those with
	// topics), rounded to one decimal; 0 when none was analysed.
	MeanScore float64 `json:"mean_score"`
	// TopicsWeak maps a topic id to the number of vendors whose policy
	// touches the topic without covering it.
	TopicsWeak map[string]int `json:"topics_weak"`
	// Analysed is the number of vendors whose policy was analysed (the
	// vendors with topic verdicts).
	Analysed int `json:"analysed"`

	scoreSum int64
}

// A Vendor is the audit of one vendor (or one local document for analyze).
type Vendor struct {
	Input string `json:"input"`
	Name  string `json:"name"`
	// Line is the line of the vendor list the vendor came from (0 for a
	// command-line argument).
	Line   int               `json:"line,omitempty"`
	Labels map[string]string `json:"labels,omitempty"`
	Status string            `json:"status"`
	Reason string            `json:"reason"`
	Policy *Policy           `json:"policy,omitempty"`
	// Documents are further documents counted as part of the vendor's
	// disclosure (a separate cookie policy).
	Documents []Document `json:"documents,omitempty"`
	// Score is 0–100; 0 when no policy could be analysed.
	Score    int       `json:"score"`
	Topics   []Topic   `json:"topics"`
	Findings []Finding `json:"findings,omitempty"`
	// Candidates are the policy links considered, best first.
	Candidates []Candidate `json:"candidates,omitempty"`
	// Tried lists what discovery tried when nothing was found.
	Tried    []string       `json:"tried,omitempty"`
	Requests int            `json:"requests"`
	Cookies  []Cookie       `json:"cookies,omitempty"`
	Rendered []RenderedPage `json:"rendered,omitempty"`
	// ChangedSince is set when the policy differs from the one seen at the
	// vendor's previous audit.
	ChangedSince *Change   `json:"changed_since,omitempty"`
	Warnings     []string  `json:"warnings,omitempty"`
	StartedAt    time.Time `json:"started_at"`
	FinishedAt   time.Time `json:"finished_at"`
}

// A Policy is the privacy-policy document that was analysed.
type Policy struct {
	URL      string `json:"url"`
	FinalURL string `json:"final_url,omitempty"`
	// Canonical is the address the policy page declares as its own, when
	// it is the same document at another address than FinalURL (without
	// the query string the link added): its stable address.
	Canonical   string    `json:"canonical,omitempty"`
	Title       string    `json:"title,omitempty"`
	Language    string    `json:"language"`
	ContentType string    `json:"content_type,omitempty"`
	FetchedAt   time.Time `json:"fetched_at"`
	SHA256      string    `json:"sha256"`
	Bytes       int64     `json:"bytes"`
	// Rendered is true when the policy is the DOM a headless browser built
	// (the plain fetch was bot-blocked, or returned an app shell): SHA256 is
	// then the hash of that DOM, archived as a resource record.
	Rendered bool `json:"rendered,omitempty"`
	// Section is set when the site has no policy page of its own and the
	// policy is a part of a wider page (a legal notice with a "Privacy"
	// part): the heading that opens it. Only that part was assessed.
	Section string `json:"section,omitempty"`
	// Fragment is set when the policy link pointed at an element of a
	// wider page ("rechtliches.html#datenschutz", a tab of a legal page;
	// a heading, whose text Section then holds): that element's id. Only
	// that element, or the heading's part, was assessed.
	Fragment string `json:"fragment,omitempty"`
	// DiscoveredVia is the chain of steps that led from the input to the
	// policy, first step first.
	DiscoveredVia []Step `json:"discovered_via"`
	// Error says why the policy's text could not be analysed (an empty
	// page, a page whose text scripts build, not a document, too large);
	// its topics are then all missing.
	Error string `json:"error,omitempty"`
}

// A Document is a further fetched document of the vendor's disclosure.
type Document struct {
	Role        string    `json:"role"` // "cookie_policy"
	URL         string    `json:"url"`
	Language    string    `json:"language,omitempty"`
	FetchedAt   time.Time `json:"fetched_at"`
	SHA256      string    `json:"sha256"`
	ContentType string    `json:"content_type,omitempty"`
}

// A Step is one hop of discovery: which method found which URL from which
// page, and why.
type Step struct {
	Method string  `json:"method"` // rel_link, footer_link, page_link, hub_link, sitemap, well_known_path, redirect, language_switch, contact_page, support_page, input
	URL    string  `json:"url"`
	From   string  `json:"from,omitempty"`
	Text   string  `json:"text,omitempty"`
	Score  float64 `json:"score,omitempty"`
	Reason string  `json:"reason,omitempty"`
}

// A Candidate is a link discovery considered.
type Candidate struct {
	URL     string   `json:"url"`
	Text    string   `json:"text,omitempty"`
	Method  string   `json:"method"`
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons,omitempty"`
	// Outcome says what became of the candidate: chosen, rejected (with
	// why), not_tried.
	Outcome string `json:"outcome,omitempty"`
}

// A Topic is the verdict on one of the seven topics.
type Topic struct {
	ID       string  `json:"id"`
	Title    string  `json:"title"`
	Covered  bool    `json:"covered"`
	Strength float64 `json:"strength"`
	// Level is covered, weak or missing.
	Level    string     `json:"level"`
	Evidence []Evidence `json:"evidence"`
}

// Evidence is one quoted sentence supporting a topic. Start and End are
// character offsets into the extracted policy text.
type Evidence struct {
	Section string `json:"section"`
	Text    string `json:"text"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Rule    string `json:"rule,omitempty"`
	// LeadIn is set when the quote is a list item read with the sentence
	// that introduces the list ("We may disclose your information:"); Text,
	// Start and End are the item's.
	LeadIn string `json:"lead_in,omitempty"`
	// Document is set when the quote comes from a further document (the
	// cookie policy), to its URL.
	Document string `json:"document,omitempty"`
}

// Quote is the quote as a reader needs it: the item's text, after its
// lead-in when it has one ("We may disclose your information: … to comply
// with a court order").
func (e Evidence) Quote() string {
	if e.LeadIn == "" {
		return e.Text
	}
	return e.LeadIn + " … " + e.Text
}

// A Finding is an observation beyond topic coverage, such as cookies set
// before consent that the policy does not disclose.
type Finding struct {
	ID      string   `json:"id"` // cookies_set_but_undisclosed
	Message string   `json:"message"`
	Items   []string `json:"items,omitempty"`
}

// A Cookie is a cookie the vendor's home page set before any consent.
type Cookie struct {
	Name       string `json:"name"`
	Domain     string `json:"domain"`
	ThirdParty bool   `json:"third_party"`
	// LifetimeSeconds is 0 for a session cookie.
	LifetimeSeconds int64  `json:"lifetime_seconds"`
	Source          string `json:"source"` // set-cookie or browser
}

// A RenderedPage is a page vigie loaded in a headless browser, and why.
type RenderedPage struct {
	URL    string `json:"url"`
	Reason string `json:"reason"`
	// FinalURL is where the browser ended, when it differs from URL.
	FinalURL string `json:"final_url,omitempty"`
	// SHA256 is the hex SHA-256 of the rendered DOM and ScreenshotSHA256
	// that of the PNG of the footer area; both are resource records of the
	// run's WARC file (vigie verify checks them).
	SHA256           string    `json:"sha256,omitempty"`
	ScreenshotSHA256 string    `json:"screenshot_sha256,omitempty"`
	RenderedAt       time.Time `json:"rendered_at,omitzero"`
	// Refused lists the browser's requests from this public page that the
	// network guard refused because they led to a private address, as
	// "URL (address)".
	Refused []string `json:"refused,omitempty"`
}

// A Change compares a vendor's policy with the one of its previous audit.
type Change struct {
	PreviousRunID  string    `json:"previous_run_id"`
	PreviousSHA256 string    `json:"previous_sha256"`
	PreviousAt     time.Time `json:"previous_at"`
	TopicsGained   []string  `json:"topics_gained,omitempty"`
	TopicsLost     []string  `json:"topics_lost,omitempty"`
}
