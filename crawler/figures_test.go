package crawler

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/vigie-audit/vigie/internal/farm"
)

// Figures over the fixture vendor sites: how many sites with a policy get
// the right one, and how many requests a vendor costs (median, max).
//
//	go test ./crawler -run TestFixtureFigures -v
//	go test ./crawler -run '^$' -bench BenchmarkDiscoverFixtures -benchtime 20x

type fixtureFigures struct {
	sites, withPolicy, rightPolicy int
	requests                       []int
	misses                         []string
}

func (f *fixtureFigures) median() float64 {
	r := slices.Clone(f.requests)
	sort.Ints(r)
	n := len(r)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return float64(r[n/2])
	}
	return float64(r[n/2-1]+r[n/2]) / 2
}

func (f *fixtureFigures) max() int { return slices.Max(f.requests) }

func (f *fixtureFigures) String() string {
	return fmt.Sprintf("%d fixture vendors; right policy for %d of %d sites that have one; requests per vendor: median %g, max %d",
		f.sites, f.rightPolicy, f.withPolicy, f.median(), f.max())
}

func measureFixtures(t testing.TB) *fixtureFigures {
	return measureCases(t, loadFixtureCases(t), nil)
}

// measureCases runs discovery on each case once, counts the figures, and
// hands each case's result to each (when not nil).
func measureCases(t testing.TB, cases []*fixtureCase, each func(*fixtureCase, *Result)) *fixtureFigures {
	f := &fixtureFigures{}
	for _, c := range cases {
		res, _ := runFixture(t, c)
		if each != nil {
			each(c, res)
		}
		f.sites++
		if c.Input == "" || res.Status == StatusInvalidInput {
			continue // no request is made for an invalid input
		}
		f.requests = append(f.requests, res.Requests)
		if c.Want.Policy != "" {
			f.withPolicy++
			if res.Policy != nil && (res.Policy.FinalURL == c.Want.Policy || res.Policy.Canonical == c.Want.Policy) {
				f.rightPolicy++
			} else {
				f.misses = append(f.misses, c.Name)
			}
		}
	}
	return f
}

func TestFixtureFigures(t *testing.T) {
	var lines []string
	f := measureCases(t, loadFixtureCases(t), func(c *fixtureCase, res *Result) {
		lines = append(lines, fmt.Sprintf("%-22s %-18s %2d requests", c.Name, res.Status, res.Requests))
	})
	t.Log(f)
	t.Log("\n" + strings.Join(lines, "\n"))
	if f.rightPolicy != f.withPolicy {
		t.Errorf("wrong or missing policy for %q", f.misses)
	}
}

// TestExternalSiteFigures gives the same figures over sites kept outside the
// repository (copies of real vendors' pages, whose licences keep them out of
// it), in the layout of testdata/sites; it skips when VIGIE_SITES is unset:
//
//	VIGIE_SITES=/path/to/sites go test ./crawler -run TestExternalSiteFigures -v
func TestExternalSiteFigures(t *testing.T) {
	dir := os.Getenv("VIGIE_SITES")
	if dir == "" {
		t.Skip("VIGIE_SITES names no folder of sites")
	}
	var lines []string
	f := measureCases(t, loadCasesFrom(t, dir), func(c *fixtureCase, res *Result) {
		var got string
		if res.Policy != nil {
			got = res.Policy.FinalURL
		}
		lines = append(lines, fmt.Sprintf("%-40s %-10s %2d requests  %s (want %s) %s", c.Name, res.Status, res.Requests, got, c.Want.Policy, res.Reason))
	})
	t.Log(f)
	t.Log("\n" + strings.Join(lines, "\n"))
	if f.rightPolicy != f.withPolicy {
		t.Errorf("wrong or missing policy for %q", f.misses)
	}
}

func BenchmarkDiscoverFixtures(b *testing.B) {
	var f *fixtureFigures
	for b.Loop() {
		f = measureFixtures(b)
	}
	b.ReportMetric(f.median(), "req/vendor-median")
	b.ReportMetric(float64(f.max()), "req/vendor-max")
	b.ReportMetric(float64(f.rightPolicy)/float64(f.withPolicy), "right-policy-rate")
	b.ReportMetric(float64(f.sites), "vendors")
}

// BenchmarkScanHTML measures the page scanner on a 10 MB page with a
// footer of 20,000 links.
func BenchmarkScanHTML(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`<html lang="en"><body><main>`)
	for sb.Len() < 9_000_000 {
		sb.WriteString("<div><p>Our scales measure weight, body fat and muscle mass, every <b>morning</b>.</p></div>\n")
	}
	sb.WriteString("</main><footer>")
	for i := range 20000 {
		fmt.Fprintf(&sb, `<a href="/p/%d">Product %d</a>`, i, i)
	}
	sb.WriteString(`<a href="/privacy-policy">Privacy Policy</a></footer></body></html>`)
	page := []byte(sb.String())
	w, _ := DefaultWords()
	u := mustURL(b, "http://v.test/")
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		d := scanHTML(page)
		w.pageLinks(d, u, MethodPageLink)
	}
}

// BenchmarkScoreFooter measures scoring of a typical home page's links.
func BenchmarkScoreFooter(b *testing.B) {
	page := []byte(`<html lang="de"><body><footer>
<a href="/impressum">Impressum</a><a href="/agb">AGB</a><a href="/datenschutz">Datenschutz</a>
<a href="javascript:x()">Cookie-Einstellungen</a><a href="/kontakt">Kontakt</a><a href="/karriere">Karriere</a>
</footer></body></html>`)
	w, _ := DefaultWords()
	u := mustURL(b, "http://v.test/")
	for b.Loop() {
		w.pageLinks(scanHTML(page), u, MethodPageLink)
	}
}

// BenchmarkScoreLinks300 measures scoring the links of a shop's home page:
// 150 product links in the navigation and 150 footer links (absolute, with
// a query), most on the site's own host.
func BenchmarkScoreLinks300(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`<html lang="en"><body><nav>`)
	for i := range 150 {
		fmt.Fprintf(&sb, `<a href="/collections/product-%d">Product number %d</a>`, i, i)
	}
	sb.WriteString("</nav><main><p>Our scales.</p></main><footer>")
	for i := range 150 {
		fmt.Fprintf(&sb, `<a href="https://www.example-shop.com/pages/info-%d?ref=footer">Info page %d</a>`, i, i)
	}
	sb.WriteString(`<a href="/privacy-policy">Privacy Policy</a></footer></body></html>`)
	d := scanHTML([]byte(sb.String()))
	w, _ := DefaultWords()
	u := mustURL(b, "https://www.example-shop.com/")
	for b.Loop() {
		w.pageLinks(d, u, MethodPageLink)
	}
}

// BenchmarkVerifyPolicy measures the built-in check on a generated
// vendor's policy page (the farm's): scanning the page and deciding.
func BenchmarkVerifyPolicy(b *testing.B) {
	w, _ := DefaultWords()
	var pages []*Page
	for i := range 8 {
		body := []byte(farm.Policy(i))
		pages = append(pages, &Page{ContentType: "text/html; charset=utf-8", Body: body})
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := pages[i%len(pages)]
		d := scanHTML(p.Body)
		if ok, why := verifyPolicy(w.signals(p, d), true); !ok {
			b.Fatal(why)
		}
	}
}
