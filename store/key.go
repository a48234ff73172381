package store

import (
	"net/url"
	"path/filepath"
	"strings"

	"golang.org/x/net/idna"
)

// VendorKey returns the identity under which a vendor's history is kept, so
// that "withings.com", "https://www.withings.com/" and
// "HTTP://Withings.com:443" are the same vendor:
//
//   - the scheme, user info, query and fragment are dropped;
//   - the host is lower-cased, converted to its ASCII (punycode) form, and a
//     leading "www." is removed, as is a default port (80, 443);
//   - the path is kept (a vendor may live under a path), without trailing
//     slashes; "/" becomes "".
//
// So "https://www.Example.com/fr/" becomes "example.com/fr". A local file
// (analyze) is keyed "file:" plus its cleaned path. An input that is not a
// URL at all is lower-cased and trimmed.
func VendorKey(input string) string {
	in := strings.TrimSpace(input)
	if in == "" {
		return ""
	}
	lower := strings.ToLower(in)
	switch {
	case strings.HasPrefix(lower, "file:"):
		p := in[len("file:"):]
		p = strings.TrimPrefix(p, "//")
		return "file:" + filepath.ToSlash(filepath.Clean(p))
	case strings.HasPrefix(in, "/") || strings.HasPrefix(in, "./") || strings.HasPrefix(in, "../") || strings.HasPrefix(in, `.\`):
		return "file:" + filepath.ToSlash(filepath.Clean(in))
	}
	raw := in
	if !strings.Contains(lower, "://") {
		raw = "http://" + in
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return lower
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimSuffix(host, ".")
	if a, err := idna.Lookup.ToASCII(host); err == nil {
		host = a
	}
	host = strings.TrimPrefix(host, "www.")
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	path := strings.TrimRight(u.EscapedPath(), "/")
	return host + strings.ToLower(path)
}
