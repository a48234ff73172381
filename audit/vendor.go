package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/vigie-audit/vigie/analyzer"
	"github.com/vigie-audit/vigie/crawler"
	"github.com/vigie-audit/vigie/reports"
	"github.com/vigie-audit/vigie/rules"
	"github.com/vigie-audit/vigie/store"
)

// FindingCookiesUndisclosed is the finding given to a vendor whose home page
// sets cookies before consent while its policy does not cover cookies.
const FindingCookiesUndisclosed = "cookies_set_but_undisclosed"

// An outcome is one vendor's result: the report entry and the documents to
// keep as evidence.
type outcome struct {
	seq    int
	vendor *reports.Vendor
	docs   []store.Document
	// policyText is the extracted text of the policy, for history diffs.
	policyText string
}

// analysed is one analysed document.
type analysed struct {
	page *crawler.Page
	doc  *analyzer.Document
	a    *rules.Assessment
	err  error
	// part is set when doc is the part of the page that page.Section
	// names (see crawler.Page.Section), not the whole page. (A part that
	// page.Fragment names is read alone: doc is that part.)
	part bool
}

// text returns the extracted text the store keeps for diffs and compares
// between audits: the part's own text for a policy that is a part of a
// page, so that an edit elsewhere on that page is no change of the policy.
func (d analysed) text() string {
	if d.doc == nil {
		return ""
	}
	if d.part {
		return d.doc.SpanText()
	}
	return d.doc.Text
}

// auditVendor runs the whole pipeline for one input. It never fails: every
// problem becomes the vendor's status and reason.
func (p *pipeline) auditVendor(ctx context.Context, in Input) *outcome {
	start := p.now()
	v := &reports.Vendor{
		Input:     in.Raw,
		Name:      in.Name,
		Line:      in.Line,
		Labels:    in.Labels,
		StartedAt: start,
	}
	out := &outcome{seq: in.Seq, vendor: v}
	if in.Invalid != "" {
		v.Status = reports.StatusInvalidInput
		v.Reason = in.Invalid
		v.FinishedAt = start
		return out
	}
	if v.Name == "" {
		v.Name = hostName(in.URL)
	}

	res := p.opts.Crawler.Discover(ctx, in.URL)
	fillFromCrawl(v, res)
	if p.opts.Store != nil {
		// The fetched documents go to the store; without one, nothing
		// reads them.
		out.docs = evidenceDocs(res)
	}
	if res.Status == crawler.StatusFound && res.Policy != nil {
		pages := append([]*crawler.Page{res.Policy}, res.Documents...)
		var docs []analysed
		for _, pg := range pages {
			docs = append(docs, p.analyse(ctx, pg))
		}
		out.policyText = p.applyAnalysis(v, docs)
		for i := range out.docs {
			for _, d := range docs {
				if d.doc != nil && out.docs[i].SHA256 == d.page.SHA256 {
					out.docs[i].Text = d.text()
				}
			}
		}
	}
	addCookieFinding(v)
	v.FinishedAt = p.now()
	return out
}

// errEmbedded: the policy's text is loaded by a policy host's script, and
// no rendering of the page held it (crawler.Page.Embed).
var errEmbedded = errors.New("policy text not in the HTML")

// analyse extracts and evaluates one fetched document.
func (p *pipeline) analyse(ctx context.Context, pg *crawler.Page) analysed {
	r := analysed{page: pg}
	if pg.Embed != "" && !pg.Rendered {
		// What the HTML holds is the site's frame around an empty element:
		// assessed, it would read as a policy that says nothing.
		r.err = fmt.Errorf("%w: a %s embed loads it, and no rendering of the page held it (it is read from a rendering: Chromium, --render auto)", errEmbedded, pg.Embed)
		return r
	}
	u := pg.FinalURL
	if u == "" {
		u = pg.URL
	}
	ctype := pg.ContentType
	if pg.Charset != "" && !strings.Contains(strings.ToLower(ctype), "charset") && ctype != "" {
		// The crawler found the charset in a <meta> tag or by detection:
		// read the bytes the same way.
		ctype += "; charset=" + pg.Charset
	}
	r.doc, r.err = analyzer.Extract(ctx, bytes.NewReader(pg.Body), analyzer.Input{
		URL:         u,
		ContentType: ctype,
		Language:    pg.Language,
		MaxBytes:    p.opts.MaxPolicyBytes,
		Fragment:    pg.Fragment,
	})
	if r.doc == nil {
		return r
	}
	if pg.Section != "" && r.doc.Fragment == "" {
		// The policy is a part of the page: that part alone is assessed
		// (read alone already when the analyzer cut it by its id).
		if part, ok := r.doc.Part(pg.Section); ok {
			r.doc, r.part = part, true
		} else {
			r.doc.Notes = append(r.doc.Notes, fmt.Sprintf("the policy part %q was not found in the page's extracted text: the whole page was assessed", pg.Section))
		}
	}
	a, err := p.opts.Rules.Evaluate(ctx, r.doc)
	if err != nil {
		r.err = errors.Join(r.err, err)
		return r
	}
	r.a = a
	return r
}

// applyAnalysis sets the vendor's policy language, topics, score and
// warnings from its analysed documents (the policy first). It returns the
// policy's extracted text.
func (p *pipeline) applyAnalysis(v *reports.Vendor, docs []analysed) string {
	var as []*rules.Assessment
	var asDocs []analysed
	for i, d := range docs {
		if d.err != nil {
			what := "the policy"
			if i > 0 {
				what = "the " + strings.ReplaceAll(d.page.Role, "_", " ")
			}
			v.Warnings = append(v.Warnings, fmt.Sprintf("%s (%s) could not be fully analysed: %v", what, d.page.URL, d.err))
			if i == 0 && v.Policy != nil {
				v.Policy.Error = policyError(d)
			}
		}
		if d.doc != nil {
			v.Warnings = append(v.Warnings, d.doc.Notes...)
		}
		if i == 0 && d.doc != nil && v.Policy != nil {
			v.Policy.Language = d.doc.Language
			if d.doc.Title != "" {
				v.Policy.Title = d.doc.Title
			}
			// The element the policy link pointed at, when it was the
			// part assessed (a note says when the page lacked it).
			v.Policy.Fragment = d.doc.Fragment
		}
		if i > 0 && d.doc != nil {
			for j := range v.Documents {
				if v.Documents[j].URL == d.page.URL {
					v.Documents[j].Language = d.doc.Language
				}
			}
		}
		if d.a != nil {
			as = append(as, d.a)
			asDocs = append(asDocs, d)
		}
	}
	v.Warnings = dedupe(v.Warnings)
	if len(as) == 0 {
		v.Topics = missingTopics(p.opts.Rules)
		if len(docs) > 0 && docs[0].err != nil {
			v.Reason += "; " + unreadable(docs[0])
		}
		return ""
	}
	merged := p.opts.Rules.Merge(as...)
	v.Score = merged.Score
	v.Topics = topicsFrom(merged, func(i int) string {
		if i == 0 || i >= len(asDocs) {
			return ""
		}
		return asDocs[i].page.URL
	})
	if asDocs[0].page == docs[0].page {
		return docs[0].text()
	}
	return ""
}

// unreadable says why a policy gave no text to analyse.
func unreadable(d analysed) string {
	switch {
	case errors.Is(d.err, analyzer.ErrNoText) && d.doc != nil && d.doc.Format == analyzer.FormatPDF:
		return "the policy is a PDF without a text layer (image only): no text to analyse"
	case errors.Is(d.err, analyzer.ErrNoText), errors.Is(d.err, analyzer.ErrEmpty):
		return "the policy page holds no text to analyse"
	case errors.Is(d.err, analyzer.ErrBinary):
		return "the policy is not a text document (binary content)"
	case errors.Is(d.err, errEmbedded):
		return "the policy's text is loaded by a " + d.page.Embed + " embed, and no rendering held it: no text to analyse"
	}
	return "the policy could not be analysed: " + d.err.Error()
}

// topicsFrom converts the rules' verdicts to the report's topics; docURL
// names the further document a quote came from ("" for the policy).
func topicsFrom(a *rules.Assessment, docURL func(int) string) []reports.Topic {
	ts := make([]reports.Topic, 0, len(a.Topics))
	for _, t := range a.Topics {
		rt := reports.Topic{
			ID:       t.ID,
			Title:    t.Title,
			Covered:  t.Covered,
			Strength: t.Strength,
			Level:    t.Level,
			Evidence: make([]reports.Evidence, 0, len(t.Evidence)),
		}
		for _, e := range t.Evidence {
			rt.Evidence = append(rt.Evidence, reports.Evidence{
				Section:  e.Section,
				Text:     e.Text,
				Start:    e.Start,
				End:      e.End,
				Rule:     e.Rule,
				LeadIn:   e.LeadIn,
				Document: docURL(e.Doc),
			})
		}
		ts = append(ts, rt)
	}
	return ts
}

// missingTopics is the verdict for a policy that could not be read: every
// topic missing.
func missingTopics(pack *rules.Pack) []reports.Topic {
	var ts []reports.Topic
	for _, t := range pack.Topics() {
		ts = append(ts, reports.Topic{ID: t.ID, Title: t.Title, Level: reports.LevelMissing, Evidence: []reports.Evidence{}})
	}
	return ts
}

// fillFromCrawl copies the crawler's result into the vendor.
func fillFromCrawl(v *reports.Vendor, res *crawler.Result) {
	v.Status = res.Status
	v.Reason = res.Reason
	v.Requests = res.Requests
	v.Tried = res.Tried
	v.Warnings = append(v.Warnings, res.Warnings...)
	for _, c := range res.Candidates {
		v.Candidates = append(v.Candidates, reports.Candidate{
			URL: c.URL, Text: c.Text, Method: c.Method, Score: c.Score, Reasons: c.Reasons, Outcome: c.Outcome,
		})
	}
	for _, c := range res.Cookies {
		v.Cookies = append(v.Cookies, reports.Cookie{
			Name: c.Name, Domain: c.Domain, ThirdParty: c.ThirdParty, LifetimeSeconds: c.LifetimeSeconds, Source: c.Source,
		})
	}
	for _, r := range res.Rendered {
		v.Rendered = append(v.Rendered, reports.RenderedPage{
			URL: r.URL, Reason: r.Reason, FinalURL: r.FinalURL, SHA256: r.SHA256,
			ScreenshotSHA256: r.ScreenshotSHA256, RenderedAt: r.RenderedAt, Refused: r.Refused,
		})
	}
	if pg := res.Policy; pg != nil && res.Status == crawler.StatusFound {
		pol := &reports.Policy{
			URL:         pg.URL,
			FinalURL:    pg.FinalURL,
			Canonical:   pg.Canonical,
			Title:       pg.Title,
			Language:    pg.Language,
			ContentType: pg.ContentType,
			FetchedAt:   pg.FetchedAt,
			SHA256:      pg.SHA256,
			Bytes:       pg.Bytes,
			Rendered:    pg.Rendered,
			Section:     pg.Section,
		}
		if pol.FinalURL == pol.URL {
			pol.FinalURL = ""
		}
		for _, s := range res.DiscoveredVia {
			pol.DiscoveredVia = append(pol.DiscoveredVia, reports.Step{
				Method: s.Method, URL: s.URL, From: s.From, Text: s.Text, Score: s.Score, Reason: s.Reason,
			})
		}
		if pol.DiscoveredVia == nil {
			pol.DiscoveredVia = []reports.Step{}
		}
		v.Policy = pol
		for _, d := range res.Documents {
			v.Documents = append(v.Documents, reports.Document{
				Role: d.Role, URL: d.URL, Language: d.Language, FetchedAt: d.FetchedAt, SHA256: d.SHA256, ContentType: d.ContentType,
			})
		}
	}
}

// evidenceDocs lists the fetched documents worth keeping in the store: the
// home page, the policy and its further documents.
func evidenceDocs(res *crawler.Result) []store.Document {
	var docs []store.Document
	add := func(role string, pg *crawler.Page) {
		if pg == nil {
			return
		}
		docs = append(docs, store.Document{
			Role: role, URL: pg.URL, FinalURL: pg.FinalURL, Status: pg.StatusCode, Header: pg.Header,
			ContentType: pg.ContentType, FetchedAt: pg.FetchedAt, Body: pg.Body, SHA256: pg.SHA256,
		})
	}
	add("home", res.Home)
	if res.Status == crawler.StatusFound {
		add(crawler.RolePolicy, res.Policy)
		for _, d := range res.Documents {
			add(d.Role, d)
		}
	}
	return docs
}

// addCookieFinding flags a vendor whose home page set cookies before any
// consent while its policy does not cover cookies.
func addCookieFinding(v *reports.Vendor) {
	if len(v.Cookies) == 0 || !v.Analysed() {
		return
	}
	if t := v.Topic("cookies"); t != nil && t.Covered {
		return
	}
	var names []string
	for _, c := range v.Cookies {
		names = append(names, c.Name)
	}
	names = dedupe(names)
	v.Findings = append(v.Findings, reports.Finding{
		ID: FindingCookiesUndisclosed,
		Message: fmt.Sprintf("the home page sets %d cookie(s) before any consent, but the policy does not cover cookies",
			len(names)),
		Items: names,
	})
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// hostName is the display name of a vendor given without one.
func hostName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	name := strings.TrimPrefix(u.Host, "www.")
	if p := strings.Trim(u.Path, "/"); p != "" {
		name += "/" + path.Clean(p)
	}
	return name
}

// policyError is why a policy's text could not be analysed, without the
// name of the input, which the report gives already.
func policyError(d analysed) string {
	if ee, ok := errors.AsType[*analyzer.ExtractError](d.err); ok {
		return ee.Err.Error()
	}
	return d.err.Error()
}
