package crawler

import (
	"math"
	"strings"
	"testing"
)

// FuzzCandidates scans and scores arbitrary HTML: it must not panic, must
// keep its caps, and every candidate must be an http(s) URL or a reported
// button. Seeds: testdata/fuzz/FuzzCandidates and the fixtures' pages.
//
//	go test ./crawler -run '^$' -fuzz FuzzCandidates -fuzztime 30s
func FuzzCandidates(f *testing.F) {
	f.Add([]byte(`<footer><a href="/privacy">Privacy</a></footer>`))
	f.Add([]byte(`<html lang="fr"><link rel="privacy-policy" href="//x.test/p"><a href="javascript:1">Gérer les cookies</a>`))
	f.Add([]byte(`<h1>Legal</h1><p>Notice.</p><h2>Privacy</h2><p>We keep <b>nothing</b>.</p><p>Política de privacidad:</p>`))
	f.Add([]byte(`<div class="footer"><a href="#"><svg><title>Datenschutz</title></svg></a><a href="/a" aria-label="Impressum"><img alt="x"></a>`))
	w, err := DefaultWords()
	if err != nil {
		f.Fatal(err)
	}
	page := mustURL(f, "http://www.vendor.test/en/")
	f.Fuzz(func(t *testing.T, data []byte) {
		text, _ := decodeText(data, "text/html")
		d := scanHTML(text)
		if len(d.anchors) > maxHeadAnchors+maxTailAnchors || len(d.links) > maxLinkElements ||
			len(d.headings) > maxHeadings || len(d.text) > maxBodyText+maxAnchorText {
			t.Fatalf("caps exceeded: %d anchors, %d links, %d headings, %d text", len(d.anchors), len(d.links), len(d.headings), len(d.text))
		}
		if len(d.marks) > maxMarks {
			t.Fatalf("%d marks", len(d.marks))
		}
		for _, m := range d.marks {
			if m.off < 0 || int(m.off) > len(d.text) || m.level < 1 || m.level > markPseudo {
				t.Fatalf("mark %+v in %d bytes of text", m, len(d.text))
			}
		}
		w.privacySection(d)
		cands := w.pageLinks(d, page, MethodPageLink)
		if len(cands) > maxCandidatesPerPage {
			t.Fatalf("%d candidates", len(cands))
		}
		for _, c := range cands {
			if c.button == "" && c.u.Scheme != "http" && c.u.Scheme != "https" {
				t.Fatalf("candidate %s", c.u)
			}
			for _, s := range c.scores {
				if math.IsNaN(s) || math.IsInf(s, 0) {
					t.Fatalf("score %v", s)
				}
			}
		}
		p := &Page{URL: page.String(), ContentType: "text/html", Body: data}
		verifyPolicy(w.signals(p, d), false)
		verifyCookiePolicy(w.signals(p, d), true)
		pickAlternate(&pageVisit{u: page, page: p, doc: d}, w.Languages(), "")
	})
}

// FuzzInput feeds arbitrary vendor inputs to ParseInput: an accepted input
// is an absolute http(s) URL with a host, stable when parsed again.
//
//	go test ./crawler -run '^$' -fuzz FuzzInput -fuzztime 30s
func FuzzInput(f *testing.F) {
	for _, s := range []string{"acme.test", "https://acme.test/fr/?a=b#c", "ftp://x", "localhost:8080",
		"http://[::1]:99/", "bücher.example", "mailto:a@b", "//x.test", "http://a@b/", "http://x:0/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseInput(s)
		if err != nil {
			if err.Error() == "" || strings.ToLower(err.Error()[:1]) != err.Error()[:1] {
				t.Fatalf("error %q is not a lower-case message", err)
			}
			return
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Fragment != "" {
			t.Fatalf("ParseInput(%q) = %s", s, u)
		}
		v, err := ParseInput(u.String())
		if err != nil {
			t.Fatalf("ParseInput(%q) = %s, which does not parse again: %v", s, u, err)
		}
		if v.String() != u.String() {
			t.Fatalf("ParseInput(%q) = %s, then %s", s, u, v)
		}
		_ = hostPort(u)
		_ = urlWords(u)
	})
}

// FuzzRobots feeds arbitrary robots.txt bodies to the parser and asks it
// about a few URLs: it must not panic, and must always decide.
//
//	go test ./crawler -run '^$' -fuzz FuzzRobots -fuzztime 30s
func FuzzRobots(f *testing.F) {
	f.Add(200, []byte("User-agent: *\nDisallow: /legal/\nAllow: /legal/privacy\nSitemap: http://x.test/s.xml\n"))
	f.Add(200, []byte("Disallow: /\nUser-agent: vigie\nCrawl-delay: soon\nDisallow: /*.pdf$\n"))
	f.Add(503, []byte(""))
	f.Add(404, []byte("<html>not found</html>"))
	paths := []*struct{ u string }{{"http://x.test/"}, {"http://x.test/legal/privacy?a=b"}, {"http://x.test/%E2%82%AC/"}}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		d, note := parseRobots(status, body)
		if note == "" {
			t.Fatal("no note")
		}
		e := &robotsEntry{data: d, url: "http://x.test/robots.txt", note: note}
		c := &robotsEntry{data: d, url: e.url, note: note}
		c.compact("vigie")
		for _, p := range paths {
			ok, why := e.allows(mustURL(t, p.u), "vigie")
			if !ok && why == "" {
				t.Fatal("refusal without a reason")
			}
			// Compacted, the entry answers as the whole file does.
			if cok, cwhy := c.allows(mustURL(t, p.u), "vigie"); cok != ok || cwhy != why {
				t.Fatalf("%s: compacted entry says %v %q, the whole file %v %q", p.u, cok, cwhy, ok, why)
			}
		}
		sanitizeRobots(body)
	})
}
