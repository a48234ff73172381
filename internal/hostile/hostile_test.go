package hostile

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestCasesWellFormed(t *testing.T) {
	seen := map[string]bool{}
	statuses := map[string]bool{found: true, notFound: true, brokenLink: true, fetchError: true}
	for _, c := range All() {
		if seen[c.Name] || c.Name == "" || strings.ContainsAny(c.Name, ". ") {
			t.Errorf("case name %q: empty, repeated or not a DNS label", c.Name)
		}
		seen[c.Name] = true
		if c.Does == "" || !statuses[c.Status] {
			t.Errorf("%s: does %q, status %q", c.Name, c.Does, c.Status)
		}
		for _, re := range []string{c.Reason, c.CutReason} {
			if _, err := regexp.Compile(re); err != nil {
				t.Errorf("%s: reason pattern: %v", c.Name, err)
			}
		}
		if c.Good != (c.serve == nil) {
			t.Errorf("%s: a good vendor serves the farm site, a hostile case its own handler", c.Name)
		}
	}
	if len(Hostile()) == 0 || len(Good()) == 0 || len(All()) != len(Hostile())+len(Good()) {
		t.Errorf("%d hostile, %d good, %d in all", len(Hostile()), len(Good()), len(All()))
	}
}

func TestDialStaysOnTheMachine(t *testing.T) {
	s, err := Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for _, addr := range []string{"169.254.169.254:80", "10.0.0.1:80", "example.com:443"} {
		if conn, err := s.Dial(ctx, "tcp", addr); err == nil {
			conn.Close()
			t.Errorf("Dial(%s) connected", addr)
		}
	}
	var dns *net.DNSError
	if _, err := s.Dial(ctx, "tcp", "example.com:80"); !errors.As(err, &dns) || !dns.IsNotFound {
		t.Errorf("Dial(example.com) = %v, want a DNS not-found error", err)
	}
	for host, want := range map[string]string{"good-en.hostile.test:80": "203.0.113.", InternalHost + ":80": "127.0.0.1:", s.Addr(): "127.0.0.1:"} {
		conn, err := s.Dial(ctx, "tcp", host)
		if err != nil {
			t.Fatalf("Dial(%s): %v", host, err)
		}
		if got := conn.RemoteAddr().String(); !strings.HasPrefix(got, want) {
			t.Errorf("Dial(%s): remote address %s, want %s…", host, got, want)
		}
		conn.Close()
	}
	if n := s.Dials("169.254.169.254:80"); n != 1 {
		t.Errorf("%d dials of the metadata address recorded, want 1", n)
	}
}

func TestGoodVendorServesItsSite(t *testing.T) {
	s, err := Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	client := &http.Client{Transport: &http.Transport{DialContext: s.Dial}}
	defer client.CloseIdleConnections()
	c, _ := Lookup("good-fr")
	resp, err := client.Get(c.URL())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "/confidentialite") {
		t.Errorf("good-fr home: %d %q", resp.StatusCode, body)
	}
	if n := s.Requests(c.Host()); n != 1 {
		t.Errorf("%d requests counted, want 1", n)
	}
}

func TestBombSizes(t *testing.T) {
	// The gzip-bomb case says: 5.4 MB on the wire that inflate to 5 GiB.
	wire, inflated := BombSizes()
	if wire < 5_300_000 || wire > 5_500_000 || inflated < 5<<30 {
		t.Errorf("the bomb is %d bytes on the wire, %d inflated", wire, inflated)
	}
}
