package annotate

import (
	"testing"
)

// pairScores is pairwise grouping quality: over all pairs of statements,
// a pair is predicted when both quotes sit in one group and true when both
// render the same utterance.
type pairScores struct {
	tp, fp, fn int
}

func (s pairScores) precision() float64 { return pairRatio(s.tp, s.tp+s.fp) }
func (s pairScores) recall() float64    { return pairRatio(s.tp, s.tp+s.fn) }
func (s pairScores) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func pairRatio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// scorePairs counts pairs from a contingency table of group × label, so it
// runs in linear time over any number of quotes. Quotes with a negative
// label (terms) are not counted.
func scorePairs(qs []Quote, labels []int, groups []Group) pairScores {
	groupOf := make(map[int64]int, len(qs))
	for g, gr := range groups {
		for _, id := range gr.QuoteIDs {
			groupOf[id] = g
		}
	}
	type cell struct{ group, label int }
	byLabel := map[int]int{}
	byGroup := map[int]int{}
	both := map[cell]int{}
	for i, q := range qs {
		if labels[i] < 0 {
			continue
		}
		byLabel[labels[i]]++
		if g, ok := groupOf[q.ID]; ok {
			byGroup[g]++
			both[cell{g, labels[i]}]++
		}
	}
	pairs := func(n int) int { return n * (n - 1) / 2 }
	var truePairs, predicted, tp int
	for _, n := range byLabel {
		truePairs += pairs(n)
	}
	for _, n := range byGroup {
		predicted += pairs(n)
	}
	for _, n := range both {
		tp += pairs(n)
	}
	return pairScores{tp: tp, fp: predicted - tp, fn: truePairs - tp}
}

// TestMatchQuotesGenerated measures pairwise grouping precision and recall
// on generated quotes whose utterances are known, and fails below an F1 of
// 0.95 (the quote engine issue's target).
func TestMatchQuotesGenerated(t *testing.T) {
	n := 6000
	if testing.Short() {
		n = 2000
	}
	for _, seed := range []int64{7, 8} {
		qs, labels := GenerateQuotes(seed, n)
		s := scorePairs(qs, labels, MatchQuotes(qs))
		t.Logf("seed %d, %d quotes: precision %.4f recall %.4f F1 %.4f (tp %d fp %d fn %d)",
			seed, n, s.precision(), s.recall(), s.f1(), s.tp, s.fp, s.fn)
		if s.f1() < 0.95 {
			t.Errorf("seed %d: grouping F1 %.4f, want at least 0.95", seed, s.f1())
		}
	}
}

// TestScorePairs checks the evaluator on a hand-made case.
func TestScorePairs(t *testing.T) {
	qs := []Quote{{ID: 1}, {ID: 2}, {ID: 3}, {ID: 4}, {ID: 5}}
	labels := []int{0, 0, 0, 1, -1}
	groups := []Group{{QuoteIDs: []int64{1, 2}}, {QuoteIDs: []int64{3, 4}}}
	got := scorePairs(qs, labels, groups)
	want := pairScores{tp: 1, fp: 1, fn: 2} // truth: 1-2 1-3 2-3; predicted 1-2, 3-4
	if got != want {
		t.Errorf("scorePairs = %+v, want %+v", got, want)
	}
}
