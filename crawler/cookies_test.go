package crawler

import (
	"net/http"
	"testing"
	"time"
)

func TestHomeCookies(t *testing.T) {
	now := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	start := mustURL(t, "http://vendor.test/")
	www := mustURL(t, "http://www.vendor.test/")
	other := mustURL(t, "http://go.tracker.test/r")
	parse := func(line string) *http.Cookie {
		c, err := http.ParseSetCookie(line)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	set := []setCookie{
		{other, parse("trk=1; Domain=tracker.test; Max-Age=31536000")},
		{www, parse("sid=abc; Path=/; HttpOnly")},
		{www, parse("_ga=GA1; Domain=.vendor.test; Max-Age=63072000")},
		{www, parse("exp=1; Expires=" + now.Add(48*time.Hour).Format(http.TimeFormat))},
		{www, parse("gone=1; Max-Age=0")},
		{www, parse("old=1; Expires=" + now.Add(-time.Hour).Format(http.TimeFormat))},
		{www, parse("foreign=1; Domain=elsewhere.test")}, // a browser refuses it
		{www, parse("tld=1; Domain=test")},               // a public suffix
		{www, parse("sid=def; Path=/")},                  // set again
	}
	got := homeCookies(set, start, now)
	want := []Cookie{
		{Name: "trk", Domain: "tracker.test", ThirdParty: true, LifetimeSeconds: 31536000, Source: "set-cookie"},
		{Name: "_ga", Domain: "vendor.test", LifetimeSeconds: 63072000, Source: "set-cookie"},
		{Name: "exp", Domain: "www.vendor.test", LifetimeSeconds: 48 * 3600, Source: "set-cookie"},
		{Name: "sid", Domain: "www.vendor.test", LifetimeSeconds: 0, Source: "set-cookie"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cookie %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
