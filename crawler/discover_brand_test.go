package crawler

import (
	"net/url"
	"slices"
	"testing"
)

// TestVendorBrands: on another site's page (a parent group's privacy
// hub), the vendor's brands are the first labels of its start address's
// and home page's registrable domains; on its own site there are none.
func TestVendorBrands(t *testing.T) {
	s := &session{res: &Result{URL: "http://www.riegatec.cl/", Home: &Page{URL: "http://www.riegatec.cl/", FinalURL: "https://www.gota-riego.com/es/"}}}
	for _, tc := range []struct {
		page string
		want []string
	}{
		{"http://www.grupoandesur.cl/privacidad/", []string{"riegatec", "gota"}},
		{"https://legal.riegatec.cl/privacy", nil},
		{"https://legal.gota-riego.com/privacy", nil},
	} {
		u, _ := url.Parse(tc.page)
		if got := s.vendorBrands(u); !slices.Equal(got, tc.want) {
			t.Errorf("vendorBrands(%s) = %q, want %q", tc.page, got, tc.want)
		}
	}
	// A label shorter than minBrandLetters is no name to look for.
	short := &session{res: &Result{URL: "http://abc.com/"}}
	if got := short.vendorBrands(&url.URL{Scheme: "http", Host: "group.com"}); len(got) != 0 {
		t.Errorf("vendorBrands for abc.com = %q, want none", got)
	}
}

// TestNamesBrand: a link names the brand by a word of its text or a
// segment of its address's path, not by a word that merely contains it.
func TestNamesBrand(t *testing.T) {
	brands := []string{"riegatec"}
	for _, tc := range []struct {
		text, href, want string
	}{
		{"Riegatec – Política de privacidad de la app", "http://g.cl/privacidad/app", "riegatec"},
		{"Política de privacidad", "http://g.cl/privacidad/riegatec", "riegatec"},
		{"Política de privacidad", "http://g.cl/privacidad/riegatec-app.html", "riegatec"},
		{"Política de privacidad del sitio corporativo", "http://g.cl/privacidad/sitio-corporativo", ""},
		{"Riegatecnia – Política", "http://g.cl/privacidad/riegatecnia", ""},
	} {
		u, _ := url.Parse(tc.href)
		if got := namesBrand(&cand{text: tc.text, u: u}, brands); got != tc.want {
			t.Errorf("namesBrand(%q, %s) = %q, want %q", tc.text, tc.href, got, tc.want)
		}
	}
}
