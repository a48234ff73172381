package demo

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func TestFarmServesEverySite(t *testing.T) {
	f, err := Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	vs := f.Vendors()
	if len(vs) != 6 {
		t.Fatalf("got %d demo vendors, want 6", len(vs))
	}
	for _, v := range vs {
		resp, body := get(t, v.URL)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: home page status %d", v.Name, resp.StatusCode)
		}
		if !strings.Contains(body, "<footer") {
			t.Errorf("%s: home page has no footer", v.Name)
		}
		if strings.Contains(body, "{{origin") {
			t.Errorf("%s: unexpanded origin placeholder", v.Name)
		}
		if resp, _ := get(t, strings.TrimSuffix(v.URL, "/")+"/robots.txt"); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: robots.txt status %d", v.Name, resp.StatusCode)
		}
	}

	// Paths resolve to name.html and name/index.html; placeholders expand to
	// the other sites' origins.
	resp, body := get(t, f.Origin("balance")+"/legal/privacy-policy")
	if resp.StatusCode != 200 || !strings.Contains(body, "Privacy Policy") {
		t.Errorf("balance policy: status %d", resp.StatusCode)
	}
	_, home := get(t, f.Origin("fourchette")+"/")
	if !strings.Contains(home, f.Origin("gourmet-group")+"/vie-privee/") {
		t.Error("fourchette home page does not link the parent's policy origin")
	}
	resp, _ = get(t, f.Origin("gourmet-group")+"/vie-privee/")
	if resp.StatusCode != 200 {
		t.Errorf("parent policy: status %d", resp.StatusCode)
	}
	resp, _ = get(t, f.Origin("hearthly")+"/privacy")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("hearthly /privacy: status %d, want 404", resp.StatusCode)
	}
	resp, _ = get(t, f.Origin("balance")+"/")
	if len(resp.Cookies()) != 2 {
		t.Errorf("balance home sets %d cookies, want 2", len(resp.Cookies()))
	}
}
