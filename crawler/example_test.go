package crawler_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/vigie-audit/vigie/crawler"
)

// A vendor site served locally under a made-up name, the way the offline
// demo does: DialContext sends www.example-scales.test to the local server.
func ExampleCrawler_Discover() {
	policy, _ := os.ReadFile("testdata/sites/footer-en/www.acme-scales.test/privacy-policy.html")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html lang="en"><body><h1>Smart scales</h1>
<footer><a href="/legal/privacy">Privacy Policy</a> <a href="/legal/terms">Terms</a></footer></body></html>`)
		case "/legal/privacy":
			w.Write(policy)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	c, err := crawler.New(crawler.Options{
		Delay: crawler.NoDelay, // a local benchmark; the default is one second per host
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, srv.Listener.Addr().String())
		},
		VendorTimeout: 10 * time.Second,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	res := c.Discover(context.Background(), "http://www.example-scales.test/")
	fmt.Println(res.Status, res.Policy.FinalURL, res.Requests, "requests")
	for _, st := range res.DiscoveredVia {
		fmt.Println(st.Method, st.URL)
	}
	for _, cd := range res.Candidates {
		fmt.Printf("%s %q %g %s\n", cd.Method, cd.Text, cd.Score, cd.Outcome)
	}
	// Output:
	// found http://www.example-scales.test/legal/privacy 3 requests
	// input http://www.example-scales.test/
	// footer_link http://www.example-scales.test/legal/privacy
	// footer_link "Privacy Policy" 105 chosen
	// footer_link "Terms" -15 not_tried
}

// Inputs are read as a person would type them; anything but http and https
// is refused with a reason.
func ExampleParseInput() {
	for _, in := range []string{"acme-scales.com", "http://Acme.test:8080/fr/#top", "ftp://acme.test/"} {
		u, err := crawler.ParseInput(in)
		fmt.Println(u, err)
	}
	// Output:
	// https://acme-scales.com/ <nil>
	// http://acme.test:8080/fr/ <nil>
	// <nil> scheme "ftp" is not supported: only http and https
}
