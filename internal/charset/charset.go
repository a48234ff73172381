// Package charset holds the byte-level judgements the crawler and the
// analyzer share when a page's declared character encoding contradicts its
// bytes: both must read the same bytes the same way.
package charset

import (
	"strings"
	"unicode/utf8"
)

// IsSingleByte reports whether the WHATWG encoding name is a legacy
// single-byte one, in which valid multi-byte UTF-8 is practically never
// meant.
func IsSingleByte(name string) bool {
	for _, p := range []string{"windows-12", "iso-8859-", "koi8", "macintosh", "ibm866", "x-mac-", "windows-874"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// HasMultibyteUTF8 reports whether data is valid UTF-8 holding at least one
// non-ASCII character: text that a single-byte label would turn to mojibake.
func HasMultibyteUTF8(data []byte) bool {
	for _, c := range data {
		if c >= utf8.RuneSelf {
			return utf8.Valid(data)
		}
	}
	return false
}

// LooksLatin1 reports whether data, not valid UTF-8, is better explained
// by a single-byte Western encoding: more stray high bytes than well-formed
// multi-byte sequences.
func LooksLatin1(data []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid++
		}
		i += size
	}
	return invalid > valid
}
