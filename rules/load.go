package rules

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
)

//go:embed defaults/*.yaml
var defaultsFS embed.FS

// ManifestFile is the pack manifest every rule folder holds at its root.
const ManifestFile = "pack.yaml"

// BuiltinSource is the Source of the embedded default pack.
const BuiltinSource = "builtin"

// A Pack is a compiled, validated rule pack: the manifest, one topic per
// topic file, and the token index that evaluation looks patterns up in.
// A Pack is safe for concurrent use.
type Pack struct {
	name        string
	version     string
	description string
	source      string
	sha         string
	covered     float64
	weak        float64
	files       []string

	topics   []*Topic
	rules    []*Rule
	ruleByID map[string]*Rule
	groups   []group
	patterns []pattern // distinct patterns
	langs    []string  // languages of the patterns, in first-seen order
	idx      index
	// hot holds, per pattern, what matching reads (patHot), with its
	// lists in code and ints.
	hot  []patHot
	code []binst
	ints []int32
	// passage lists the passage vetoes (passage.go).
	passage passageVetoes

	pendingNeeds []pendingNeed
	free         chan *matcher
}

// Name is the pack's name from its manifest.
func (p *Pack) Name() string { return p.name }

// Version is the pack's version from its manifest.
func (p *Pack) Version() string { return p.version }

// Description is the pack's description from its manifest.
func (p *Pack) Description() string { return p.description }

// SHA256 is the hex SHA-256 of the pack's files (each file's name and
// content, in name order), so two people can check they use the same rules.
func (p *Pack) SHA256() string { return p.sha }

// Source is "builtin" for the embedded pack, else the folder it came from.
func (p *Pack) Source() string { return p.source }

// Topics returns the pack's topics in their fixed order.
func (p *Pack) Topics() []*Topic { return cloneSlice(p.topics) }

// Rules returns every rule of the pack, topic by topic.
func (p *Pack) Rules() []*Rule { return cloneSlice(p.rules) }

// Rule returns the rule with the given id, or nil.
func (p *Pack) Rule(id string) *Rule { return p.ruleByID[id] }

// Thresholds returns the topic strengths from which a topic is covered, and
// from which it is weak rather than missing.
func (p *Pack) Thresholds() (covered, weak float64) { return p.covered, p.weak }

// Files lists the files the pack was loaded from.
func (p *Pack) Files() []string { return cloneSlice(p.files) }

func cloneSlice[T any](s []T) []T { return append([]T(nil), s...) }

var defaultPack = sync.OnceValues(func() (*Pack, error) {
	sub, err := fs.Sub(defaultsFS, "defaults")
	if err != nil {
		return nil, err
	}
	p, err := load(sub, BuiltinSource)
	if err != nil {
		return nil, fmt.Errorf("built-in rule pack: %w", err)
	}
	return p, nil
})

// Default returns the embedded default pack. It is compiled once and
// shared.
func Default() (*Pack, error) { return defaultPack() }

// DefaultFS returns the embedded default pack's files, for `vigie rules`
// to list or copy as a starting point.
func DefaultFS() fs.FS {
	sub, _ := fs.Sub(defaultsFS, "defaults")
	return sub
}

// Load compiles the pack in fsys: pack.yaml at its root and the topic files
// it lists. Every problem is reported, each as a *FileError naming the file
// and, where known, the line; the errors are joined.
func Load(fsys fs.FS) (*Pack, error) { return load(fsys, "") }

// Open loads the rule pack a --rules flag names: the embedded default pack
// when dir is empty, else the pack in folder dir.
func Open(dir string) (*Pack, error) {
	if dir == "" {
		return Default()
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("rules folder: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("rules folder %s: not a directory", dir)
	}
	return load(os.DirFS(dir), dir)
}

func load(fsys fs.FS, source string) (*Pack, error) {
	man, err := fs.ReadFile(fsys, ManifestFile)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", ManifestFile, err)
	}
	var rm rawManifest
	if err := decodeYAML(ManifestFile, man, &rm); err != nil {
		return nil, err
	}
	p := &Pack{
		name: rm.Name, version: rm.Version, description: strings.TrimSpace(rm.Description), source: source,
		covered: rm.Thresholds.Covered, weak: rm.Thresholds.Weak, ruleByID: map[string]*Rule{},
	}
	c := &compiler{p: p, packLists: map[string]*listDef{}, words: map[string]node{}}
	c.defineLists(ManifestFile, rm.Lists, true, c.packLists)
	c.parseLists(&listScope{defs: c.packLists, words: c.words}, true)
	if rm.Schema != SchemaVersion {
		c.errorf(ManifestFile, 1, "schema: got %d, this version of vigie reads schema %d", rm.Schema, SchemaVersion)
	}
	if strings.TrimSpace(rm.Version) == "" {
		c.errorf(ManifestFile, 1, "version: missing")
	}
	if !(rm.Thresholds.Weak > 0 && rm.Thresholds.Weak < rm.Thresholds.Covered && rm.Thresholds.Covered <= 1) {
		c.errorf(ManifestFile, 1, "thresholds: want 0 < weak < covered <= 1, got weak %v, covered %v", rm.Thresholds.Weak, rm.Thresholds.Covered)
	}
	if len(rm.Topics) == 0 {
		c.errorf(ManifestFile, 1, "topics: the pack lists no topic")
	}
	type entry struct {
		id, file string
		weight   float64
	}
	var entries []entry
	seen := map[string]bool{}
	for _, t := range rm.Topics {
		switch {
		case !topicIDRe.MatchString(t.ID):
			c.errorf(ManifestFile, 0, "topics: bad topic id %q", t.ID)
			continue
		case seen[t.ID]:
			c.errorf(ManifestFile, 0, "topics: topic %q listed twice", t.ID)
			continue
		case t.Weight < 0:
			c.errorf(ManifestFile, 0, "topics: topic %q has a negative weight", t.ID)
		}
		seen[t.ID] = true
		f := t.File
		if f == "" {
			f = t.ID + ".yaml"
		}
		if !fs.ValidPath(f) || path.Dir(f) != "." {
			c.errorf(ManifestFile, 0, "topics: topic %q: file %q must be a file name in the pack folder", t.ID, f)
			continue
		}
		entries = append(entries, entry{t.ID, f, t.Weight})
	}
	sort.SliceStable(entries, func(i, j int) bool { return topicRank(entries[i].id) < topicRank(entries[j].id) })
	var total float64
	for _, e := range entries {
		total += e.weight
	}
	if len(entries) > 0 && total <= 0 {
		c.errorf(ManifestFile, 0, "topics: the weights add up to zero")
	}

	h := sha256.New()
	files := map[string][]byte{ManifestFile: man}
	unread := false // a topic file could not be read or decoded
	for _, e := range entries {
		data, err := fs.ReadFile(fsys, e.file)
		if err != nil {
			c.errs = append(c.errs, fmt.Errorf("read %s: %w", e.file, err))
			unread = true
			continue
		}
		files[e.file] = data
		var rt rawTopic
		if err := decodeYAML(e.file, data, &rt); err != nil {
			c.errs = append(c.errs, err)
			unread = true
			continue
		}
		c.compileTopic(e.file, &rt, e.id, e.weight)
	}
	c.resolveNeeds()
	if !unread {
		c.unusedLists(c.packLists, true)
	}
	if len(c.errs) > 0 {
		return nil, joinErrors(c.errs)
	}
	names := sortedKeys(files)
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(files[n]))
		h.Write(files[n])
	}
	p.sha = hex.EncodeToString(h.Sum(nil))
	p.files = names
	p.markEager()
	p.buildIndex()
	p.free = make(chan *matcher, 2*runtime.GOMAXPROCS(0)+2)
	return p, nil
}

// FileErrors returns the *FileError values in err (a joined load error).
func FileErrors(err error) []*FileError {
	var out []*FileError
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		var fe *FileError
		if x, ok := e.(interface{ Unwrap() []error }); ok {
			for _, c := range x.Unwrap() {
				walk(c)
			}
			return
		}
		if errors.As(e, &fe) {
			out = append(out, fe)
		}
	}
	walk(err)
	return out
}
