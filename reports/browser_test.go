package reports

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The browser tests open the HTML report in real headless Chromium (Debian's
// chromium package). They skip, saying why, when no Chromium is installed,
// unless VIGIE_REQUIRE_CHROMIUM=1 (CI sets it), where a missing browser
// fails.

// chromiumPath finds the browser or skips (fails under
// VIGIE_REQUIRE_CHROMIUM=1).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium found on PATH (install Debian's chromium package); the browser test of the HTML report did not run"
	if os.Getenv("VIGIE_REQUIRE_CHROMIUM") == "1" {
		t.Fatal(msg + ", and VIGIE_REQUIRE_CHROMIUM=1 requires it")
	}
	t.Skip(msg)
	return ""
}

// browserPage is a page open in headless Chromium, with what it logged and
// requested.
type browserPage struct {
	ctx     context.Context
	url     string
	mu      sync.Mutex
	errors  []string // console errors, uncaught exceptions, browser-log errors (CSP violations)
	reqs    []string // every request but the page's own
	dialogs []string // alert, confirm, prompt
}

func (p *browserPage) snapshot() (errs, reqs, dialogs []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.errors), slices.Clone(p.reqs), slices.Clone(p.dialogs)
}

// openInBrowser starts a fresh Chromium (its own profile, network features
// off: the machine has no network) and loads pageURL.
func openInBrowser(t *testing.T, pageURL string) *browserPage {
	t.Helper()
	bin := chromiumPath(t)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	p := &browserPage{ctx: ctx, url: pageURL}
	dialogs := make(chan struct{}, 16)
	err := chromedp.Listen(ctx, func(ev any) {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, a.Description+string(a.Value))
				}
				p.errors = append(p.errors, "console."+string(ev.Type)+": "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			p.errors = append(p.errors, "exception: "+msg)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				p.errors = append(p.errors, "log ("+string(ev.Entry.Source)+"): "+ev.Entry.Text)
			}
		case *network.EventRequestWillBeSent:
			if ev.Request.URL != p.url {
				p.reqs = append(p.reqs, ev.Request.URL)
			}
		case *page.EventJavascriptDialogOpening:
			p.dialogs = append(p.dialogs, string(ev.Type)+": "+ev.Message)
			select {
			case dialogs <- struct{}{}:
			default:
			}
		}
	})
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	// A dialog blocks the page: dismiss it (and record it) from outside the
	// listener, which must not call the browser.
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-dialogs:
				_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}
		}
	}()
	if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
		t.Fatalf("load %s: %v", pageURL, err)
	}
	return p
}

func eval[T any](t *testing.T, p *browserPage, js string) T {
	t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %q: %v", js, err)
	}
	return v
}

func click(t *testing.T, p *browserPage, css string) {
	t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(css))); err != nil {
		t.Fatalf("click %s: %v", css, err)
	}
}

func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}

// rowNames returns the comparison table's vendor names in display order.
const rowNames = `Array.from(document.querySelectorAll("#comparison tbody tr")).map(r => r.cells[1].textContent.trim())`

// rowCells returns one column of the visible rows, as text.
func rowColumn(col int) string {
	return fmt.Sprintf(`Array.from(document.querySelectorAll("#comparison tbody tr")).map(r => r.cells[%d].getAttribute("data-sort"))`, col)
}

func TestHTMLInBrowser(t *testing.T) {
	p := openInBrowser(t, writeTemp(t, "report.html", render(t, testReport(), "html", Options{})))

	t.Run("inert hostile content", func(t *testing.T) {
		if pwned := eval[bool](t, p, `window.pwned !== undefined`); pwned {
			t.Error("a script from policy text ran (window.pwned is set)")
		}
		if n := eval[int](t, p, `document.scripts.length`); n != 1 {
			t.Errorf("%d <script> elements, want only the report's own", n)
		}
		if n := eval[int](t, p, `document.querySelectorAll("style").length`); n != 1 {
			t.Errorf("%d <style> elements, want only the report's own", n)
		}
		if n := eval[int](t, p, `document.querySelectorAll("img, iframe, object, embed, form, base, link, meta[http-equiv=refresh]").length`); n != 0 {
			t.Errorf("%d elements that load or navigate came from vendor text", n)
		}
		handlers := eval[[]string](t, p, `Array.from(document.querySelectorAll("*")).flatMap(e => Array.from(e.attributes).filter(a => a.name.startsWith("on")).map(a => e.tagName + " " + a.name))`)
		if len(handlers) > 0 {
			t.Errorf("event-handler attributes in the page: %v", handlers)
		}
		hrefs := eval[[]string](t, p, `Array.from(document.querySelectorAll("[href], [src], [action], [formaction]")).map(e => e.getAttribute("href") || e.getAttribute("src") || e.getAttribute("action") || e.getAttribute("formaction"))`)
		for _, h := range hrefs {
			if !strings.HasPrefix(h, "https://") && !strings.HasPrefix(h, "http://") && !strings.HasPrefix(h, "#vendor-") {
				t.Errorf("link to %q: only http(s) URLs and in-page anchors may be links", h)
			}
		}
		if display := eval[string](t, p, `getComputedStyle(document.body).display`); display == "none" {
			t.Error("CSS from policy text hid the page")
		}
		text := eval[string](t, p, `document.body.textContent`)
		for _, want := range []string{
			"<script>window.pwned=1;alert('quote')</script>",
			`<img src=x onerror="window.pwned=1;alert('img')">`,
			`<a href="javascript:alert('link')">Opt out</a>`,
			"</style><style>body{display:none}</style>",
			"javascript:alert('candidate')",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("the page does not show %q as text", want)
			}
		}
	})

	t.Run("sorts by column", func(t *testing.T) {
		initial := eval[[]string](t, p, rowNames)
		if initial[0] != "Acme Scale" || len(initial) != 7 {
			t.Fatalf("initial order %q, want the ranking, Acme Scale first", initial)
		}
		click(t, p, "#comparison thead th:nth-child(2) button") // vendor
		byName := eval[[]string](t, p, rowNames)
		want := slices.Clone(initial)
		sort.Slice(want, func(i, j int) bool { return strings.ToLower(want[i]) < strings.ToLower(want[j]) })
		if !slices.Equal(byName, want) {
			t.Errorf("after a click on Vendor: %q, want %q", byName, want)
		}
		if s := eval[string](t, p, `document.querySelector("#comparison thead th:nth-child(2)").getAttribute("aria-sort")`); s != "ascending" {
			t.Errorf("aria-sort %q after one click, want ascending", s)
		}
		click(t, p, "#comparison thead th:nth-child(3) button") // score: best first
		scores := eval[[]string](t, p, rowColumn(2))
		if !sort.SliceIsSorted(scores, func(i, j int) bool { return atoiT(t, scores[i]) > atoiT(t, scores[j]) }) {
			t.Errorf("after a click on Score: %q, want descending", scores)
		}
		click(t, p, "#comparison thead th:nth-child(3) button") // again: worst first
		scores = eval[[]string](t, p, rowColumn(2))
		if !sort.SliceIsSorted(scores, func(i, j int) bool { return atoiT(t, scores[i]) < atoiT(t, scores[j]) }) {
			t.Errorf("after a second click on Score: %q, want ascending", scores)
		}
		click(t, p, "#comparison thead th:nth-child(11) button") // children coverage
		levels := eval[[]string](t, p, rowColumn(10))
		if !sort.SliceIsSorted(levels, func(i, j int) bool { return atoiT(t, levels[i]) > atoiT(t, levels[j]) }) || levels[0] != "2" {
			t.Errorf("after a click on children: %q, want covered first", levels)
		}
	})

	t.Run("filters by status", func(t *testing.T) {
		if err := chromedp.Do(p.ctx, chromedp.SetValue(chromedp.CSS("#status-filter"), "not_found")); err != nil {
			t.Fatal(err)
		}
		eval[chromedp.Void](t, p, `document.getElementById("status-filter").dispatchEvent(new Event("change"))`)
		visible := eval[[]string](t, p, `Array.from(document.querySelectorAll("#comparison tbody tr")).filter(r => r.offsetParent !== null).map(r => r.cells[1].textContent.trim())`)
		if !slices.Equal(visible, []string{"Nowhere Forks"}) {
			t.Errorf("status not_found shows %q, want [Nowhere Forks]", visible)
		}
		if shown := eval[string](t, p, `document.getElementById("shown").textContent`); shown != "1 of 7 vendors shown" {
			t.Errorf("count says %q", shown)
		}
		details := eval[int](t, p, `Array.from(document.querySelectorAll("[data-vendor-detail]")).filter(d => d.offsetParent !== null).length`)
		if details != 1 {
			t.Errorf("%d vendor sections shown, want 1", details)
		}
		if err := chromedp.Do(p.ctx, chromedp.SetValue(chromedp.CSS("#status-filter"), "")); err != nil {
			t.Fatal(err)
		}
		eval[chromedp.Void](t, p, `document.getElementById("status-filter").dispatchEvent(new Event("change"))`)
		if n := eval[int](t, p, `Array.from(document.querySelectorAll("#comparison tbody tr")).filter(r => r.offsetParent !== null).length`); n != 7 {
			t.Errorf("status all shows %d rows, want 7", n)
		}
	})

	t.Run("prints", func(t *testing.T) {
		pdf, err := chromedp.Run(p.ctx, chromedp.PrintToPDF(chromedp.PDFPrintBackground()))
		if err != nil {
			t.Fatalf("print: %v", err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 10000 {
			t.Errorf("print gave %d bytes, not a PDF of the report", len(pdf))
		}
		// On paper: no controls, and the table's header repeats on each
		// page. (Links show their URL as their text, on screen and paper.)
		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		if d := eval[string](t, p, `getComputedStyle(document.getElementById("controls")).display`); d != "none" {
			t.Errorf("controls print (display %q)", d)
		}
		if d := eval[string](t, p, `getComputedStyle(document.querySelector("#comparison thead")).display`); d != "table-header-group" {
			t.Errorf("table header display %q in print, want table-header-group", d)
		}
		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("no console error, no request, no dialog", func(t *testing.T) {
		time.Sleep(200 * time.Millisecond) // let late events arrive
		errs, reqs, dialogs := p.snapshot()
		if len(errs) > 0 {
			t.Errorf("console errors: %q", errs)
		}
		if len(reqs) > 0 {
			t.Errorf("the report made requests: %q", reqs)
		}
		if len(dialogs) > 0 {
			t.Errorf("vendor text opened dialogs: %q", dialogs)
		}
	})
}

// TestBrowserHarnessDetects shows the harness catches what the report test
// asserts is absent: a console error, a script blocked by the CSP, a request
// and a dialog. Without it, a broken listener would make that test pass.
func TestBrowserHarnessDetects(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0") // a loopback port nobody serves
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	bad := `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<img src="http://` + addr + `/pixel.png">
<script>console.error("boom"); alert("hi");</script>
<iframe srcdoc="<meta http-equiv='Content-Security-Policy' content=&quot;script-src 'none'&quot;><script>1</script>"></iframe>
</body></html>`
	p := openInBrowser(t, writeTemp(t, "bad.html", []byte(bad)))
	deadline := time.Now().Add(10 * time.Second)
	for {
		errs, reqs, dialogs := p.snapshot()
		joined := strings.Join(errs, "\n")
		if strings.Contains(joined, "boom") && strings.Contains(joined, "Content Security Policy") && len(reqs) > 0 && len(dialogs) > 0 {
			t.Logf("caught: errors %q, requests %q, dialogs %q", errs, reqs, dialogs)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("harness missed events: errors %q, requests %q, dialogs %q", errs, reqs, dialogs)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func atoiT(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}
