package reports

import (
	"bufio"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"iter"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// The HTML report is one self-contained page: its CSS and script are inline,
// it loads nothing, and a Content-Security-Policy allows only that CSS and
// that script, by hash. Everything a vendor wrote (names, headings, quotes,
// URLs) goes through html/template's contextual escaping; only http(s) URLs
// become links; no vendor text reaches an attribute that runs code or a
// style. So a policy's <script>, event handlers or javascript: links show as
// text and never run in the reader's browser.

//go:embed templates/report.html.tmpl templates/report.css templates/report.js
var templateFS embed.FS

var (
	htmlTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
		"safeURL": safeURL,
		"plural":  plural,
		"join":    func(s []string, sep string) string { return strings.Join(s, sep) },
	}).ParseFS(templateFS, "templates/report.html.tmpl"))
	htmlStyle  = mustRead("templates/report.css")
	htmlScript = mustRead("templates/report.js")
	// htmlCSP allows the page's own inline style and script and nothing
	// else: no fetch, image, font, frame, form target or base URL.
	htmlCSP = "default-src 'none'; style-src '" + cspHash(htmlStyle) + "'; script-src '" + cspHash(htmlScript) +
		"'; img-src 'none'; base-uri 'none'; form-action 'none'"
)

func mustRead(name string) string {
	b, err := templateFS.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// cspHash is the CSP source expression of an inline element's content.
func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

type htmlWriter struct {
	stream
	head    Report
	vendors []Vendor
}

var _ Writer = (*htmlWriter)(nil)

func newHTMLWriter(w io.Writer) *htmlWriter { return &htmlWriter{stream: stream{w: w}} }

func (h *htmlWriter) Begin(r *Report) error {
	if err := h.begin(); err != nil {
		return err
	}
	h.head = *r
	h.head.Vendors = nil
	return nil
}

func (h *htmlWriter) WriteVendor(v *Vendor) error {
	if err := h.vendor(v); err != nil {
		return err
	}
	h.vendors = append(h.vendors, *v)
	return nil
}

func (h *htmlWriter) End(r *Report) error {
	sum, err := h.end(r)
	if err != nil {
		return err
	}
	page := htmlPage{
		Report:    &h.head,
		CSP:       htmlCSP,
		Style:     template.CSS(htmlStyle),
		Script:    template.JS(htmlScript),
		Summary:   sum,
		Mean:      formatMean(sum.MeanScore),
		Generated: textTime(h.head.GeneratedAt),
		Started:   textTime(h.head.StartedAt),
		Finished:  textTime(r.FinishedAt),
		Partial:   r.Partial,
		Topics:    topics,
	}
	page.Schema = SchemaVersion
	page.Title = fmt.Sprintf("vigie report: %s, %s", plural(sum.Vendors, "vendor"), textTime(h.head.GeneratedAt))
	for _, t := range topics {
		c, w := sum.TopicsCovered[t.ID], sum.TopicsWeak[t.ID]
		page.Coverage = append(page.Coverage, htmlCoverage{TopicInfo: t, Covered: c, Weak: w,
			Missing: max(sum.Analysed-c-w, 0), Of: sum.Analysed})
	}
	page.Statuses = statusCounts(sum.ByStatus)
	page.ranked = Rank(h.vendors)
	// The page streams out through a filter that drops control and
	// bidirectional-override characters, wherever the text came from; the
	// page's own CSS and script have none, so their hashes hold.
	bw := bufio.NewWriterSize(&stripWriter{w: h.w}, 64<<10)
	if err := htmlTemplate.Execute(bw, &page); err != nil {
		return h.fail(fmt.Errorf("render html: %w", err))
	}
	if err := bw.Flush(); err != nil {
		return h.fail(fmt.Errorf("write report: %w", err))
	}
	return nil
}

// stripWriter passes text on without the runes stripUnsafe drops. It holds
// back an incomplete UTF-8 sequence at the end of a write until the next.
type stripWriter struct {
	w    io.Writer
	tail []byte
}

func (s *stripWriter) Write(p []byte) (int, error) {
	data := p
	if len(s.tail) > 0 {
		data = append(s.tail, p...)
	}
	cut := len(data)
	for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax; i-- {
		if utf8.RuneStart(data[i]) {
			if !utf8.FullRune(data[i:]) {
				cut = i
			}
			break
		}
	}
	s.tail = append(s.tail[:0:0], data[cut:]...)
	if _, err := io.WriteString(s.w, stripUnsafe(string(data[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

type htmlPage struct {
	*Report
	Title, CSP                         string
	Style                              template.CSS
	Script                             template.JS
	Summary                            *Summary
	Mean, Generated, Started, Finished string
	Partial                            bool
	Topics                             []TopicInfo
	Coverage                           []htmlCoverage
	Statuses                           []statusCount
	ranked                             []Ranked
}

// Vendors yields the ranked vendors' views one at a time, so the page never
// holds a second copy of every vendor.
func (p *htmlPage) Vendors() iter.Seq2[int, htmlVendor] {
	return func(yield func(int, htmlVendor) bool) {
		for i, rv := range p.ranked {
			if !yield(i, newHTMLVendor(rv)) {
				return
			}
		}
	}
}

type htmlCoverage struct {
	TopicInfo
	Covered, Weak, Missing, Of int
}

type statusCount struct {
	Name  string
	Count int
}

// statusCounts lists the statuses that occur, known ones in their order,
// then others by name.
func statusCounts(by map[string]int) []statusCount {
	var out []statusCount
	known := map[string]bool{}
	for _, s := range Statuses() {
		known[s] = true
		if by[s] > 0 {
			out = append(out, statusCount{s, by[s]})
		}
	}
	var other []string
	for s, n := range by {
		if !known[s] && n > 0 {
			other = append(other, s)
		}
	}
	sort.Strings(other)
	for _, s := range other {
		out = append(out, statusCount{oneLine(s), by[s]})
	}
	return out
}

type htmlVendor struct {
	Rank                           int
	Anchor, Key, Name, Input       string
	Score                          int
	Status, StatusClass, Reason    string
	Cells                          []htmlCell
	Policy                         *htmlPolicy
	Documents                      []Document
	Analysed                       bool
	Missing, Weak, Warnings, Tried []string
	Findings                       []Finding
	Lang                           string
	Topics                         []htmlTopic
	Candidates                     []Candidate
	Cookies                        []Cookie
}

type htmlCell struct {
	Level, Label, Symbol, Title string
	Sort                        int
}

type htmlPolicy struct {
	URL, FinalURL, Canonical, Title, Language, Fetched, SHA256 string
	// Section is the heading of the part of the page that is the policy;
	// Fragment, the id of the element that is.
	Section, Fragment string
	Steps             []Step
}

type htmlTopic struct {
	ID, Title, Level, Label, Symbol string
	Evidence                        []Evidence
	// Guidance is what to add, for a missing or weak topic.
	Guidance string
}

func newHTMLVendor(rv Ranked) htmlVendor {
	v := rv.Vendor
	hv := htmlVendor{
		Rank: rv.Rank, Anchor: vendorAnchor(rv.Index), Name: oneLine(v.DisplayName()), Input: v.Input,
		Key:   strings.ToLower(oneLine(v.DisplayName())),
		Score: v.Score, Status: oneLine(v.Status), StatusClass: "status-problem", Reason: v.Reason,
		Documents: v.Documents, Analysed: v.Analysed(), Missing: v.MissingTopics(), Weak: v.WeakTopics(),
		Warnings: v.Warnings, Tried: v.Tried, Findings: v.Findings, Candidates: v.Candidates, Cookies: v.Cookies,
	}
	if v.Status == StatusFound {
		hv.StatusClass = "status-found"
	}
	for _, t := range topics {
		vt := v.Topic(t.ID)
		c := htmlCell{Level: "absent", Label: "not analysed", Symbol: symbolAbsent, Title: t.Title, Sort: -1}
		if vt != nil {
			c.Level, c.Label, c.Symbol = vt.EffectiveLevel(), vt.EffectiveLevel(), levelSymbol(vt)
			c.Sort = map[string]int{LevelCovered: 2, LevelWeak: 1, LevelMissing: 0}[c.Level]
		}
		hv.Cells = append(hv.Cells, c)
	}
	if p := v.Policy; p != nil {
		hv.Policy = &htmlPolicy{URL: p.URL, FinalURL: p.FinalURL, Canonical: p.Canonical, Title: p.Title, Language: p.Language,
			Fetched: textTime(p.FetchedAt), SHA256: p.SHA256, Section: p.Section, Fragment: p.Fragment, Steps: p.DiscoveredVia}
		hv.Lang = langTag(p.Language)
	}
	for _, t := range sortedTopics(v.Topics) {
		lv := t.EffectiveLevel()
		ht := htmlTopic{ID: t.ID, Title: TopicTitle(t.ID), Level: lv, Label: lv,
			Symbol: levelSymbol(&t), Evidence: t.Evidence}
		ht.Guidance = whatToAdd(v, &t)
		hv.Topics = append(hv.Topics, ht)
	}
	return hv
}

var langRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// langTag returns a BCP 47 tag fit for a lang attribute, or "".
func langTag(s string) string {
	if langRE.MatchString(s) {
		return s
	}
	return ""
}
