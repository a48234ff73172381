package crawler

import (
	"errors"
	"net/http"
	"time"
)

// A Recorder keeps the evidence of discovery: every HTTP exchange, exactly
// as sent and received, and every page rendered in a browser. Package warc
// writes them to a WARC file. Methods are called from the goroutines of
// concurrent discoveries and must be safe for concurrent use; they should
// return quickly (the exchange's connection is held meanwhile).
type Recorder interface {
	RecordExchange(ex *Exchange) error
	RecordRendering(r *Rendering) error
}

// Truncation reasons of Exchange.Truncated, as WARC-Truncated names them.
const (
	TruncatedLength     = "length"     // cut at the body cap, or not read (not a document)
	TruncatedTime       = "time"       // cut by the request timeout
	TruncatedDisconnect = "disconnect" // the connection failed part-way
)

// An Exchange is one HTTP request of discovery and the response to it.
// Requests that got no response (DNS, refused, TLS, timeouts before the
// headers) are not exchanges: Result.Tried records them.
type Exchange struct {
	// Request is the request as sent: method, URL, Host, and the headers
	// the crawler set (user agent, Accept, Accept-Encoding, cookies). Its
	// body is empty: discovery only makes GET requests.
	Request *http.Request
	// Response holds the status line and headers as received. Its Body is
	// not readable: the bytes are in Body.
	Response *http.Response
	// Body is the response body as received, still content-encoded (gzip)
	// when the server encoded it, up to the crawler's caps. The report's
	// SHA-256 is of the decoded body (Page.Body).
	Body []byte
	// Truncated is "" for a complete body, else why it is incomplete
	// (TruncatedLength, TruncatedTime, TruncatedDisconnect).
	Truncated string
	// RemoteAddr is the address (ip:port) of the server that answered.
	RemoteAddr string
	// At is when the request was sent (Options.Now).
	At time.Time
}

// maxRawSlack is how far the encoded bytes read may exceed the body cap
// (gzip adds a little to incompressible bodies, and decoders read ahead).
const maxRawSlack = 64 << 10

// cappedBuffer keeps the first limit bytes written to it and counts the
// rest.
type cappedBuffer struct {
	limit   int64
	buf     []byte
	dropped bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if room := b.limit - int64(len(b.buf)); room < int64(len(p)) {
		b.buf = append(b.buf, p[:max(0, room)]...)
		b.dropped = true
		return len(p), nil
	}
	b.buf = append(b.buf, p...)
	return len(p), nil
}

// newExchange assembles what the transport saw for the Recorder.
func newExchange(req *http.Request, resp *http.Response, a *attempt, readErr error, remote string, at time.Time) *Exchange {
	ex := &Exchange{
		Request: req,
		Response: &http.Response{
			Status: resp.Status, StatusCode: resp.StatusCode,
			Proto: resp.Proto, ProtoMajor: resp.ProtoMajor, ProtoMinor: resp.ProtoMinor,
			Header: resp.Header.Clone(), ContentLength: resp.ContentLength,
			TransferEncoding: resp.TransferEncoding, Request: req,
		},
		RemoteAddr: remote,
		At:         at,
	}
	ex.Body = a.body
	if a.decoded && a.raw != nil {
		ex.Body = a.raw.buf
	}
	switch {
	case readErr != nil && isTimeout(readErr):
		ex.Truncated = TruncatedTime
	case readErr != nil:
		ex.Truncated = TruncatedDisconnect
	case a.truncated || a.skipped != "" || (a.decoded && a.raw != nil && a.raw.dropped):
		ex.Truncated = TruncatedLength
	}
	return ex
}

// errRecorder wraps a Recorder failure for the vendor's warnings.
var errRecorder = errors.New("evidence not recorded")
