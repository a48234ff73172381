package crawler

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestFetch(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow: /private/\n"))
	})
	mux.HandleFunc("/policy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<html lang=en><title>Privacy Policy</title><p>We collect your e-mail address.</p></html>"))
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/policy", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c, err := New(Options{Delay: NoDelay, Retries: NoRetries})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	f := c.Fetch(ctx, srv.URL+"/moved")
	if f.Status != StatusFound || f.Page == nil || !strings.HasSuffix(f.Page.FinalURL, "/policy") ||
		f.Page.Title != "Privacy Policy" || f.Page.SHA256 == "" || f.Requests != 3 {
		t.Errorf("redirected policy: %+v (page %+v)", f, f.Page)
	}
	if f := c.Fetch(ctx, srv.URL+"/gone"); f.Status != StatusBrokenLink || !strings.Contains(f.Reason, "404") {
		t.Errorf("404: %+v", f)
	}
	if f := c.Fetch(ctx, srv.URL+"/private/draft"); f.Status != StatusRobotsDisallowed || f.Page != nil {
		t.Errorf("disallowed: %+v", f)
	}
	if f := c.Fetch(ctx, "ftp://example.com/x"); f.Status != StatusInvalidInput {
		t.Errorf("ftp: %+v", f)
	}
	closed := httptest.NewServer(mux)
	closed.Close()
	if f := c.Fetch(ctx, closed.URL+"/policy"); f.Status != StatusFetchError {
		t.Errorf("closed server: %+v", f)
	}
}
