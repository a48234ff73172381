package audit

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/vigie-audit/vigie/crawler"
)

// An Input is one vendor to audit, as read from the command line or a
// vendor list.
type Input struct {
	// Seq is the vendor's position in the run, from 0; reports list
	// vendors in this order.
	Seq int
	// Raw is the text the user gave; URL is the normalised URL to crawl
	// ("" when the input is invalid).
	Raw  string
	URL  string
	Name string
	// Line is the line of the vendor list the input came from (0 for a
	// command-line argument).
	Line   int
	Labels map[string]string
	// Invalid, when set, says why the input cannot be audited; the vendor
	// is reported as invalid_input.
	Invalid string
}

// ListFormat is the layout of a vendor list.
type ListFormat int

// Vendor-list layouts.
const (
	// ListAuto picks CSV when the first non-comment line is a header
	// naming a url column, else text.
	ListAuto ListFormat = iota
	// ListCSV has a header row with a url column, an optional name column,
	// and any other columns kept as labels.
	ListCSV
	// ListText has one URL per line; # starts a comment.
	ListText
)

// maxListLine bounds one line of a vendor list.
const maxListLine = 64 << 10

// ParseList reads a vendor list. A bad row does not stop the list: it
// becomes an Input with Invalid set and its line number. The error is only
// for a list that cannot be read at all.
func ParseList(r io.Reader, format ListFormat) ([]Input, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if format == ListAuto {
		format = sniffList(br)
	}
	var (
		ins []Input
		err error
	)
	if format == ListCSV {
		ins, err = parseCSV(br)
	} else {
		ins, err = parseText(br)
	}
	if err != nil {
		return nil, err
	}
	return Dedupe(ins), nil
}

// FromArgs turns command-line arguments into inputs.
func FromArgs(args []string) []Input {
	ins := make([]Input, 0, len(args))
	for _, a := range args {
		ins = append(ins, newInput(a, "", 0, nil))
	}
	return ins
}

// Dedupe numbers the inputs in order and marks every repeat of an earlier
// vendor URL as invalid, naming the line or argument it repeats.
func Dedupe(ins []Input) []Input {
	seen := map[string]int{}
	for i := range ins {
		ins[i].Seq = i
		if ins[i].Invalid != "" {
			continue
		}
		key := dedupeKey(ins[i].URL)
		if j, ok := seen[key]; ok {
			where := fmt.Sprintf("argument %d", j+1)
			if ins[j].Line > 0 {
				where = fmt.Sprintf("line %d", ins[j].Line)
			}
			ins[i].Invalid = "duplicate of " + where + " (" + ins[j].URL + ")"
			continue
		}
		seen[key] = i
	}
	return ins
}

func sniffList(br *bufio.Reader) ListFormat {
	peek, _ := br.Peek(8 << 10)
	peek = bytes.TrimPrefix(peek, []byte("\ufeff"))
	for _, line := range strings.Split(string(peek), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, f := range splitHeader(line) {
			if isURLHeader(f) {
				return ListCSV
			}
		}
		return ListText
	}
	return ListText
}

func splitHeader(line string) []string {
	fields := strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' || r == '\t' })
	for i, f := range fields {
		fields[i] = strings.Trim(strings.TrimSpace(f), `"`)
	}
	return fields
}

func isURLHeader(h string) bool {
	switch strings.ToLower(strings.TrimSpace(h)) {
	case "url", "website", "homepage", "home_page", "site":
		return true
	}
	return false
}

func parseText(br *bufio.Reader) ([]Input, error) {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 4096), maxListLine)
	var ins []Input
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if i := strings.Index(text, "#"); i >= 0 && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t') {
			text = text[:i]
		}
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		ins = append(ins, newInput(text, "", line, nil))
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("vendor list: line %d is longer than %d bytes", line+1, maxListLine)
		}
		return nil, fmt.Errorf("read vendor list: %w", err)
	}
	return ins, nil
}

func parseCSV(br *bufio.Reader) ([]Input, error) {
	// Skip a byte-order mark.
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\ufeff")) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	if d := sniffDelimiter(br); d != 0 {
		cr.Comma = d
	}

	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("vendor list: header: %w", err)
	}
	urlCol, nameCol := -1, -1
	cols := make([]string, len(header))
	for i, h := range header {
		h = strings.TrimSpace(h)
		cols[i] = h
		switch {
		case urlCol < 0 && isURLHeader(h):
			urlCol = i
		case nameCol < 0 && strings.EqualFold(h, "name"):
			nameCol = i
		}
	}
	if urlCol < 0 {
		return nil, fmt.Errorf("vendor list: the header row has no url column (got %q)", strings.Join(cols, ","))
	}

	var ins []Input
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				ins = append(ins, Input{Line: pe.StartLine, Invalid: "unreadable CSV row: " + pe.Err.Error()})
				continue
			}
			return nil, fmt.Errorf("read vendor list: %w", err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		var raw, name string
		labels := map[string]string{}
		for i, v := range rec {
			v = strings.TrimSpace(v)
			switch {
			case i == urlCol:
				raw = v
			case i == nameCol:
				name = v
			case i < len(cols) && cols[i] != "" && v != "":
				labels[cols[i]] = v
			}
		}
		if len(labels) == 0 {
			labels = nil
		}
		in := newInput(raw, name, line, labels)
		if raw == "" {
			in.Invalid = "no URL in the url column"
		}
		ins = append(ins, in)
	}
	return ins, nil
}

// sniffDelimiter picks ';' or tab over ',' when the header uses them.
func sniffDelimiter(br *bufio.Reader) rune {
	peek, _ := br.Peek(4 << 10)
	first, _, _ := bytes.Cut(peek, []byte("\n"))
	c, s, t := bytes.Count(first, []byte(",")), bytes.Count(first, []byte(";")), bytes.Count(first, []byte("\t"))
	switch {
	case s > c && s >= t:
		return ';'
	case t > c && t > s:
		return '\t'
	}
	return 0
}

// newInput validates and normalises one vendor URL. A URL carrying
// credentials is refused, and kept only with them redacted, so that the
// password reaches neither the report, the store nor the logs.
func newInput(raw, name string, line int, labels map[string]string) Input {
	in := Input{Raw: crawler.RedactURL(raw), Name: name, Line: line, Labels: labels}
	u, why := NormalizeURL(raw)
	if why != "" {
		in.Invalid = why
		return in
	}
	in.URL = u
	return in
}

// NormalizeURL checks that raw is a URL vigie accepts and returns it in
// canonical form; a bare domain means https:// that domain. The second
// result, when not empty, says why raw is refused.
func NormalizeURL(raw string) (string, string) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", "empty URL"
	}
	if !utf8.ValidString(s) {
		return "", "not valid UTF-8"
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0 {
		return "", "URL contains spaces or control characters"
	}
	if !strings.Contains(s, "://") {
		if i := strings.Index(s, ":"); i > 0 && !strings.ContainsAny(s[:i], "./") && !isPort(s[i+1:]) {
			return "", fmt.Sprintf("unsupported scheme %q: only http and https", strings.ToLower(s[:i]))
		}
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", "unparsable URL: " + strings.TrimPrefix(err.Error(), "parse ")
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Sprintf("unsupported scheme %q: only http and https", u.Scheme)
	}
	if u.User != nil {
		return "", "URLs with credentials are not accepted"
	}
	host := u.Hostname()
	if host == "" {
		return "", "URL has no host"
	}
	if net.ParseIP(host) == nil {
		ascii, err := idna.Lookup.ToASCII(strings.TrimRight(host, "."))
		// (the mapping may leave a final dot the trim did not see:
		// "url.\ufeff", whose byte-order mark it drops)
		ascii = strings.TrimRight(ascii, ".")
		if err == nil {
			// The ASCII form must itself be a valid name (round trip).
			var again string
			if again, err = idna.Lookup.ToASCII(ascii); err == nil && again != ascii {
				err = errors.New("unstable")
			}
		}
		if err != nil || ascii == "" || !validHostname(ascii) {
			return "", fmt.Sprintf("invalid host name %q", host)
		}
		if ascii != host {
			if p := u.Port(); p != "" {
				u.Host = net.JoinHostPort(ascii, p)
			} else {
				u.Host = ascii
			}
		}
	}
	if p := u.Port(); p != "" && !isPort(p) {
		return "", fmt.Sprintf("invalid port %q", p)
	}
	u.Host = strings.ToLower(u.Host)
	u.Fragment = ""
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String(), ""
}

func isPort(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
		n = n*10 + int(r-'0')
	}
	return n > 0 && n < 65536
}

func validHostname(h string) bool {
	if len(h) > 253 {
		return false
	}
	h = strings.TrimSuffix(h, ".")
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
		for _, r := range label {
			if !(r == '-' || r == '_' || r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
				return false
			}
		}
	}
	return true
}

// dedupeKey identifies a vendor: scheme-less, lower-case host without
// "www." and default port, path without trailing slash.
func dedupeKey(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	host := strings.TrimPrefix(strings.ToLower(p.Hostname()), "www.")
	if port := p.Port(); port != "" && !(port == "80" && p.Scheme == "http") && !(port == "443" && p.Scheme == "https") {
		host += ":" + port
	}
	return host + strings.TrimSuffix(p.EscapedPath(), "/") + "?" + p.RawQuery
}
