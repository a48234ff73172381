package analyzer

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	sniff "github.com/vigie-audit/vigie/internal/charset"
)

// metaScanLimit bounds the search for a <meta charset> declaration. The
// HTML standard's prescan stops at 1,024 bytes, but real pages often put
// kilobytes of inline styles before the tag; browsers look further too.
const metaScanLimit = 64 << 10

// decoded is the outcome of turning input bytes into a UTF-8 string.
type decoded struct {
	text    string
	charset string
	notes   []string
}

// decodeText decodes data to UTF-8: a byte-order mark first, then the
// charset parameter of the Content-Type, then (for HTML) a <meta charset> or
// http-equiv declaration, then sniffing (valid UTF-8, else Windows-1252,
// the WHATWG default for Latin-1 labels and unlabelled Western pages).
// Obvious contradictions are resolved in favour of the bytes: a page
// declared UTF-8 that is not, or declared Latin-1 but valid UTF-8 with
// non-ASCII characters. Classic mojibake (UTF-8 read as Windows-1252) is
// repaired afterwards.
func decodeText(data []byte, ct mediaType, isHTML bool) decoded {
	var d decoded
	enc, name, source := detectCharset(data, ct, isHTML)
	// Whether data is valid UTF-8, checked once: sniffing UTF-8 found it
	// valid, and a UTF-8 byte-order mark does not change the answer.
	validity := 0 // 1 valid, -1 not, 0 not checked yet
	if source == "sniffed" && name == "utf-8" {
		validity = 1
	}
	valid := func() bool {
		if validity == 0 {
			validity = -1
			if utf8.Valid(data) {
				validity = 1
			}
		}
		return validity > 0
	}
	switch {
	case source == "bom":
		// A byte-order mark is authoritative.
	case name == "utf-8" && !valid():
		if sniff.LooksLatin1(data) {
			d.notes = append(d.notes, fmt.Sprintf("declared charset utf-8 (%s) but the bytes are not UTF-8; decoded as windows-1252", source))
			enc, name = charmap.Windows1252, "windows-1252"
		} else {
			d.notes = append(d.notes, "invalid UTF-8 sequences replaced by U+FFFD")
		}
	case name != "utf-8" && source != "sniffed" && sniff.IsSingleByte(name) && sniff.HasMultibyteUTF8(data):
		d.notes = append(d.notes, fmt.Sprintf("declared charset %s (%s) but the bytes are valid UTF-8; decoded as UTF-8", name, source))
		enc, name = encoding.Nop, "utf-8"
	}
	d.charset = name
	if name == "utf-8" {
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		if !valid() {
			// Whatever the label or the byte-order mark said, the text
			// out is valid UTF-8.
			data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		}
		// Extract owns data and does not write to it while the text is
		// in use: share it. (An HTML page's buffer is reused for a later
		// page once parsed, and no Document refers to it: see
		// htmlScratch.)
		d.text = unsafe.String(unsafe.SliceData(data), len(data))
	} else {
		out, err := enc.NewDecoder().Bytes(data)
		if err != nil {
			// x/text decoders replace bad input rather than fail; keep
			// whatever was decoded and say so.
			d.notes = append(d.notes, fmt.Sprintf("decoding %s: %v", name, err))
		}
		d.text = string(out)
	}
	if fixed, n := repairMojibake(d.text); n > 0 {
		d.text = fixed
		d.notes = append(d.notes, fmt.Sprintf("repaired %d mojibake sequences (UTF-8 text read as Windows-1252)", n))
	}
	return d
}

// detectCharset returns the encoding to use, its canonical name and where
// it came from: "bom", "header", "meta" or "sniffed".
func detectCharset(data []byte, ct mediaType, isHTML bool) (encoding.Encoding, string, string) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return encoding.Nop, "utf-8", "bom"
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be", "bom"
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le", "bom"
	}
	if ct.ok {
		if e, name := lookupCharset(ct.charset, false); e != nil {
			return e, name, "header"
		}
	}
	if isHTML {
		if e, name := metaCharset(data); e != nil {
			return e, name, "meta"
		}
	}
	if utf8.Valid(data) {
		return encoding.Nop, "utf-8", "sniffed"
	}
	return charmap.Windows1252, "windows-1252", "sniffed"
}

// lookupCharset resolves a label the WHATWG way (iso-8859-1 and ascii are
// windows-1252). A <meta> may not declare UTF-16 (the bytes that carry
// the tag are ASCII-compatible): such a label means UTF-8.
func lookupCharset(label string, fromMeta bool) (encoding.Encoding, string) {
	label = strings.TrimSpace(label)
	if label == "" {
		return nil, ""
	}
	if strings.EqualFold(label, "utf-8") {
		// charset.Lookup's answer for the most common label, found
		// without its index look-up: 1 k instructions fewer per page.
		return encoding.Nop, "utf-8"
	}
	e, name := charset.Lookup(label)
	if e == nil {
		return nil, ""
	}
	if name == "utf-8" || (fromMeta && strings.HasPrefix(name, "utf-16")) {
		return encoding.Nop, "utf-8"
	}
	if name == "replacement" {
		return nil, ""
	}
	return e, name
}

// metaCharset finds <meta charset=…> or <meta http-equiv="Content-Type"
// content="…; charset=…"> in the first metaScanLimit bytes.
func metaCharset(data []byte) (encoding.Encoding, string) {
	if len(data) > metaScanLimit {
		data = data[:metaScanLimit]
	}
	for len(data) > 0 {
		i := indexFold(data, "<meta")
		if i < 0 {
			return nil, ""
		}
		data = data[i+5:]
		end := bytes.IndexByte(data, '>')
		if end < 0 {
			end = len(data)
		}
		tag := strings.ToLower(string(data[:end]))
		data = data[end:]
		j := strings.Index(tag, "charset")
		if j < 0 {
			continue
		}
		v := strings.TrimLeft(tag[j+len("charset"):], " \t\n\r\f")
		if !strings.HasPrefix(v, "=") {
			continue
		}
		v = strings.TrimLeft(v[1:], " \t\n\r\f\"'")
		k := strings.IndexAny(v, " \t\n\r\f\"';/>")
		if k >= 0 {
			v = v[:k]
		}
		if e, name := lookupCharset(v, true); e != nil {
			return e, name
		}
	}
	return nil, ""
}

// indexFold is an ASCII case-insensitive bytes.Index for a lower-case needle.
func indexFold(data []byte, needle string) int {
	first := needle[0]
	for i := 0; i+len(needle) <= len(data); i++ {
		j := bytes.IndexByte(data[i:], first)
		if j < 0 {
			return -1
		}
		i += j
		if i+len(needle) > len(data) {
			return -1
		}
		// Most candidates fail on their second byte ("<br>", "<p>"): an
		// ASCII byte folds only to itself in the other case.
		if len(needle) > 1 {
			if c := data[i+1]; c < utf8.RuneSelf && c|0x20 != needle[1]|0x20 {
				continue
			}
		}
		if strings.EqualFold(string(data[i:i+len(needle)]), needle) {
			return i
		}
	}
	return -1
}

// cp1252High maps the characters Windows-1252 assigns to bytes 0x80–0x9F
// back to their byte.
var cp1252High = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E,
	'‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// continuationByte returns the byte r stood for if r is a UTF-8
// continuation byte (0x80–0xBF) decoded as Windows-1252 or Latin-1.
func continuationByte(r rune) (byte, bool) {
	if r >= 0x80 && r <= 0xBF {
		return byte(r), true
	}
	if b, ok := cp1252High[r]; ok {
		return b, true
	}
	return 0, false
}

// mojibakeNext marks the lead bytes of the UTF-8 encodings of the
// characters continuationByte accepts: U+0080–U+00BF (C2) and those of
// cp1252High (C5, C6, CB, E2).
var mojibakeNext = func() (t [256]bool) {
	for r := rune(0x80); r <= 0xBF; r++ {
		t[string(r)[0]] = true
	}
	for r := range cp1252High {
		t[string(r)[0]] = true
	}
	return t
}()

// repairMojibake re-decodes sequences of characters that are the
// Windows-1252 (or Latin-1) reading of UTF-8 bytes: "donnÃ©es" becomes
// "données", "â€™" becomes "’". Each sequence must form one well-formed
// UTF-8 character, so genuine Latin-1 text is left alone. It returns the
// repaired text and the number of sequences repaired.
func repairMojibake(s string) (string, int) {
	// Lead bytes C2–F4 read as Latin-1 are U+00C2–U+00F4, which UTF-8
	// encodes as C3 82 … C3 B4: no 0xC3 byte, nothing to repair.
	if strings.IndexByte(s, 0xC3) < 0 {
		return s, 0
	}
	var b strings.Builder
	n := 0
	last := 0 // bytes of s before last are already in b
	var seq [4]byte
	for i := 0; i < len(s); {
		// A sequence starts with U+00C2–U+00F4 (C3 82 … C3 B4) followed
		// by a continuation byte read as Windows-1252 or Latin-1, whose
		// UTF-8 lead byte is one of mojibakeNext: jump from one such
		// candidate to the next. (0xC3 is never a continuation byte, so
		// every one is where a rune starts or an invalid byte, as a
		// rune-by-rune reading would find it.) Genuine accented letters
		// (C3 A9 "é" before a letter or a space) are passed over at once.
		k := strings.IndexByte(s[i:], 0xC3)
		if k < 0 {
			break
		}
		i += k
		if i+2 >= len(s) || s[i+1] < 0x82 || s[i+1] > 0xB4 || !mojibakeNext[s[i+2]] {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		need := 1
		if r >= 0xF0 {
			need = 3
		} else if r >= 0xE0 {
			need = 2
		}
		seq[0] = byte(r)
		j := i + size
		ok := true
		for k := 1; k <= need; k++ {
			c, csize := utf8.DecodeRuneInString(s[j:])
			cb, isCont := continuationByte(c)
			if csize == 0 || !isCont {
				ok = false
				break
			}
			seq[k] = cb
			j += csize
		}
		if ok {
			fixed, fsize := utf8.DecodeRune(seq[:need+1])
			if fixed != utf8.RuneError && fsize == need+1 {
				if n == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[last:i])
				b.WriteRune(fixed)
				last = j
				n++
				i = j
				continue
			}
		}
		i += size
	}
	if n == 0 {
		return s, 0
	}
	b.WriteString(s[last:])
	out := b.String()
	// "à" is C3 A0: its second byte, a no-break space, is often turned
	// into a plain space on the way. In text already shown to be
	// mojibake, "Ã " is that "à" (no genuine word ends in a capital Ã).
	if k := strings.Count(out, "Ã "); k > 0 {
		out = strings.ReplaceAll(out, "Ã ", "à ")
		n += k
	}
	return out, n
}
