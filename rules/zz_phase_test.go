package rules

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigie-audit/vigie/analyzer"
)

func phaseDocs(b *testing.B) ([]string, *Pack) {
	dir := "/work/shared/eval/opp115/policies"
	entries, _ := os.ReadDir(dir)
	var sents []string
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		data = bytes.ReplaceAll(data, []byte("|||"), []byte("<hr>"))
		d, _ := analyzer.Extract(context.Background(), bytes.NewReader(data), analyzer.Input{URL: e.Name()})
		for _, s := range d.Sections {
			for _, g := range s.Segments {
				for _, ss := range g.Sentences {
					sents = append(sents, ss.Text)
				}
			}
		}
	}
	p, _ := Default()
	return sents, p
}

func BenchmarkZZPhase(b *testing.B) {
	sents, p := phaseDocs(b)
	m := p.getMatcher()
	p.setLanguage(m, "en")
	b.Run("tokenize", func(b *testing.B) {
		for b.Loop() {
			for _, s := range sents {
				m.toks.tokenize(s)
			}
		}
	})
	b.Run("prepare", func(b *testing.B) {
		for b.Loop() {
			for _, s := range sents {
				p.prepare(m, s, listBody)
			}
		}
	})
	row := make([]uint64, 2)
	b.Run("scan", func(b *testing.B) {
		for b.Loop() {
			for _, s := range sents {
				clear(row)
				p.scanSentence(m, s, row, 0, 0, nil, nil)
			}
		}
	})
}
