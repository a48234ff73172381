// Package demo serves vigie's built-in sample vendor sites on loopback, so
// that `vigie demo` (and the end-to-end tests) run the real crawler,
// analyzer and rules without the internet.
//
// The sites are our own writing: English, French and German vendors of
// connected scales, watches, sleep sensors, pet trackers, thermostats and
// forks. One policy misses several topics, one site has no policy, one keeps
// its policy two hops away behind its legal notice, one links a policy on its
// parent company's domain.
package demo

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed sites
var siteFiles embed.FS

// A Site is one sample web site.
type Site struct {
	ID      string // folder under sites/
	Name    string // the vendor's name
	Product string
	// Vendor is false for sites that only host another vendor's policy.
	Vendor bool
	// Cookies are the Set-Cookie values the home page sends before any
	// consent.
	Cookies []string
}

// Sites lists the sample sites, vendors first in a fixed order.
func Sites() []Site {
	return []Site{
		{ID: "balance", Name: "Balance Labs", Product: "Wi-Fi smart scale", Vendor: true,
			Cookies: []string{"session=7f3a; Path=/; HttpOnly", "_bl_analytics=GA1.2.99; Path=/; Max-Age=34128000"}},
		{ID: "aiguille", Name: "Aiguille", Product: "hybrid smart watch", Vendor: true,
			Cookies: []string{"panier_id=31; Path=/"}},
		{ID: "schlafwerk", Name: "Schlafwerk", Product: "under-mattress sleep sensor", Vendor: true},
		{ID: "trailpulse", Name: "TrailPulse", Product: "GPS pet tracker", Vendor: true,
			Cookies: []string{"_tp_visitor=abc123; Path=/; Max-Age=63072000"}},
		{ID: "hearthly", Name: "Hearthly", Product: "smart thermostat", Vendor: true},
		{ID: "fourchette", Name: "Fourchette Lente", Product: "smart fork", Vendor: true},
		{ID: "gourmet-group", Name: "Gourmet Group", Product: "parent company of Fourchette Lente"},
	}
}

// A Vendor is a demo vendor to audit: its name and home-page URL.
type Vendor struct {
	Name    string
	Product string
	URL     string
}

// A Farm is the set of running sample sites, each on its own loopback
// origin.
type Farm struct {
	servers []*http.Server
	origins map[string]string // site id → http://127.0.0.1:port
	sites   []Site
	wg      sync.WaitGroup
}

// Start serves every sample site on its own loopback port. Close stops them.
func Start(ctx context.Context) (*Farm, error) {
	f := &Farm{origins: map[string]string{}, sites: Sites()}
	var lc net.ListenConfig
	listeners := make([]net.Listener, 0, len(f.sites))
	for _, s := range f.sites {
		ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
		if err != nil {
			for _, l := range listeners {
				l.Close()
			}
			return nil, fmt.Errorf("demo: listen for %s: %w", s.ID, err)
		}
		listeners = append(listeners, ln)
		f.origins[s.ID] = "http://" + ln.Addr().String()
	}
	for i, s := range f.sites {
		srv := &http.Server{Handler: f.handler(s), ReadHeaderTimeout: 10 * time.Second}
		f.servers = append(f.servers, srv)
		f.wg.Add(1)
		go func(ln net.Listener) {
			defer f.wg.Done()
			_ = srv.Serve(ln)
		}(listeners[i])
	}
	return f, nil
}

// Vendors returns the demo vendors in their fixed order.
func (f *Farm) Vendors() []Vendor {
	var vs []Vendor
	for _, s := range f.sites {
		if s.Vendor {
			vs = append(vs, Vendor{Name: s.Name, Product: s.Product, URL: f.origins[s.ID] + "/"})
		}
	}
	return vs
}

// Origin returns the origin (scheme://host:port) a site is served on.
func (f *Farm) Origin(id string) string { return f.origins[id] }

// Close stops every site and waits for the servers to return.
func (f *Farm) Close() error {
	var errs []error
	for _, srv := range f.servers {
		if err := srv.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	f.wg.Wait()
	return errors.Join(errs...)
}

// handler serves one site's folder. A path /a/b is served from a/b, a/b.html
// or a/b/index.html; "{{origin}}" and "{{origin:ID}}" in text files become
// the origins the farm listens on.
func (f *Farm) handler(s Site) http.Handler {
	root, err := fs.Sub(siteFiles, path.Join("sites", s.ID))
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name, body, ok := lookup(root, r.URL.Path)
		if !ok {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Not found</title></head><body><h1>Page not found</h1></body></html>")
			return
		}
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = "text/plain; charset=utf-8"
		}
		if strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "xml") {
			body = []byte(f.expand(s, string(body)))
		}
		w.Header().Set("Content-Type", ctype)
		if r.URL.Path == "/" {
			for _, c := range s.Cookies {
				w.Header().Add("Set-Cookie", c)
			}
		}
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(body)
	})
}

func (f *Farm) expand(s Site, text string) string {
	if !strings.Contains(text, "{{origin") {
		return text
	}
	text = strings.ReplaceAll(text, "{{origin}}", f.origins[s.ID])
	for id, origin := range f.origins {
		text = strings.ReplaceAll(text, "{{origin:"+id+"}}", origin)
	}
	return text
}

func lookup(root fs.FS, urlPath string) (string, []byte, bool) {
	p := strings.Trim(path.Clean("/"+urlPath), "/")
	var tries []string
	if p == "" {
		tries = []string{"index.html"}
	} else {
		tries = []string{p, p + ".html", path.Join(p, "index.html")}
	}
	for _, name := range tries {
		b, err := fs.ReadFile(root, name)
		if err == nil {
			return name, b, true
		}
	}
	return "", nil, false
}
