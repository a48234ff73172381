package rules

import (
	"math"
	"slices"
)

// Merge combines the assessments of several documents that together make up
// one vendor's disclosure (a privacy policy and a separate cookie policy).
// A topic is as strong as its strongest document; its evidence keeps the
// best quotes across documents, each tagged with the index of the
// assessment it came from in Evidence.Doc. The score is recomputed with the
// pack's weights. The first assessment gives the language.
func (p *Pack) Merge(as ...*Assessment) *Assessment {
	if len(as) == 0 {
		return nil
	}
	out := &Assessment{Language: as[0].Language}
	if len(p.topics) > 0 {
		out.Topics = make([]TopicResult, 0, len(p.topics))
	}
	var wsum, ssum float64
	for _, t := range p.topics {
		res := TopicResult{ID: t.ID, Title: t.Title, Level: LevelMissing}
		// Size the topic's evidence and rules once (left nil when there are
		// none, as the report writes them).
		nev, nrules := 0, 0
		for _, a := range as {
			if tr := a.Topic(t.ID); tr != nil {
				nev += len(tr.Evidence)
				nrules += len(tr.Rules)
			}
		}
		var ev []Evidence
		if nev > 0 {
			ev = make([]Evidence, 0, nev)
		}
		if nrules > 0 {
			res.Rules = make([]string, 0, nrules)
		}
		for di, a := range as {
			tr := a.Topic(t.ID)
			if tr == nil {
				continue
			}
			res.Strength = math.Max(res.Strength, tr.Strength)
			for _, e := range tr.Evidence {
				e.Doc = di
				ev = append(ev, e)
			}
			for _, r := range tr.Rules {
				// A topic fires a handful of rules: a scan beats a map.
				if !slices.Contains(res.Rules, r) {
					res.Rules = append(res.Rules, r)
				}
			}
		}
		switch {
		case res.Strength >= p.covered:
			res.Covered, res.Level = true, LevelCovered
		case res.Strength >= p.weak:
			res.Level = LevelWeak
		}
		if res.Level != LevelMissing {
			slices.SortStableFunc(ev, func(a, b Evidence) int {
				switch {
				case a.Strength > b.Strength:
					return -1
				case b.Strength > a.Strength:
					return 1
				}
				return 0
			})
			if len(ev) > MaxEvidence {
				ev = ev[:MaxEvidence]
			}
			res.Evidence = ev
		}
		out.Topics = append(out.Topics, res)
		wsum += t.Weight
		ssum += t.Weight * res.Strength
	}
	if wsum > 0 {
		out.Score = int(math.Round(100 * ssum / wsum))
	}
	return out
}
