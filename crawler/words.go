package crawler

import (
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
)

//go:embed linkwords.yaml
var defaultWordsFile []byte

// WordsSchema is the schema version of the link-words file this package
// reads.
const WordsSchema = 1

// Words are the compiled link words: per language, the phrases that name a
// privacy policy, a cookie policy, a legal hub, terms of service or a
// settings button, the well-known paths to try and the vocabulary of the
// built-in policy check. Load them with DefaultWords or ParseWords; a *Words
// is safe for concurrent use.
type Words struct {
	langs   []string
	names   map[string]string
	classes [numClasses]*phraseSet
	paths   map[string][]string
	contact *phraseSet // link words of a contact page (see namesContact)
	support *phraseSet // of a help centre or customer service (namesSupport)
	app     *phraseSet // of the product's app's page (namesApp)
	account *phraseSet // of an account's sign-up or log-in page (namesAccount)
	// summary names a policy's short first layer in a title ("Información
	// básica", "at a glance"); full, in a link, the full policy it leads
	// to ("información adicional", "full privacy notice"): see fullPolicyLink.
	summary, full *phraseSet
	// current names, in a link, the version of the policy in force
	// ("versão em vigor"), which a page listing its versions leads to.
	current *phraseSet
	// placeholder says that the policy is not published yet ("coming
	// soon", "en cours de rédaction"): see pageSignals.placeholder.
	placeholder *phraseSet
	// supplement names a notice that supplements the policy for the
	// residents of one state ("California Privacy Notice", "Notice at
	// Collection"): see pageSignals.supplement.
	supplement *phraseSet
	// audience names the people a privacy notice other than the users'
	// is for (job applicants, staff, people CCTV films, suppliers); users
	// the service's own (customers, users, the app): see otherAudience.
	audience, users *phraseSet
	blog            map[string]bool
	feature         map[string]bool // path segments of product-feature pages (see featureSegment)
	verify          map[string]*phraseSet

	// The sets above merged, so that a page's words are looked up once
	// rather than once per class or category (each phrase knows its class
	// or category): classAll holds the classes, verifyAll the verify
	// categories, all both.
	classAll  *phraseSet
	verifyAll *phraseSet
	all       *phraseSet
}

// linkClass is what a link text or URL names.
type linkClass int

const (
	classNone linkClass = iota
	classAction
	classPolicy
	classCookiePolicy
	classHub
	classPrivacy
	classTerms
	// classSecurity is a security word ("Sécurité"): never a class of its
	// own (class), but with a privacy word it names a trust page, a hub
	// ("Sécurité & vie privée"), as a terms word does.
	classSecurity
	numClasses
)

var classNames = [numClasses]string{"none", "action", "policy", "cookie_policy", "hub", "privacy", "terms", "security"}

func (c linkClass) String() string { return classNames[c] }

// verifyCategories are the kinds of statement a privacy policy makes; the
// built-in check counts how many a page covers.
var verifyCategories = []string{"controller", "data", "purposes", "legal_basis", "sharing",
	"rights", "retention", "security", "cookies", "children", "contact"}

// rawWords mirrors the YAML file.
type rawWords struct {
	Schema       int         `yaml:"schema"`
	BlogPaths    []string    `yaml:"blog_paths"`
	FeaturePaths []string    `yaml:"feature_paths"`
	Languages    []rawLangWs `yaml:"languages"`
}

type rawLangWs struct {
	Lang         string              `yaml:"lang"`
	Name         string              `yaml:"name"`
	Policy       []string            `yaml:"policy"`
	Privacy      []string            `yaml:"privacy"`
	CookiePolicy []string            `yaml:"cookie_policy"`
	Hub          []string            `yaml:"hub"`
	Terms        []string            `yaml:"terms"`
	Security     []string            `yaml:"security"`
	Action       []string            `yaml:"action"`
	Paths        []string            `yaml:"paths"`
	Contact      []string            `yaml:"contact"`
	Support      []string            `yaml:"support"`
	Summary      []string            `yaml:"summary"`
	Full         []string            `yaml:"full"`
	Current      []string            `yaml:"current"`
	Placeholder  []string            `yaml:"placeholder"`
	Supplement   []string            `yaml:"supplement"`
	App          []string            `yaml:"app"`
	Account      []string            `yaml:"account"`
	Audience     []string            `yaml:"audience"`
	Users        []string            `yaml:"users"`
	Verify       map[string][]string `yaml:"verify"`
	Examples     map[string][]string `yaml:"examples"`
}

var (
	defaultWordsOnce = sync.OnceValues(func() (*Words, error) { return ParseWords(defaultWordsFile) })
	langTagRE        = regexp.MustCompile(`^[a-z]{2,3}$`)
)

// DefaultWords returns the link words embedded in vigie (linkwords.yaml).
func DefaultWords() (*Words, error) { return defaultWordsOnce() }

// DefaultWordsFile returns the embedded link-words file, for users who want
// to start their own from it.
func DefaultWordsFile() []byte { return slices.Clone(defaultWordsFile) }

// ParseWords compiles a link-words file and validates it: unknown keys,
// malformed or duplicate phrases, unknown categories and every example that
// does not classify as its class are errors.
func ParseWords(data []byte) (*Words, error) {
	var raw rawWords
	if err := yaml.UnmarshalWithOptions(data, &raw, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("link words: %s", yaml.FormatError(err, false, true))
	}
	if raw.Schema != WordsSchema {
		return nil, fmt.Errorf("link words: schema %d, want %d", raw.Schema, WordsSchema)
	}
	if len(raw.Languages) == 0 {
		return nil, errors.New("link words: no languages")
	}
	w := &Words{
		names:       map[string]string{},
		paths:       map[string][]string{},
		blog:        map[string]bool{},
		feature:     map[string]bool{},
		verify:      map[string]*phraseSet{},
		contact:     newPhraseSet(),
		support:     newPhraseSet(),
		app:         newPhraseSet(),
		account:     newPhraseSet(),
		summary:     newPhraseSet(),
		full:        newPhraseSet(),
		current:     newPhraseSet(),
		placeholder: newPhraseSet(),
		supplement:  newPhraseSet(),
		audience:    newPhraseSet(),
		users:       newPhraseSet(),
	}
	for i := range w.classes {
		w.classes[i] = newPhraseSet()
	}
	if len(raw.BlogPaths) == 0 {
		return nil, errors.New("link words: blog_paths is empty")
	}
	for _, set := range []struct {
		name  string
		words []string
		into  map[string]bool
	}{{"blog path", raw.BlogPaths, w.blog}, {"feature path", raw.FeaturePaths, w.feature}} {
		for _, b := range set.words {
			f := foldWords(b)
			if len(f) != 1 {
				return nil, fmt.Errorf("link words: %s %q must be one word", set.name, b)
			}
			set.into[f[0]] = true
		}
	}
	var errs []error
	for _, l := range raw.Languages {
		if err := w.addLanguage(l); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	w.merge()
	// Examples are checked once every language is in: a text is classified
	// against all languages at once, as pages are.
	for _, l := range raw.Languages {
		for _, class := range sortedKeys(l.Examples) {
			want, ok := classByName(class)
			if !ok {
				errs = append(errs, fmt.Errorf("link words: %s: unknown example class %q", l.Lang, class))
				continue
			}
			for _, ex := range l.Examples[class] {
				if got := w.classify(foldWords(ex), false).class(); got != want {
					errs = append(errs, fmt.Errorf("link words: %s: example %q classifies as %s, want %s", l.Lang, ex, got, want))
				}
			}
		}
		if len(l.Examples["policy"]) == 0 {
			errs = append(errs, fmt.Errorf("link words: %s: needs at least one policy example", l.Lang))
		}
	}
	return w, errors.Join(errs...)
}

func (w *Words) addLanguage(l rawLangWs) error {
	if !langTagRE.MatchString(l.Lang) {
		return fmt.Errorf("link words: language %q: want a lower-case ISO 639 code", l.Lang)
	}
	if _, dup := w.names[l.Lang]; dup {
		return fmt.Errorf("link words: language %s listed twice", l.Lang)
	}
	if l.Name == "" {
		return fmt.Errorf("link words: %s: name is empty", l.Lang)
	}
	if len(l.Policy) == 0 || len(l.Privacy) == 0 {
		return fmt.Errorf("link words: %s: policy and privacy lists are required", l.Lang)
	}
	w.langs = append(w.langs, l.Lang)
	w.names[l.Lang] = l.Name
	var errs []error
	for class, list := range map[linkClass][]string{
		classPolicy: l.Policy, classPrivacy: l.Privacy, classCookiePolicy: l.CookiePolicy,
		classHub: l.Hub, classTerms: l.Terms, classAction: l.Action, classSecurity: l.Security,
	} {
		if err := w.classes[class].addAll(l.Lang, class.String(), list); err != nil {
			errs = append(errs, err)
		}
	}
	for _, p := range l.Paths {
		if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, " \t?#") {
			errs = append(errs, fmt.Errorf("link words: %s: path %q must start with / and hold no spaces, query or fragment", l.Lang, p))
		}
	}
	w.paths[l.Lang] = l.Paths
	// The page words of the fallbacks and of the built-in check.
	for _, set := range []struct {
		name string
		into *phraseSet
		list []string
	}{
		{"contact", w.contact, l.Contact}, {"support", w.support, l.Support}, {"app", w.app, l.App},
		{"account", w.account, l.Account}, {"summary", w.summary, l.Summary}, {"full", w.full, l.Full},
		{"current", w.current, l.Current}, {"placeholder", w.placeholder, l.Placeholder},
		{"supplement", w.supplement, l.Supplement},
		{"audience", w.audience, l.Audience}, {"users", w.users, l.Users},
	} {
		if err := set.into.addAll(l.Lang, set.name, set.list); err != nil {
			errs = append(errs, err)
		}
	}
	for _, cat := range sortedKeys(l.Verify) {
		if !slices.Contains(verifyCategories, cat) {
			errs = append(errs, fmt.Errorf("link words: %s: unknown verify category %q (known: %s)", l.Lang, cat, strings.Join(verifyCategories, ", ")))
			continue
		}
		set := w.verify[cat]
		if set == nil {
			set = newPhraseSet()
			w.verify[cat] = set
		}
		if err := set.addAll(l.Lang, "verify "+cat, l.Verify[cat]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Languages returns the languages the words cover, as ISO 639 codes.
func (w *Words) Languages() []string { return slices.Clone(w.langs) }

// LanguageName returns the English name of a language the words cover.
func (w *Words) LanguageName(lang string) string { return w.names[lang] }

func classByName(name string) (linkClass, bool) {
	for i, n := range classNames {
		if n == name {
			return linkClass(i), true
		}
	}
	return classNone, false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// merge builds the merged sets, after every language is in.
func (w *Words) merge() {
	inLang := map[string][]contribution{}
	for c, set := range w.classes {
		set.each(func(p *phrase) {
			p.class = linkClass(c)
			p.quoted = strconv.Quote(p.text) + " (" + p.lang + ")"
			if inLang[p.lang] == nil {
				inLang[p.lang] = all(5, "in the page's language ("+p.lang+")")
			}
			p.inPageLang = inLang[p.lang]
		})
	}
	cats := sortedKeys(w.verify)
	verify := make([]*phraseSet, 0, len(cats))
	for _, cat := range cats {
		i := slices.Index(verifyCategories, cat)
		w.verify[cat].each(func(p *phrase) { p.categoryIndex = i })
		verify = append(verify, w.verify[cat])
	}
	w.classAll = mergeSets(w.classes[:]...)
	w.verifyAll = mergeSets(verify...)
	w.all = mergeSets(w.classAll, w.verifyAll)
}

// A phrase is one entry of a word list, compiled.
type phrase struct {
	lang string
	// class is the link class whose list holds the phrase; categoryIndex
	// the index in verifyCategories of its verify category (0 for link
	// phrases).
	class         linkClass
	categoryIndex int
	text          string   // as written in the file
	words         []string // folded; a trailing "*" removed
	prefix        []bool   // words[i] matches any word starting with it
	// joined is the words run together, for URLs ("privacypolicy"); empty
	// for one-word phrases.
	joined       string
	joinedPrefix bool
	// For the phrases of link classes, written once by merge: quoted is
	// the text quoted and the language named, for reasons (quotePhrase);
	// inPageLang the contributions of a link whose phrase is in the
	// page's language (scoreLanguage), shared by the phrases of a
	// language.
	quoted     string
	inPageLang []contribution
}

// phraseSet indexes phrases by their first word.
type phraseSet struct {
	byFirst map[string][]*phrase
	// prefixFirst holds the phrases whose first word is a prefix, by the
	// prefix's first byte: a page of a million words tries only those
	// that can match each word (verifying a page was otherwise the
	// crawler's costliest step on huge pages).
	prefixFirst  [256][]*phrase
	prefixEmpty  []*phrase // first word an empty prefix: every word
	joined       map[string][]*phrase
	joinedPrefix []*phrase
	seen         map[string]bool // lang + folded text, for duplicates
	// firstKeys and joinedKeys filter the words looked up in byFirst and
	// joined: most words of a page start no phrase, and the filter tells
	// most of them apart without hashing them for the map (a fifth of the
	// cost of verifying a policy page).
	firstKeys, joinedKeys wordFilter
	// prefixStarts filters the words tried against prefixFirst by their
	// first two bytes: a prefix is at least four letters long.
	prefixStarts wordFilter
}

// wordFilter is a Bloom filter of one hash over a set of words: has is
// true for every word added, and for few others.
type wordFilter [wordFilterBits / 64]uint64

const wordFilterBits = 1 << 14

// wordFilterBit is the bit of w: a multiplicative hash of its length and
// first, second and last bytes, enough to spread the words of a phrase
// list.
func wordFilterBit(w string) uint32 {
	h := uint32(len(w)) | uint32(w[0])<<8 | uint32(w[len(w)-1])<<16
	if len(w) > 1 {
		h |= uint32(w[1]) << 24
	}
	return (h * 0x9E3779B1) >> (32 - 14)
}

// prefixStart is the start of w that prefixStarts holds: its first two
// bytes; "" when it is shorter.
func prefixStart(w string) string {
	if len(w) < 2 {
		return ""
	}
	return w[:2]
}

func (f *wordFilter) add(w string) {
	if w == "" {
		return // never looked up (has is false): no key of the maps is empty
	}
	b := wordFilterBit(w)
	f[b/64] |= 1 << (b % 64)
}

// has reports whether w may have been added; false for "".
func (f *wordFilter) has(w string) bool {
	if w == "" {
		return false
	}
	b := wordFilterBit(w)
	return f[b/64]&(1<<(b%64)) != 0
}

func newPhraseSet() *phraseSet {
	return &phraseSet{byFirst: map[string][]*phrase{}, joined: map[string][]*phrase{}, seen: map[string]bool{}}
}

// each calls fn for every phrase of s, once.
func (s *phraseSet) each(fn func(*phrase)) {
	seen := map[*phrase]bool{}
	visit := func(ps []*phrase) {
		for _, p := range ps {
			if !seen[p] {
				seen[p] = true
				fn(p)
			}
		}
	}
	for _, k := range sortedKeys(s.byFirst) {
		visit(s.byFirst[k])
	}
	for _, ps := range s.prefixFirst {
		visit(ps)
	}
	visit(s.prefixEmpty)
	for _, k := range sortedKeys(s.joined) {
		visit(s.joined[k])
	}
	visit(s.joinedPrefix)
}

// mergeSets returns one set holding the phrases of sets, for lookups only
// (no duplicate check). Within each index entry the phrases keep the order
// of sets and, within a set, their own order: find then meets the phrases
// of any one set in the order it would alone.
func mergeSets(sets ...*phraseSet) *phraseSet {
	m := newPhraseSet()
	for _, s := range sets {
		for k, ps := range s.byFirst {
			m.byFirst[k] = append(m.byFirst[k], ps...)
			m.firstKeys.add(k)
		}
		for i, ps := range s.prefixFirst {
			m.prefixFirst[i] = append(m.prefixFirst[i], ps...)
		}
		for i := range m.prefixStarts {
			m.prefixStarts[i] |= s.prefixStarts[i]
		}
		m.prefixEmpty = append(m.prefixEmpty, s.prefixEmpty...)
		for k, ps := range s.joined {
			m.joined[k] = append(m.joined[k], ps...)
			m.joinedKeys.add(k)
		}
		m.joinedPrefix = append(m.joinedPrefix, s.joinedPrefix...)
	}
	return m
}

func (s *phraseSet) addAll(lang, list string, texts []string) error {
	var errs []error
	for _, t := range texts {
		if err := s.add(lang, t); err != nil {
			errs = append(errs, fmt.Errorf("link words: %s: %s: %w", lang, list, err))
		}
	}
	return errors.Join(errs...)
}

func (s *phraseSet) add(lang, text string) error {
	variants := []string{text}
	if alt := germanAlt(text); alt != "" {
		variants = append(variants, alt)
	}
	for i, v := range variants {
		p, err := compilePhrase(lang, text, v)
		if err != nil {
			return err
		}
		key := lang + "\x00" + strings.Join(p.words, " ") + fmt.Sprint(p.prefix)
		if s.seen[key] {
			if i == 0 {
				return fmt.Errorf("phrase %q is listed twice", text)
			}
			continue // the alternative spelling folds like the original
		}
		s.seen[key] = true
		if p.prefix[0] {
			if w := p.words[0]; w == "" {
				s.prefixEmpty = append(s.prefixEmpty, p)
			} else {
				s.prefixFirst[w[0]] = append(s.prefixFirst[w[0]], p)
				s.prefixStarts.add(prefixStart(w)) // w is four letters or more (compilePhrase)
			}
		} else {
			s.byFirst[p.words[0]] = append(s.byFirst[p.words[0]], p)
			s.firstKeys.add(p.words[0])
		}
		if p.joined != "" {
			if p.joinedPrefix {
				s.joinedPrefix = append(s.joinedPrefix, p)
			} else {
				s.joined[p.joined] = append(s.joined[p.joined], p)
				s.joinedKeys.add(p.joined)
			}
		}
	}
	return nil
}

func compilePhrase(lang, text, variant string) (*phrase, error) {
	if strings.TrimSpace(variant) == "" {
		return nil, errors.New("empty phrase")
	}
	p := &phrase{lang: lang, text: text}
	for _, raw := range strings.Fields(variant) {
		star := strings.HasSuffix(raw, "*")
		if strings.Count(raw, "*") > 1 || (strings.Contains(raw, "*") && !star) {
			return nil, fmt.Errorf("phrase %q: \"*\" may only end a word", text)
		}
		ws := foldWords(strings.TrimSuffix(raw, "*"))
		if len(ws) == 0 {
			continue
		}
		for i, fw := range ws {
			pre := star && i == len(ws)-1
			if pre && len([]rune(fw)) < 4 {
				return nil, fmt.Errorf("phrase %q: prefix %q is too short to be safe", text, fw+"*")
			}
			p.words = append(p.words, fw)
			p.prefix = append(p.prefix, pre)
		}
	}
	if len(p.words) == 0 {
		return nil, fmt.Errorf("phrase %q has no letters", text)
	}
	if len(p.words) > 1 {
		p.joined = strings.Join(p.words, "")
		p.joinedPrefix = p.prefix[len(p.prefix)-1]
	}
	return p, nil
}

// matches reports whether p matches words at position i.
func (p *phrase) matchesAt(words []string, i int) bool {
	if i+len(p.words) > len(words) {
		return false
	}
	for j, pw := range p.words {
		w := words[i+j]
		if p.prefix[j] {
			if !strings.HasPrefix(w, pw) {
				return false
			}
		} else if w != pw {
			return false
		}
	}
	return true
}

// find calls fn for every phrase of s found in words. In URL mode a phrase
// also matches one word made of its words run together.
func (s *phraseSet) find(words []string, urlMode bool, fn func(p *phrase)) {
	for i, w := range words {
		if s.firstKeys.has(w) {
			for _, p := range s.byFirst[w] {
				if p.matchesAt(words, i) {
					fn(p)
				}
			}
		}
		if s.prefixStarts.has(prefixStart(w)) {
			for _, p := range s.prefixFirst[w[0]] {
				if p.matchesAt(words, i) {
					fn(p)
				}
			}
		}
		for _, p := range s.prefixEmpty {
			if p.matchesAt(words, i) {
				fn(p)
			}
		}
		if !urlMode {
			continue
		}
		if s.joinedKeys.has(w) {
			for _, p := range s.joined[w] {
				fn(p)
			}
		}
		for _, p := range s.joinedPrefix {
			if strings.HasPrefix(w, p.joined) {
				fn(p)
			}
		}
	}
}

// classifyText classifies the folded words of a text, as
// classify(foldWords(s), false) does, in a word slice used again.
func (w *Words) classifyText(s string) matchSet { return w.classifyFolded(fold(s), false) }

// classifyFolded classifies the words of folded text f, as
// classify(strings.Split(f, " "), urlMode) does, in a word slice used again.
func (w *Words) classifyFolded(f string, urlMode bool) matchSet {
	if f == "" {
		return matchSet{}
	}
	buf := wordBufs.Get().(*[]string)
	words := appendWords((*buf)[:0], f)
	m := w.classify(words, urlMode) // keeps phrases, not words
	clear(words)
	*buf = words[:0]
	wordBufs.Put(buf)
	return m
}

// matchSet holds, per class, the longest phrase found.
type matchSet [numClasses]*phrase

func (w *Words) classify(words []string, urlMode bool) matchSet {
	var m matchSet
	if len(words) == 0 {
		return m
	}
	w.classAll.find(words, urlMode, func(p *phrase) {
		// The longest phrase wins; among equals the first in the file,
		// so English, then the file's order of languages.
		if c := p.class; m[c] == nil || len(p.words) > len(m[c].words) {
			m[c] = p
		}
	})
	return m
}

// class decides what the matched phrases name, in the order the words file
// documents.
func (m matchSet) class() linkClass {
	switch {
	case m[classAction] != nil:
		return classAction
	case m[classPolicy] != nil:
		return classPolicy
	case m[classCookiePolicy] != nil && m[classPrivacy] != nil:
		return classPolicy
	case m[classCookiePolicy] != nil:
		return classCookiePolicy
	case m[classHub] != nil:
		return classHub
	case m[classPrivacy] != nil && (m[classTerms] != nil || m[classSecurity] != nil):
		return classHub
	case m[classPrivacy] != nil:
		return classPrivacy
	case m[classTerms] != nil:
		return classTerms
	}
	return classNone
}

// evidence returns the phrase that decided the class, for reasons.
func (m matchSet) evidence() *phrase {
	switch c := m.class(); c {
	case classNone:
		return nil
	case classPolicy:
		if m[classPolicy] != nil {
			return m[classPolicy]
		}
		return m[classPrivacy]
	case classHub:
		if m[classHub] != nil {
			return m[classHub]
		}
		return m[classPrivacy]
	default:
		return m[c]
	}
}

// wellKnownPaths returns the paths to try for a site whose pages are in
// lang: that language's first, then English ones, without duplicates.
func (w *Words) wellKnownPaths(lang string) []string {
	var out []string
	for _, l := range []string{lang, "en"} {
		for _, p := range w.paths[l] {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// verifyHits counts, per category of policy vocabulary (by its index in
// verifyCategories), the phrases found in words.
func (w *Words) verifyHits(words []string) []int {
	counts := make([]int, len(verifyCategories))
	w.verifyAll.find(words, false, func(p *phrase) { counts[p.categoryIndex]++ })
	return counts
}

// guessLang guesses the language of folded words from the link and policy
// vocabulary they use; "" when too few words are known.
func (w *Words) guessLang(words []string) string {
	counts := map[string]int{}
	count := func(p *phrase) { counts[p.lang]++ }
	w.all.find(words, false, count)
	best, bestN := "", 0
	for _, l := range w.langs {
		if counts[l] > bestN {
			best, bestN = l, counts[l]
		}
	}
	if bestN < 3 {
		return ""
	}
	return best
}

// otherAudience returns the words of a title that name the people a
// privacy notice other than the users' is for ("Job applicant privacy
// notice", "Datenschutzhinweise für Bewerber", "Informativa
// videosorveglianza"), or "" when it names none, or names the service's
// users too ("Privacy notice for customers and suppliers"). A company
// keeps such notices beside its policy, in its privacy centre or on its
// careers page; none is the policy an audit of the service reads.
func (w *Words) otherAudience(text string) string {
	words := foldWords(text)
	found := firstIn(w.audience, words)
	if found == "" || hasPhrase(w.users, words) {
		return ""
	}
	return found
}

// firstPhrase returns the first phrase of set found in text, "" for none.
func firstPhrase(set *phraseSet, text string) string { return firstIn(set, foldWords(text)) }

// firstIn returns the first phrase of set found in the folded words, ""
// for none.
func firstIn(set *phraseSet, words []string) string {
	found := ""
	set.find(words, false, func(p *phrase) {
		if found == "" {
			found = p.text
		}
	})
	return found
}

// namesContact reports whether a link's text names a contact page: a
// contact phrase is all its words but two at most ("Kontakt", "Contact
// us", "Contact & directions"), not a sentence that mentions contact.
func (w *Words) namesContact(text string) bool { return namesPage(w.contact, text) }

// namesSupport reports, as namesContact does, whether a link's text names
// the site's help centre or customer service ("Support Center", "Service à
// la clientèle", "Hilfe").
func (w *Words) namesSupport(text string) bool { return namesPage(w.support, text) }

// namesApp reports, as namesContact does, whether a link's text names the
// page of the product's app ("The app", "Application Boréal+", "Die App").
func (w *Words) namesApp(text string) bool { return namesPage(w.app, text) }

// namesAccount reports, as namesContact does, whether a link's text names
// an account's sign-up or log-in page ("Create an account", "Mon compte").
func (w *Words) namesAccount(text string) bool { return namesPage(w.account, text) }

// mentions reports whether a phrase of set occurs in text.
func mentions(set *phraseSet, text string) bool { return hasPhrase(set, foldWords(text)) }

// hasPhrase reports whether a phrase of set occurs in the folded words.
func hasPhrase(set *phraseSet, words []string) bool {
	found := false
	set.find(words, false, func(*phrase) { found = true })
	return found
}

// namesPage reports whether a phrase of set is all the words of a link's
// text but two at most: the link names the page, it is not a sentence that
// mentions it.
func namesPage(set *phraseSet, text string) bool {
	words := foldWords(text)
	found := false
	set.find(words, false, func(p *phrase) {
		found = found || len(words) <= len(p.words)+2
	})
	return found
}
