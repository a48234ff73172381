package crawler

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Errors of fetching. Discover never returns them: every problem becomes a
// Result status and a reason; these name the causes inside the package.
var (
	errBudget           = errors.New("request budget exhausted")
	errTooManyRedirects = errors.New("too many redirects")
	errRedirectLoop     = errors.New("redirect loop")
	errBadRedirect      = errors.New("invalid redirect")
	errRobots           = errors.New("disallowed by robots.txt")
)

// fetchError says which stage of discovery failed on which URL.
type fetchError struct {
	URL   string
	Stage string // robots, home, policy, hub, sitemap, well_known_path, cookie_policy
	Err   error
}

func (e *fetchError) Error() string { return fmt.Sprintf("%s %s: %v", e.Stage, e.URL, e.Err) }
func (e *fetchError) Unwrap() error { return e.Err }

// privateAddressError is the refusal of a link or redirect from a public
// host to a loopback, private or link-local address.
type privateAddressError struct {
	From string     // host:port of the page that led there
	Host string     // host:port asked for
	Addr netip.Addr // the address it resolved to
}

func (e *privateAddressError) Error() string {
	from := e.From
	if from == "" {
		from = "a public host"
	}
	if e.Addr.IsValid() {
		return fmt.Sprintf("refused to follow a link from %s to %s, which is the private address %s", from, e.Host, e.Addr)
	}
	return fmt.Sprintf("refused to follow a link from %s to the private host %s", from, e.Host)
}

// describeErr turns a fetch error into a reason a person can act on.
// vendorCtx is the vendor's context, to tell its deadline from a request's.
func describeErr(err error, vendorCtx context.Context, o *Options) string {
	var (
		pe   *privateAddressError
		dns  *net.DNSError
		ue   *url.Error
		cerr *tls.CertificateVerificationError
		uae  x509.UnknownAuthorityError
		he   x509.HostnameError
		cie  x509.CertificateInvalidError
		rhe  tls.RecordHeaderError
	)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, errBudget):
		return fmt.Sprintf("request budget of %d requests per vendor exhausted", o.MaxRequests)
	case errors.Is(err, errRobots), errors.Is(err, errTooManyRedirects),
		errors.Is(err, errRedirectLoop), errors.Is(err, errBadRedirect):
		return unwrapURLError(err).Error()
	case errors.As(err, &pe):
		return pe.Error()
	case vendorCtx != nil && errors.Is(vendorCtx.Err(), context.DeadlineExceeded):
		return fmt.Sprintf("vendor time budget of %s exhausted", o.VendorTimeout)
	case vendorCtx != nil && errors.Is(vendorCtx.Err(), context.Canceled):
		return "cancelled before discovery finished"
	case errors.As(err, &dns):
		if dns.IsNotFound {
			return fmt.Sprintf("host %s not found (DNS)", dns.Name)
		}
		return fmt.Sprintf("DNS lookup of %s failed: %v", dns.Name, dns.Err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused" + hostOf(err, " by ")
	case errors.As(err, &cerr), errors.As(err, &uae), errors.As(err, &he), errors.As(err, &cie), errors.As(err, &rhe),
		strings.Contains(err.Error(), "tls: "):
		return "TLS handshake" + hostOf(err, " with ") + " failed: " + innermost(err).Error()
	case isTimeout(err):
		return fmt.Sprintf("timed out%s after %s (request timeout)", hostOf(err, " on "), o.RequestTimeout)
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.EPIPE):
		return "connection" + hostOf(err, " to ") + " reset before the response was complete"
	case errors.As(err, &ue):
		return unwrapURLError(err).Error()
	}
	return err.Error()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, errRequestTimeout) ||
		(errors.As(err, &ne) && ne.Timeout()) || strings.Contains(err.Error(), "Client.Timeout")
}

// errRequestTimeout marks a body read cut by the request timeout.
var errRequestTimeout = errors.New("request timeout")

// isRetryable reports whether a failed request is worth trying again:
// timeouts and connections cut mid-way, not refusals, DNS or TLS failures.
func isRetryable(err error) bool {
	if err == nil || errors.Is(err, errBudget) || errors.Is(err, context.Canceled) {
		return false
	}
	var pe *privateAddressError
	var dns *net.DNSError
	if errors.As(err, &pe) || errors.As(err, &dns) || errors.Is(err, syscall.ECONNREFUSED) {
		return false
	}
	return isTimeout(err) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF) || errors.Is(err, syscall.EPIPE)
}

// hostOf returns prep and the host an error concerns, or "".
func hostOf(err error, prep string) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil && u.Host != "" {
			return prep + u.Host
		}
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Addr != nil {
		return prep + oe.Addr.String()
	}
	return ""
}

func innermost(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(h string, now time.Time) (time.Duration, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	var secs int64
	if _, err := fmt.Sscanf(h, "%d", &secs); err == nil && fmt.Sprint(secs) == h {
		if secs < 0 {
			return 0, false
		}
		secs = min(secs, 366*24*3600)
		return time.Duration(secs) * time.Second, true
	}
	if t, err := httpTime(h); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

func httpTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC1123, time.RFC1123Z, time.RFC850, time.ANSIC} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not an HTTP date: %q", s)
}
