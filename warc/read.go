package warc

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	gowarc "github.com/nlnwa/gowarc/v3"
)

// A Record is the index entry of one record of a WARC file.
type Record struct {
	Type string // warcinfo, request, response, resource, metadata, …
	ID   string // WARC-Record-ID, without the angle brackets
	URI  string // WARC-Target-URI
	Date time.Time
	// Offset is where the record starts in the file.
	Offset int64
	// ContentType is the payload's: the HTTP Content-Type of a response,
	// the record's Content-Type otherwise.
	ContentType string
	// Status is the HTTP status of a response record.
	Status int
	// SHA256 is the hex SHA-256 of the payload as stored (the HTTP body of
	// a response, the whole block of a resource).
	SHA256 string
	// DecodedSHA256 is the hex SHA-256 of a response's body with its
	// Content-Encoding (gzip, deflate) removed: what vigie hashes in its
	// reports. Empty when the body is not encoded.
	DecodedSHA256 string
	// Bytes is the payload size as stored.
	Bytes int64
	// Truncated is the WARC-Truncated reason, "" for a whole payload.
	Truncated string
}

// A Problem is a record that does not check out: a digest that does not
// match its content, or a record that cannot be read.
type Problem struct {
	Offset int64
	ID     string
	URI    string
	Detail string
}

func (p Problem) String() string {
	where := fmt.Sprintf("offset %d", p.Offset)
	if p.ID != "" {
		where += " " + p.ID
	}
	if p.URI != "" {
		where += " (" + p.URI + ")"
	}
	return where + ": " + p.Detail
}

// An Archive is the index of a WARC file, its digests checked.
type Archive struct {
	Path     string
	Records  []Record
	Problems []Problem
	byURI    map[string][]int
}

// maxDecodedBytes bounds the decoding of an encoded payload while
// indexing (a gzip bomb in an archive stops there).
const maxDecodedBytes = 256 << 20

// Open reads the WARC file at path record by record, checks every
// WARC-Block-Digest and WARC-Payload-Digest against the content, and
// indexes the records by target URI and payload hash. A record that fails
// its digests or cannot be parsed is a Problem; a file that cannot be read
// at all is an error.
func Open(ctx context.Context, path string) (*Archive, error) {
	buildMu.Lock()
	r, err := gowarc.NewWarcFileReader(path, 0, readOptions()...)
	buildMu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("open warc: %w", err)
	}
	defer r.Close()
	a := &Archive{Path: path, byURI: map[string][]int{}}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if len(a.Records) == 0 && len(a.Problems) == 0 {
				return nil, fmt.Errorf("%s is not a readable WARC file: %w", path, err)
			}
			a.Problems = append(a.Problems, Problem{Offset: rec.Offset, Detail: "unreadable record, reading stopped: " + err.Error()})
			break
		}
		a.add(rec)
		rec.Close()
	}
	if len(a.Records) == 0 && len(a.Problems) == 0 {
		return nil, fmt.Errorf("%s holds no WARC record", path)
	}
	return a, nil
}

func readOptions() []gowarc.WarcRecordOption {
	return []gowarc.WarcRecordOption{
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn),
		gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore),
		gowarc.WithBlockErrorPolicy(gowarc.ErrWarn),
		gowarc.WithBufferMaxMemBytes(4 << 20),
	}
}

func (a *Archive) add(rec gowarc.Record) {
	wr := rec.WarcRecord
	h := wr.WarcHeader()
	e := Record{
		Type:      wr.Type().String(),
		ID:        wr.RecordId(),
		URI:       h.Get(gowarc.WarcTargetURI),
		Offset:    rec.Offset,
		Truncated: h.Get(gowarc.WarcTruncated),
	}
	e.Date, _ = wr.Date()
	for _, v := range rec.Validation {
		a.Problems = append(a.Problems, Problem{Offset: rec.Offset, ID: e.ID, URI: e.URI, Detail: v.Error()})
	}
	var payload io.Reader
	var encoding string
	switch b := wr.Block().(type) {
	case gowarc.HttpResponseBlock:
		e.Status = b.HttpStatusCode()
		if hh := b.HttpHeader(); hh != nil {
			e.ContentType = hh.Get("Content-Type")
			encoding = strings.ToLower(strings.TrimSpace(hh.Get("Content-Encoding")))
		}
		payload, _ = b.PayloadBytes()
	case gowarc.HttpRequestBlock:
		payload, _ = b.PayloadBytes()
	default:
		e.ContentType = h.Get(gowarc.ContentType)
		payload, _ = wr.Block().RawBytes()
	}
	if payload != nil {
		body, err := io.ReadAll(payload)
		if err != nil {
			a.Problems = append(a.Problems, Problem{Offset: rec.Offset, ID: e.ID, URI: e.URI, Detail: "payload unreadable: " + err.Error()})
		}
		e.Bytes = int64(len(body))
		e.SHA256 = hexSHA256(body)
		if encoding != "" && encoding != "identity" {
			if dec, ok := decode(body, encoding); ok {
				e.DecodedSHA256 = hexSHA256(dec)
			}
		}
	}
	a.byURI[e.URI] = append(a.byURI[e.URI], len(a.Records))
	a.Records = append(a.Records, e)
}

// decode removes a Content-Encoding; a cut stream yields what it holds.
func decode(body []byte, encoding string) ([]byte, bool) {
	var r io.Reader
	switch encoding {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, false
		}
		r = zr
	case "deflate":
		br := bufio.NewReader(bytes.NewReader(body))
		if head, err := br.Peek(2); err == nil && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 && head[0]&0x0f == 8 {
			zr, err := zlib.NewReader(br)
			if err != nil {
				return nil, false
			}
			r = zr
		} else {
			r = flate.NewReader(br)
		}
	default:
		return nil, false
	}
	out, err := io.ReadAll(io.LimitReader(r, maxDecodedBytes))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, false
	}
	return out, true
}

func hexSHA256(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Verdicts of Check.
const (
	OK       = "ok"
	Mismatch = "mismatch"
	Missing  = "missing"
)

// A Verdict is the outcome of checking a document's hash against the
// archive.
type Verdict struct {
	// Status is OK, Mismatch (the archive has the URL, with other
	// content) or Missing (the archive has no capture of the URL).
	Status string
	// Record is the matching record (OK).
	Record *Record
	// Found are the payload hashes archived for the URL (Mismatch).
	Found []string
	// Elsewhere is a record with the hash under another URI, if any.
	Elsewhere *Record
}

// Check looks for a response or resource record of one of uris (the
// document's final URL, then the URL asked for) whose payload has the hex
// SHA-256 sum — as stored, or with its Content-Encoding removed.
func (a *Archive) Check(sum string, uris ...string) Verdict {
	sum = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(sum), "sha256:"))
	var v Verdict
	seen := map[string]bool{}
	for _, u := range uris {
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		for _, i := range a.byURI[u] {
			r := &a.Records[i]
			if r.Type != "response" && r.Type != "resource" {
				continue
			}
			if r.SHA256 == sum || r.DecodedSHA256 == sum {
				return Verdict{Status: OK, Record: r}
			}
			h := r.SHA256
			if r.DecodedSHA256 != "" {
				h = r.DecodedSHA256
			}
			if r.Type == "response" && isRedirect(r.Status) {
				continue // a redirect hop of the URL, not its content
			}
			v.Found = append(v.Found, h)
		}
	}
	v.Status = Missing
	if len(v.Found) > 0 {
		v.Status = Mismatch
	}
	for i := range a.Records {
		r := &a.Records[i]
		if (r.Type == "response" || r.Type == "resource") && (r.SHA256 == sum || r.DecodedSHA256 == sum) {
			v.Elsewhere = r
			break
		}
	}
	return v
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// Count returns the number of records of a type ("" for all).
func (a *Archive) Count(typ string) int {
	if typ == "" {
		return len(a.Records)
	}
	n := 0
	for _, r := range a.Records {
		if r.Type == typ {
			n++
		}
	}
	return n
}
