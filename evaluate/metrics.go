package evaluate

import "math"

// Levels of evaluation.
const (
	LevelSegment = "segment"
	LevelPolicy  = "policy"
)

// RightsStrict is the extra OPP-115 measure: rights limited to access, edit
// and deletion, without choices and opt-outs.
const RightsStrict = "rights_strict"

// Scores are the confusion counts of one topic and the figures drawn from
// them.
type Scores struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Accuracy  float64 `json:"accuracy"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	TN        int     `json:"tn"`
	// N is the number of labelled units (null gold skipped).
	N int `json:"n"`
}

func (s *Scores) add(pred, gold bool) {
	s.N++
	switch {
	case pred && gold:
		s.TP++
	case pred && !gold:
		s.FP++
	case !pred && gold:
		s.FN++
	default:
		s.TN++
	}
}

func (s *Scores) merge(o *Scores) {
	s.TP += o.TP
	s.FP += o.FP
	s.FN += o.FN
	s.TN += o.TN
	s.N += o.N
}

// finish computes the ratios. Precision is 1 when nothing was predicted and
// nothing was to be found (and 0 when something was missed); recall is 1
// when there was nothing to find.
func (s *Scores) finish() {
	s.Precision = ratio(s.TP, s.TP+s.FP, s.FN == 0)
	s.Recall = ratio(s.TP, s.TP+s.FN, true)
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	s.Accuracy = ratio(s.TP+s.TN, s.N, true)
	s.Precision, s.Recall, s.F1, s.Accuracy = r4(s.Precision), r4(s.Recall), r4(s.F1), r4(s.Accuracy)
}

func ratio(a, b int, empty bool) float64 {
	if b == 0 {
		if empty {
			return 1
		}
		return 0
	}
	return float64(a) / float64(b)
}

func r4(x float64) float64 { return math.Round(x*10000) / 10000 }

// A Level holds the figures of one level (segment or policy) over a set of
// units.
type Level struct {
	// File is the corpus file the figures come from; empty for the
	// combination of every file of the level.
	File     string `json:"file,omitempty"`
	Language string `json:"language,omitempty"`
	Units    int    `json:"units"`
	// Micro pools the confusion counts of the seven topics.
	Micro Scores `json:"micro"`
	// MacroF1 is the mean F1 of the seven topics that have labels.
	MacroF1 float64 `json:"macro_f1"`
	// Topics maps a topic id (and rights_strict where the corpus has it) to
	// its scores.
	Topics map[string]*Scores `json:"topics"`
	// TopicOrder lists the keys of Topics in report order.
	TopicOrder []string `json:"-"`
}

func newLevel() *Level { return &Level{Topics: map[string]*Scores{}} }

func (l *Level) topic(id string) *Scores {
	s, ok := l.Topics[id]
	if !ok {
		s = &Scores{}
		l.Topics[id] = s
	}
	return s
}

// finish computes every ratio and the averages over the main topics.
func (l *Level) finish(main []string) {
	var micro Scores
	var f1sum float64
	n := 0
	for _, id := range main {
		s, ok := l.Topics[id]
		if !ok || s.N == 0 {
			continue
		}
		s.finish()
		micro.merge(s)
		f1sum += s.F1
		n++
	}
	for id, s := range l.Topics {
		if !contains(main, id) {
			s.finish()
		}
	}
	micro.finish()
	l.Micro = micro
	if n > 0 {
		l.MacroF1 = r4(f1sum / float64(n))
	}
	l.TopicOrder = nil
	for _, id := range main {
		if s, ok := l.Topics[id]; ok && s.N > 0 {
			l.TopicOrder = append(l.TopicOrder, id)
		}
	}
	if s, ok := l.Topics[RightsStrict]; ok && s.N > 0 {
		l.TopicOrder = append(l.TopicOrder, RightsStrict)
	}
	for id, s := range l.Topics {
		if s.N == 0 {
			delete(l.Topics, id)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
