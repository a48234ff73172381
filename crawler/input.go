package crawler

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// maxInputLen bounds the length of an input URL.
const maxInputLen = 2048

var schemePrefixRE = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$`)

// ParseInput reads a vendor as given on the command line or in a vendor
// list: an http or https URL, or a bare domain (with an optional path),
// which means https:// that domain. Internationalised domain names are
// converted to their ASCII form; the fragment is dropped. The error says
// why an input is refused.
func ParseInput(input string) (*url.URL, error) {
	s := strings.TrimSpace(input)
	switch {
	case s == "":
		return nil, errors.New("empty input: want a URL or a domain")
	case len(s) > maxInputLen:
		return nil, fmt.Errorf("input is %d bytes long; at most %d are accepted", len(s), maxInputLen)
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == ' ' {
			return nil, fmt.Errorf("input %q contains spaces or control characters", s)
		}
	}
	if strings.HasPrefix(s, "//") {
		s = "https:" + s
	} else if !strings.Contains(s, "://") {
		if m := schemePrefixRE.FindStringSubmatch(s); m != nil && !startsWithDigit(m[2]) {
			return nil, fmt.Errorf("scheme %q is not supported: only http and https", strings.ToLower(m[1]))
		}
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("not a URL: %v", err)
	}
	if u, err = checkURL(u); err != nil {
		return nil, err
	}
	// Percent-encoding can lengthen an input: the bound holds for the URL
	// as it is written in reports and read back by --resume.
	if n := len(u.String()); n > maxInputLen {
		return nil, fmt.Errorf("the URL is %d bytes long once encoded; at most %d are accepted", n, maxInputLen)
	}
	return u, nil
}

// checkURL validates an absolute URL found anywhere (input, link, redirect)
// and returns it normalised: scheme and host lower-case, host in ASCII, no
// fragment, path at least "/".
func checkURL(u *url.URL) (*url.URL, error) { return checkURLHosts(u, nil) }

// asciiHost is a domain name checked and in ASCII (IDNA), or why it is not
// a valid one.
type asciiHost struct {
	name string
	err  error
}

// checkURLHosts is checkURL remembering in hosts (when not nil) the domain
// names it has checked (see hostMemo).
func checkURLHosts(u *url.URL, hosts *hostMemo) (*url.URL, error) {
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return nil, errors.New("not an absolute URL")
		}
		return nil, fmt.Errorf("scheme %q is not supported: only http and https", u.Scheme)
	}
	if u.Opaque != "" {
		return nil, fmt.Errorf("%s URL without a host", u.Scheme)
	}
	if u.User != nil {
		return nil, errors.New("a user name or password in the URL is not accepted")
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return nil, errors.New("no host in the URL")
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("port %q is out of range", port)
		}
	}
	if strings.Contains(u.Host, ":") && port == "" && !strings.HasPrefix(u.Host, "[") {
		return nil, fmt.Errorf("host %q: empty port", u.Host)
	}
	if ip := net.ParseIP(strings.Trim(host, "[]")); ip == nil {
		var h asciiHost
		ok := false
		if hosts != nil {
			h, ok = hosts.ascii[host]
		}
		if !ok {
			h = toASCIIHost(host)
			if hosts != nil {
				if hosts.ascii == nil {
					hosts.ascii = map[string]asciiHost{}
				}
				hosts.ascii[host] = h
			}
		}
		if h.err != nil {
			return nil, h.err
		}
		host = h.name
		if port != "" {
			u.Host = host + ":" + port
		} else {
			u.Host = host
		}
	} else {
		u.Host = strings.ToLower(u.Host)
	}
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" && u.RawPath == "" {
		u.Path = "/"
	}
	return u, nil
}

// toASCIIHost checks a domain name and returns it in ASCII, lower-case.
func toASCIIHost(host string) asciiHost {
	ascii, err := idna.Lookup.ToASCII(strings.TrimSuffix(host, "."))
	if err == nil && utf8.ValidString(host) {
		// The ASCII form must itself be valid: IDNA maps some invalid
		// input to labels it then refuses.
		var again string
		again, err = idna.Lookup.ToASCII(ascii)
		if again != ascii {
			err = fmt.Errorf("unstable name")
		}
	}
	if err == nil && slices.Contains(strings.Split(ascii, "."), "") {
		err = fmt.Errorf("empty label")
	}
	if err != nil || ascii == "" || !utf8.ValidString(host) {
		return asciiHost{err: fmt.Errorf("host %q is not a valid domain name", host)}
	}
	return asciiHost{name: strings.ToLower(ascii)}
}

// credentialsRE finds the user information of URLs in text that does not
// parse as one URL.
var credentialsRE = regexp.MustCompile(`(//)[^/?#@]*@`)

// RedactURL hides the user name and password of a URL given as text, for
// reasons, candidates, reports and logs: a vendor list or a page may hold
// a URL that carries credentials (http://user:password@host/), and they
// must not travel further. Other text is returned as is.
func RedactURL(raw string) string {
	if !strings.Contains(raw, "@") {
		return raw
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return credentialsRE.ReplaceAllString(raw, "${1}redacted@")
	case u.User == nil:
		return raw
	}
	u.User = url.User("redacted")
	return u.String()
}

// hasCredentials reports whether a link's href carries a user name or
// password.
func hasCredentials(href string) bool { return RedactURL(href) != href }

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// hostPort returns u's host with its port, the default port added: the
// address a connection to u dials.
func hostPort(u *url.URL) string {
	if u.Port() != "" {
		return strings.ToLower(u.Host)
	}
	port := "80"
	if u.Scheme == "https" {
		port = "443"
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// origin returns scheme://host[:port] of u.
func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }

// urlKey identifies a page for de-duplication: the URL without fragment,
// with a trailing slash on a bare host.
func urlKey(u *url.URL) string {
	v := *u
	v.Fragment, v.RawFragment = "", ""
	if v.Path == "" {
		v.Path = "/"
	}
	return v.String()
}
