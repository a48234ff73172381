package analyzer

import (
	"math"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Language detection by function words.
//
// Each supported language has a profile of its most frequent function
// words (articles, prepositions, pronouns, auxiliaries) plus a few words
// every privacy policy uses ("data", "données", "Daten"), and a few
// telling word endings ("-ção" for Portuguese, "-ción" for Spanish,
// "-zione" for Italian). A word found in k profiles weighs 1/k in each, so
// "de" (French, Spanish, Dutch, Portuguese) counts little and "und"
// counts fully. Function words make up a third to a half of any running
// text, which makes this robust on a paragraph or more and useless on a
// couple of words: the confidence says so. It costs one map look-up per
// word on at most langSampleBytes of text.
//
// N-gram libraries (lingua-go, whatlanggo) cover more languages and do
// better on a few words, at the cost of large embedded models or a slower
// per-character pass; a policy is long, so a small profile for the seven
// languages vigie's rules cover is enough. It is tested on paragraphs of
// every language (lang_test.go).

// langSampleBytes bounds the text looked at: 4 KiB, some 600 words
// (function words make up a third of them, so a couple of hundred
// votes), taken from the start, the middle and the end of a longer text.
const langSampleBytes = 4 << 10

// Languages lists the ISO 639-1 codes DetectLanguage can return.
var Languages = []string{"en", "fr", "de", "es", "it", "nl", "pt"}

var langProfiles = map[string]string{
	"en": `the and of to in is that for you your we our us with this are be by on or as it not
		from at have has will may which such any information data use these those other if can
		their they them when about more how where who what an been would should also all do does
		into through including please its there were was than only each used using personal
		collect provide services share a i so but very was had`,
	"fr": `le la les des du de et est pour que qui dans une un sur par vos votre nous vous ne pas
		avec sont ces ou au aux leur leurs être peut cette ce son sa ses en d' l' qu' n' s' c' j'
		données notre nos afin lorsque également dont conformément où ainsi plus tout tous toute
		toutes été avons êtes fait sans entre peuvent aussi personnelles utilisateur traitement
		site lors celles ceux cela ils elles concernant auprès jusqu' lorsqu' puisqu' mais très
		était alors donc chez`,
	"de": `der die das und ist zu den von mit sich des auf für im dem nicht ein eine einer eines
		einem einen als auch es an werden wird aus bei oder wir ihre ihr ihnen sie uns unsere
		unser unseren unserer nach zur zum diese dieser dieses können kann sind hat haben daten
		wenn durch über sowie gemäß nur bzw dass um soweit wurden wurde ihrer ihren ihres keine
		personenbezogenen personenbezogene verarbeitung zwecke diesem dabei hierzu sofern gegen
		welche jederzeit etwa z ggf aber sehr war also noch ich`,
	"es": `el la los las de del y en que por para con su sus se al un una es no lo como más o le
		datos nuestro nuestra nuestros nuestras usted sobre este esta estos estas pueden puede
		ser son cuando también entre sin hasta mediante cual cuales dichos dichas sea han ha
		fin sitio tratamiento personales podrá podrán cualquier través e u otros otras sólo solo
		según ello nos ya desde le les pero muy así estaba hacía`,
	"it": `il lo la i gli le di del della dei delle degli e è che per con un una in non si sono al
		alla ai alle dal dalla dai dalle nel nella nei nelle su come più questo questa questi
		queste suoi sua suo loro ad ed anche essere può possono dati nostro nostra nostri
		vostri tuoi l' dell' all' dall' nell' un' sull' qualsiasi quando ove presente trattamento
		personali sito ciò tale tali degli presso fine agli negli sui sulla sulle viene vengono
		utente siamo quindi molto ma sei abbiamo era stato perché dove`,
	"nl": `de het een en van in is dat die op te voor met zijn niet aan er om ook als bij of door
		naar uw u we wij ons onze deze dit worden wordt kunnen kan hebben heeft gegevens uit tot
		over wanneer welke zoals indien alleen andere zich persoonsgegevens hun mag geen maar
		dan wat wie waar hoe echter doeleinden verwerking bent je jouw jij hierbij daarom
		waarin waarvoor hiervoor maar zeer dus was`,
	"pt": `o a os as de do da dos das e em no na nos nas que para por com um uma não se ao aos à
		às seu sua seus suas é são pelo pela pelos pelas ou você nossos nosso nossa nossas dados
		também quando como mais este esta estes estas essas esse essa isso pode podem ser sobre
		entre sem até caso através pessoais tratamento site utilizador usuário lhe qualquer
		outros outras apenas foram seja sejam numa num mas muito estava`,
}

// langSuffixes are word endings typical of one language (weight 0.5).
var langSuffixes = []struct {
	suffix, lang string
}{
	{"ção", "pt"}, {"ções", "pt"}, {"ões", "pt"}, {"ência", "pt"},
	{"ción", "es"}, {"ciones", "es"}, {"idad", "es"}, {"idades", "pt"},
	{"zione", "it"}, {"zioni", "it"}, {"mente", ""},
	{"ität", "de"}, {"ung", "de"}, {"ungen", "de"}, {"heit", "de"}, {"keit", "de"},
	{"lijk", "nl"}, {"heid", "nl"}, {"ing", "en"}, {"tion", ""},
	{"ité", "fr"}, {"ment", ""}, {"eux", "fr"}, {"aux", "fr"},
}

const nLangs = 7

const _ = uint(nLangs-7) + uint(7-nLangs) // langWeights.add adds seven

type langWeights [nLangs]float32

// add adds w to s, language by language, unrolled (a word's weights are
// added for each word found in a profile). It is written for seven
// languages, which the constant below checks at compile time.
func (s *langWeights) add(w *langWeights) {
	s[0] += w[0]
	s[1] += w[1]
	s[2] += w[2]
	s[3] += w[3]
	s[4] += w[4]
	s[5] += w[5]
	s[6] += w[6]
}

var langIndex = map[string]int{"en": 0, "fr": 1, "de": 2, "es": 3, "it": 4, "nl": 5, "pt": 6}

// maxProfileWord bounds the length in bytes of profile words (< 32).
const maxProfileWord = 31

// langFirstLen[c] has bit n set when some profile word of n bytes starts
// with byte c: a cheap filter before the map look-up.
var langFirstLen = func() (t [256]uint32) {
	for _, words := range langProfiles {
		for _, w := range strings.Fields(words) {
			if len(w) < maxProfileWord {
				t[w[0]] |= 1 << len(w)
			}
		}
	}
	return t
}()

// langTable maps a word to its index in langWeightsOf; langSlots holds
// the same as an open-addressing table on the words' FNV-1a hashes, which
// scoreWords computes as it reads each word.
var langTable, langWeightsOf = func() (map[string]uint16, []langWeights) {
	count := map[string][]int{}
	for lang, words := range langProfiles {
		seen := map[string]bool{}
		for _, w := range strings.Fields(words) {
			if seen[w] {
				continue
			}
			seen[w] = true
			count[w] = append(count[w], langIndex[lang])
		}
	}
	t := make(map[string]uint16, len(count))
	var weights []langWeights
	for w, langs := range count {
		var lw langWeights
		for _, l := range langs {
			lw[l] = 1 / float32(len(langs))
		}
		t[w] = uint16(len(weights))
		weights = append(weights, lw)
	}
	return t, weights
}()

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

type langSlot struct {
	word string // "" for an empty slot
	idx  uint16
}

var langSlots = func() []langSlot {
	n := 1
	for n < 4*len(langTable) {
		n *= 2
	}
	slots := make([]langSlot, n)
	for w, k := range langTable {
		i := fnv32(w) & uint32(n-1)
		for slots[i].word != "" {
			i = (i + 1) & uint32(n-1)
		}
		slots[i] = langSlot{w, k}
	}
	return slots
}()

func fnv32(w string) uint32 {
	h := uint32(fnvOffset)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * fnvPrime
	}
	return h
}

// shortSlots holds the profile words of at most eight ASCII letters as
// an open-addressing table on their bytes read as a little-endian word:
// scoreWords finds a short word with one multiplication and no loop.
var shortSlots, shortShift = func() ([]shortSlot, uint) {
	var words []string
	for w := range langTable {
		if len(w) <= 8 && asciiLetterEnd(w, 0) == len(w) {
			words = append(words, w)
		}
	}
	shift := uint(64)
	for 1<<(64-shift) < 4*len(words) {
		shift--
	}
	slots := make([]shortSlot, 1<<(64-shift))
	mask := uint64(len(slots) - 1)
	for _, w := range words {
		var key uint64
		for k := len(w) - 1; k >= 0; k-- {
			key = key<<8 | uint64(w[k])
		}
		p := key * 0x9E3779B97F4A7C15 >> shift
		for slots[p].key != 0 {
			p = (p + 1) & mask
		}
		k := langTable[w]
		lang := uint8(nLangs)
		if m := langMask(&langWeightsOf[k]); m&(m-1) == 0 {
			lang = uint8(bits.TrailingZeros8(m))
		}
		slots[p] = shortSlot{key, k, lang}
	}
	return slots, shift
}()

type shortSlot struct {
	key uint64 // 0 for an empty slot
	idx uint16
	// lang is the language of a word of one profile, or nLangs for a
	// word of several
	lang uint8
}

// langMask returns the languages a word weighs in, a bit each.
func langMask(w *langWeights) uint8 {
	var m uint8
	for l, x := range w {
		if x != 0 {
			m |= 1 << l
		}
	}
	return m
}

// shortWordIndex looks up the word of key (see shortSlots).
func shortWordIndex(key uint64) (*shortSlot, bool) {
	mask := uint64(len(shortSlots) - 1)
	for p := key * 0x9E3779B97F4A7C15 >> shortShift; ; p = (p + 1) & mask {
		sl := &shortSlots[p]
		if sl.key == key {
			return sl, true
		}
		if sl.key == 0 {
			return nil, false
		}
	}
}

// addShort adds the weights of the short word of sl to s. A word of one
// profile, most of those found, weighs 1 in its language and 0 in the
// others: one addition, where add makes seven and adds +0 to six scores
// (which leaves them as they are: a score is never negative), so the
// scores are add's to the bit. 0.2 M fewer instructions per OPP-115
// pass.
func (s *langWeights) addShort(sl *shortSlot) {
	if sl.lang < nLangs {
		s[sl.lang]++
		return
	}
	s.add(&langWeightsOf[sl.idx])
}

// langWordIndex looks word (of hash h) up in langSlots.
func langWordIndex(h uint32, word []byte) (uint16, bool) {
	mask := uint32(len(langSlots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &langSlots[i]
		if sl.word == "" {
			return 0, false
		}
		if sl.word == string(word) {
			return sl.idx, true
		}
	}
}

// DetectLanguage returns the ISO 639-1 code of the language text is
// written in, among Languages, and a confidence in [0, 1]. It returns ""
// and 0 when the text holds too few words to tell. Of a long text, 4 KiB
// are read (from its start, middle and end).
func DetectLanguage(text string) (lang string, confidence float64) {
	scores, words := langScores(text)
	return pickLanguage(scores, words, "")
}

// detectLanguage is DetectLanguage with a declared language (<html lang>,
// Content-Language) as a prior: it wins when the text cannot tell, or when
// its score is close to the best one.
func detectLanguage(text, declared string) (string, float64) {
	scores, words := langScores(text)
	return pickLanguage(scores, words, declared)
}

// minLangDensity is the least best-language score per word at which a
// text of langDensityWords words or more is taken to be in one of
// Languages. Text in one of them scores 0.125 or more per word (0.15 and
// above on every policy of OPP-115, MAPP, the vendors and polyglot
// corpora, 0.125 on a 32-word Impressum); Polish, Swedish, Danish pages
// score 0.02-0.08 from the few words they share with them ("app",
// "cookies", "service").
const (
	minLangDensity   = 0.1
	langDensityWords = 30
)

func pickLanguage(scores langWeights, words int, declared string) (string, float64) {
	best, second := -1, -1
	for i := range scores {
		switch {
		case best < 0 || scores[i] > scores[best]:
			best, second = i, best
		case second < 0 || scores[i] > scores[second]:
			second = i
		}
	}
	b, s := float64(scores[best]), float64(scores[second])
	di, declaredOK := langIndex[declared]
	if b < 1.5 {
		if declaredOK {
			return declared, 0.3
		}
		return "", 0
	}
	if words >= langDensityWords && b < minLangDensity*float64(words) {
		// None of Languages: the declared language when the page names
		// one outside them ("sv"), else unknown. A declared language
		// among them is a template's default here, not the text's.
		if declared != "" && !declaredOK {
			return declared, 0.3
		}
		return "", 0
	}
	margin := (b - s) / b
	amount := b / 10
	if amount > 1 {
		amount = 1
	}
	conf := amount * (0.4 + 0.6*margin)
	if declaredOK && di != best {
		if d := float64(scores[di]); d >= 0.85*b {
			return declared, math.Round(conf*d/b*100) / 100
		}
	}
	return Languages[best], math.Round(conf*100) / 100
}

// langScores tokenises text into lower-case words (splitting elisions:
// "l'accès" gives "l'" and "accès") and sums their weights. A text longer
// than langSampleBytes is sampled at its start, middle and end.
func langScores(text string) (langWeights, int) {
	var scores langWeights
	words := 0
	if len(text) <= langSampleBytes {
		words = scoreText(text, &scores)
		return scores, words
	}
	third := langSampleBytes / 3
	for _, at := range []int{0, len(text)/2 - third/2, len(text) - third} {
		// start and end on a word boundary
		e := at + third
		for e < len(text) && text[e] > ' ' {
			e++
		}
		for at > 0 && at < e && text[at-1] > ' ' {
			at++
		}
		if at < e {
			words += scoreText(text[at:e], &scores)
		}
	}
	return scores, words
}

// scoreText is scoreWords over text less its e-mail and web addresses:
// their words are no sentence's ("privacy@club.example" is not English),
// and in a one-line notice they can outweigh its own.
func scoreText(text string, scores *langWeights) int {
	if strings.IndexByte(text, '@') < 0 && !strings.Contains(text, "://") && !strings.Contains(text, "www.") {
		return scoreWords(text, scores)
	}
	words, from := 0, 0
	for i := 0; i < len(text); {
		if isASCIISpace(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && !isASCIISpace(text[j]) {
			j++
		}
		if isAddress(text[i:j]) {
			words += scoreWords(text[from:i], scores)
			from = j
		}
		i = j
	}
	return words + scoreWords(text[from:], scores)
}

// isAddress reports whether tok, a run of text between spaces, is an
// e-mail address (a dot after its "@": "tod@s" is a word) or a web
// address.
func isAddress(tok string) bool {
	if at := strings.IndexByte(tok, '@'); at > 0 && strings.IndexByte(tok[at+1:], '.') > 0 {
		return true
	}
	return strings.Contains(tok, "://") || strings.Contains(tok, "www.")
}

func scoreWords(text string, scores *langWeights) int {
	words := 0
	i := 0
	lower, low7, afterZ, fromA, hi := letterConsts[0], letterConsts[1], letterConsts[2], letterConsts[3], letterConsts[4]
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if !isASCIILetter(c) {
				i++
				continue
			}
			// A word of ASCII letters only, the common case, is scored
			// where it lies, lowered on the fly (|0x20 lowers a letter).
			j := i
			if i+8 <= len(text) {
				// Most words are shorter than eight letters: one load
				// finds the word's end and makes its key (as
				// asciiLetterEnd and scoreASCIIWord would).
				y := load64(text, i) | lower
				l := y & low7
				notLetter := hi &^ ((l + fromA | y) &^ (l + afterZ | y))
				if notLetter == 0 {
					j = i + 8 // eight letters: the word goes on
				} else {
					n := bits.TrailingZeros64(notLetter) / 8
					j = i + n
					if text[j] >= utf8.RuneSelf || text[j] == '\'' && j+1 < len(text) && isASCIILetter(text[j+1]) {
						// A letter beyond ASCII or an elision follows:
						// the general case, straight away (the word's end
						// is known not to close an ASCII word).
						i = scoreWord(text, i, scores)
						words++
						continue
					}
					words++
					if sl, ok := shortWordIndex(y & (1<<(8*n) - 1)); ok {
						scores.addShort(sl)
					}
					if n > 5 && mayHaveASCIISuffix(text[j-1], text[j-2]) {
						scoreASCIISuffix(text[i:j], scores)
					}
					i = skipSpace(text, j)
					continue
				}
			}
			j = asciiLetterEnd(text, j)
			if j == len(text) || text[j] < utf8.RuneSelf && !(text[j] == '\'' && j+1 < len(text) && isASCIILetter(text[j+1])) {
				words++
				scoreASCIIWord(text, i, j, scores)
				i = skipSpace(text, j)
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(text[i:]); !unicode.IsLetter(r) {
			i += size
			continue
		}
		i = scoreWord(text, i, scores)
		words++
	}
	return words
}

// letterConsts are the word constants of scoreWords' test for letters
// (see above): in a variable, the compiler keeps them in registers
// instead of writing each at every use (0.4 M fewer instructions per
// OPP-115 pass).
var letterConsts = [5]uint64{0x2020202020202020, ^uint64(msb), lsb * (0x7f - 'z'), lsb * (0x7f - ('a' - 1)), msb}

// skipSpace steps over the single space that separates most words, when a
// word of ASCII letters follows: the next round of scoreWords' loop need
// not read it. With the direct hand-over of words beyond ASCII to
// scoreWord, language detection takes 2.1 k fewer instructions per farm
// page (38 k before), 0.6 M fewer per OPP-115 pass.
func skipSpace(text string, j int) int {
	if j+1 < len(text) && text[j] == ' ' && isASCIILetter(text[j+1]) {
		return j + 1
	}
	return j
}

// scoreWord reads the word that starts at text[i], a letter, lowering it
// (and spelling elisions "l'", "l’" with an ASCII apostrophe), adds its
// weights to scores and returns the index after it: the general case
// of scoreWords, for words beyond ASCII letters.
func scoreWord(text string, i int, scores *langWeights) int {
	var arr [64]byte
	buf := arr[:0]
	h := uint32(fnvOffset)
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if isASCIILetter(c) {
				buf = append(buf, c|0x20)
				h = (h ^ uint32(c|0x20)) * fnvPrime
				i++
				continue
			}
			if c == '\'' && i+1 < len(text) && isASCIILetter(text[i+1]) {
				buf = append(buf, '\'')
				h = (h ^ '\'') * fnvPrime
				i++
			}
			break
		}
		if c == 0xC3 && i+1 < len(text) && text[i+1]&0xC0 == 0x80 {
			// U+00C0–U+00FF, the accented letters of the profiled
			// languages, lowered as unicode.ToLower does (À–Þ to
			// à–þ); × and ÷ are no letters.
			b := text[i+1]
			if b == 0x97 || b == 0xB7 {
				break
			}
			if b < 0x9F {
				b += 0x20
			}
			buf = append(buf, 0xC3, b)
			h = (h ^ 0xC3) * fnvPrime
			h = (h ^ uint32(b)) * fnvPrime
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			n := len(buf)
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
			for _, b := range buf[n:] {
				h = (h ^ uint32(b)) * fnvPrime
			}
			i += size
			continue
		}
		if r == '’' {
			if n, nsize := utf8.DecodeRuneInString(text[i+size:]); nsize > 0 && unicode.IsLetter(n) {
				buf = append(buf, '\'')
				h = (h ^ '\'') * fnvPrime
				i += size
			}
		}
		break
	}
	if len(buf) < maxProfileWord && langFirstLen[buf[0]]&(1<<len(buf)) != 0 {
		if k, ok := langWordIndex(h, buf); ok {
			scores.add(&langWeightsOf[k])
		}
	}
	if len(buf) > 5 {
		for _, sf := range suffixesByLast[buf[len(buf)-1]] {
			if len(buf) > len(sf.suffix)+2 && string(buf[len(buf)-len(sf.suffix):]) == sf.suffix {
				scores[sf.lang] += 0.5
				break
			}
		}
	}
	return i
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// scoreASCIIWord adds the weights of w, ASCII letters in any case, as
// scoreWords does those of the word lowered.
func scoreASCIIWord(text string, i, j int, scores *langWeights) {
	w := text[i:j]
	n := len(w)
	if n <= 8 && i+8 <= len(text) {
		// A short word is its eight bytes, lowered, cut to its length.
		key := (load64(text, i) | 0x2020202020202020) & (^uint64(0) >> (64 - 8*n))
		if sl, ok := shortWordIndex(key); ok {
			scores.addShort(sl)
		}
	} else if n < maxProfileWord && langFirstLen[w[0]|0x20]&(1<<n) != 0 {
		h := uint32(fnvOffset)
		for k := 0; k < n; k++ {
			h = (h ^ uint32(w[k]|0x20)) * fnvPrime
		}
		mask := uint32(len(langSlots) - 1)
	probe:
		for p := h & mask; ; p = (p + 1) & mask {
			sl := &langSlots[p]
			if sl.word == "" {
				break
			}
			if len(sl.word) != n {
				continue
			}
			for k := 0; k < n; k++ {
				if w[k]|0x20 != sl.word[k] {
					continue probe
				}
			}
			scores.add(&langWeightsOf[sl.idx])
			break
		}
	}
	if n > 5 && mayHaveASCIISuffix(w[n-1], w[n-2]) {
		scoreASCIISuffix(w, scores)
	}
}

// mayHaveASCIISuffix reports whether a word of ASCII letters whose last
// two letters are before and last may end with a language ending (see
// asciiSuffixEnds): most words do not, and scoreWords makes no call for
// them (0.5 M fewer instructions per OPP-115 pass).
func mayHaveASCIISuffix(last, before byte) bool {
	return asciiSuffixEnds[(last|0x20)-'a']&(1<<((before|0x20)-'a')) != 0
}

// scoreASCIISuffix adds the weight of the language ending of w (ASCII
// letters, more than five, with mayHaveASCIISuffix), if any.
func scoreASCIISuffix(w string, scores *langWeights) {
	n := len(w)
	last := w[n-1] | 0x20
	for _, sf := range suffixesByLast[last] {
		if n > len(sf.suffix)+2 && hasSuffixFold(w, sf.suffix) {
			scores[sf.lang] += 0.5
			break
		}
	}
}

// asciiSuffixEnds[l-'a'] has bit b-'a' set when a language ending made
// of ASCII letters (of a language) ends with b then l: the others cannot
// end a word of ASCII letters, most words' last two letters begin none,
// and scoreASCIISuffix stops there.
var asciiSuffixEnds = func() (t [26]uint32) {
	for _, sf := range langSuffixes {
		w := sf.suffix
		if sf.lang == "" || asciiLetterEnd(w, 0) != len(w) || len(w) < 2 {
			continue
		}
		t[w[len(w)-1]-'a'] |= 1 << (w[len(w)-2] - 'a')
	}
	return t
}()

// hasSuffixFold reports whether w, ASCII letters, ends with suffix (lower
// case) once lowered.
func hasSuffixFold(w, suffix string) bool {
	d := len(w) - len(suffix)
	for k := 0; k < len(suffix); k++ {
		if w[d+k]|0x20 != suffix[k] {
			return false
		}
	}
	return true
}

// asciiLetterEnd returns the end of the run of ASCII letters of s that
// starts at i.
func asciiLetterEnd(s string, i int) int {
	for i+8 <= len(s) {
		// A byte is a letter when, or-ed with 0x20, it is 'a' to 'z'.
		y := load64(s, i) | 0x2020202020202020
		if notLetter := ^(above(y, 'a'-1) &^ above(y, 'z')) & msb; notLetter != 0 {
			return i + bits.TrailingZeros64(notLetter)/8
		}
		i += 8
	}
	for i < len(s) && isASCIILetter(s[i]) {
		i++
	}
	return i
}

type langSuffix struct {
	suffix string
	lang   int
}

// suffixesByLast indexes langSuffixes by their last byte.
var suffixesByLast = func() *[256][]langSuffix {
	m := new([256][]langSuffix)
	for _, sf := range langSuffixes {
		if sf.lang == "" {
			continue
		}
		last := sf.suffix[len(sf.suffix)-1]
		m[last] = append(m[last], langSuffix{sf.suffix, langIndex[sf.lang]})
	}
	return m
}()

// primaryTag turns "fr-FR", "de_DE" or "EN" into "fr", "de", "en".
func primaryTag(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_,; "); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) < 2 || len(tag) > 3 {
		return ""
	}
	return tag
}
