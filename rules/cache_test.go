package rules

import (
	"context"
	"math/rand/v2"
	"testing"
)

// A number joined across a hyphen ("1-8", joined 18) has no number value;
// looking it up must not leave the token 18 matching no number in the
// matcher's caches (the sentences of one document, or of the documents
// a matcher served before).
func TestJoinedDigitsKeepNumbers(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	p.free = make(chan *matcher, 1) // one matcher, whose caches carry over
	adults := "This service is intended for adults over the age of 18."
	for _, before := range []string{"Pick a digit in the range 1-8 now.", "Call 1-8 or 18-1."} {
		for _, doc := range []string{before, adults} {
			d := PassageDocument(doc)
			d.Language = "en"
			a, err := p.Evaluate(context.Background(), d)
			if err != nil {
				t.Fatal(err)
			}
			if doc == adults && a.Topic("children").Strength < 0.85 {
				t.Errorf("after %q: children %.3f on %q, want the age limit (0.85)", before, a.Topic("children").Strength, adults)
			}
		}
	}
	// In one document too.
	p.free = make(chan *matcher, 1)
	d := PassageDocument("Pick a digit in the range 1-8 now. " + adults)
	d.Language = "en"
	a, err := p.Evaluate(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	if a.Topic("children").Strength < 0.85 {
		t.Errorf("children %.3f, want the age limit (0.85) after a 1-8 in the same passage", a.Topic("children").Strength)
	}
}

// The direct-mapped caches (smallHit, lookupMedium) answer as the hash
// table does, for keys of every length, whatever bytes follow a key in
// its buffer, and for keys that collide in a cache slot (more keys than
// slots) or differ only past their first eight bytes.
func TestKeyCachesMatchTable(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	m := p.getMatcher()
	p.setLanguage(m, "en")
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"information", "personal", "collected", "thirdparty", "advertising", "children", "cookies", "security", "processing", "datenschutz", "informations", "rights", "a", "data"}
	var keys []string
	for _, w := range words {
		keys = append(keys, w)
		for n := 1; n <= len(w); n++ {
			keys = append(keys, w[:n])
		}
	}
	const letters = "abcdefghijklmnopqrstuvwxyzé"
	for range 6000 {
		b := make([]byte, 1+rng.IntN(20))
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		keys = append(keys, string(b))
	}
	// Keys that differ only in their last byte, past the first eight.
	for i := range 50 {
		keys = append(keys, "informat"+string(rune('a'+i%26))+"ion"[:i%4])
	}
	// want: the hash table's answer, looked up first.
	want := map[string]keyInfo{}
	for _, k := range keys {
		info, _ := m.lookupTable(p, []byte(k), -1)
		want[k] = m.cache.infos[info]
	}
	for round := range 3 {
		for _, k := range keys {
			// The key in a buffer of random capacity, random bytes after it.
			buf := make([]byte, len(k), len(k)+rng.IntN(12))
			copy(buf, k)
			tail := buf[len(k):cap(buf)]
			for i := range tail {
				tail[i] = byte(rng.IntN(256))
			}
			if got := m.cache.infos[m.lookup(p, buf, -1)]; got != want[k] {
				t.Fatalf("round %d: lookup(%q) = %+v, want %+v", round, k, got, want[k])
			}
		}
	}
}
