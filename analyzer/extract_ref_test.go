package analyzer

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// binaryReason's countControls reads eight bytes at a time and visits the
// bytes below 0x20 of each; it must count as the byte-by-byte loop kept
// here does.
func TestBinaryReasonMatchesReference(t *testing.T) {
	alphabet := []byte("ab \n\r\t\f\v\x1b\x00\x01\x1f\x7f\x80\xc3\xa9")
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 20000; n++ {
		data := make([]byte, rng.IntN(200))
		rare := 2 + rng.IntN(60) // one special byte in rare
		for i := range data {
			if rng.IntN(rare) == 0 {
				data[i] = alphabet[rng.IntN(len(alphabet))]
			} else {
				data[i] = 'x'
			}
		}
		if got, want := binaryReason(data), refBinaryReason(data); got != want {
			t.Fatalf("binaryReason(%q) = %q, want %q", data, got, want)
		}
	}
}

// refBinaryReason is binaryReason's count of NUL and control bytes, for
// input without a telling prefix.
func refBinaryReason(data []byte) string {
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	nul, ctrl := 0, 0
	for _, c := range head {
		switch {
		case c == 0:
			nul++
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1b:
			ctrl++
		}
	}
	if nul > 0 {
		return fmt.Sprintf("binary data (%d NUL bytes in the first %d)", nul, len(head))
	}
	if ctrl*20 > len(head) {
		return fmt.Sprintf("binary data (%d control bytes in the first %d)", ctrl, len(head))
	}
	return ""
}

// parseMediaType answers the common headers from a table made in advance;
// it must read every header as mime.ParseMediaType does.
func TestParseMediaTypeMatchesFull(t *testing.T) {
	headers := []string{"", "text/html; charset=windows-1252", "TEXT/HTML; Charset=UTF-8", "text/html; charset=\"utf-8\"",
		"application/octet-stream", "text/html;", "bogus", "text/plain; charset=iso-8859-1"}
	for h := range commonMediaTypes {
		headers = append(headers, h)
	}
	for _, h := range headers {
		if got, want := parseMediaType(h), parseMediaTypeFull(h); got != want {
			t.Errorf("parseMediaType(%q) = %+v, want %+v", h, got, want)
		}
	}
}
