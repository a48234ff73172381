// Package evaluate measures the accuracy of a rule pack on a gold corpus:
// per topic precision, recall, F1 and accuracy at segment level (a passage
// of a policy, from segments*.jsonl) and at policy level (a whole policy
// file, from policies*.jsonl), with micro and macro averages.
//
// A corpus folder holds segments*.jsonl (optional) and policies*.jsonl, one
// JSON object a line, each with policy_id, text or policy_file, and gold: a
// map from topic id to true, false or null (null is not labelled and is
// skipped). The layout is described in the corpora's README; corpus texts
// are never copied into the repository.
//
// Segments are scored on their own sentences, but read in their policy:
// the segments of a policy (one policy_id, in a row, with consecutive
// numeric segment_id) are taken in order, and a segment that is an item of
// a list is read with its lead-in, found by rules.LeadIns exactly as the
// engine finds it in a plain-text document (the last sentence of the
// segment before, ending with a colon, then a run of item-like segments).
// The lead-in is context: a hit counts for the item only when the item
// takes part in it (see rules/leadin.go). Options.Standalone scores every
// segment alone.
//
// A segment may carry the heading of its section ("heading": "Cookies"),
// for corpora whose labellers read each paragraph under its heading: it is
// read under that heading, as the engine reads the same paragraph in the
// whole policy (a heading cues its topic).
package evaluate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Splits of a corpus. About a third of the policies (chosen by a hash of the
// policy id, so the split is stable and needs no file) are held out as test;
// rules are studied on dev only.
const (
	SplitAll  = "all"
	SplitDev  = "dev"
	SplitTest = "test"
)

// InSplit reports whether the policy with id belongs to split.
func InSplit(id json.RawMessage, split string) bool {
	switch split {
	case SplitDev:
		return !heldOut(id)
	case SplitTest:
		return heldOut(id)
	}
	return true
}

func heldOut(id json.RawMessage) bool {
	h := fnv.New32a()
	h.Write([]byte(strings.Trim(string(id), `"`)))
	return h.Sum32()%3 == 0
}

// gold maps a topic id to its label; nil means not labelled.
type gold map[string]*bool

// segment is one line of a segments*.jsonl file.
type segment struct {
	PolicyID  json.RawMessage `json:"policy_id"`
	SegmentID json.RawMessage `json:"segment_id"`
	Text      string          `json:"text"`
	// Heading is the heading of the segment's section, "" when the corpus
	// does not give it.
	Heading  string `json:"heading"`
	Gold     gold   `json:"gold"`
	Language string `json:"language"`
}

// policy is one line of a policies*.jsonl file.
type policy struct {
	PolicyID   json.RawMessage `json:"policy_id"`
	PolicyFile string          `json:"policy_file"`
	Gold       gold            `json:"gold"`
	Language   string          `json:"language"`
	Vendor     string          `json:"vendor"`
	Domain     string          `json:"domain"`
}

// corpusFile is one jsonl file of a corpus.
type corpusFile struct {
	Name  string // base name, e.g. segments_de.jsonl
	Level string // segment or policy
	Lang  string // from the file name suffix (segments_de.jsonl → de), else ""
	Path  string
}

// listFiles finds the segments*.jsonl and policies*.jsonl files of a
// corpus, in name order.
func listFiles(dir string) ([]corpusFile, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("corpus %s: not a directory", dir)
	}
	var out []corpusFile
	for _, level := range []string{LevelSegment, LevelPolicy} {
		prefix := map[string]string{LevelSegment: "segments", LevelPolicy: "policies"}[level]
		matches, err := filepath.Glob(filepath.Join(dir, prefix+"*.jsonl"))
		if err != nil {
			return nil, err
		}
		sort.Strings(matches)
		for _, m := range matches {
			base := filepath.Base(m)
			lang := strings.TrimSuffix(strings.TrimPrefix(base, prefix), ".jsonl")
			lang = strings.TrimPrefix(lang, "_")
			if len(lang) != 2 {
				lang = ""
			}
			out = append(out, corpusFile{Name: base, Level: level, Lang: lang, Path: m})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("corpus %s: no segments*.jsonl or policies*.jsonl file", dir)
	}
	return out, nil
}

// readJSONL decodes each non-empty line of path into a new T and calls fn.
func readJSONL[T any](path string, fn func(line int, v *T) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	line := 0
	for {
		b, err := r.ReadBytes('\n')
		if len(b) > 0 {
			line++
			if s := strings.TrimSpace(string(b)); s != "" {
				v := new(T)
				if jerr := json.Unmarshal([]byte(s), v); jerr != nil {
					return fmt.Errorf("%s:%d: %w", filepath.Base(path), line, jerr)
				}
				if ferr := fn(line, v); ferr != nil {
					return ferr
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
