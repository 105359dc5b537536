package annotate

import "slices"

// Thresholds of the pair test. They are in normalised words.
const (
	// minContainWords is the shortest quote that may match a longer one it
	// is contained in; shorter quotes match only a quote of the very same
	// words.
	minContainWords = 5
	// distinctiveWords is how many shared words make a match stand although
	// several outlets on each side name different speakers: a long verbatim
	// passage is one utterance misattributed, while a short stock phrase
	// ("we will continue to monitor the situation") that several outlets
	// give to one person and several to another is two utterances.
	distinctiveWords = 12
	// minSharedContent is how many words other than function words a
	// quote must share with the longer quote it is found in: "we are going
	// to the" is in too many sentences to tie any two.
	minSharedContent = 2
	// maxEditWeight is the largest share of the aligned words' weight that
	// may differ in a containment match. Words weigh by rarity (see
	// wordWeights), so swapping the one rare word of "brix by the end of
	// the month" for another is too much, while a common verb swapped in a
	// long quote is not.
	maxEditWeight = 0.3
)

// maxEdits caps allowedEdits, so long quotes do not need ever more probes.
const maxEdits = 4

// allowedEdits is how many word edits (substitutions, insertions inside the
// aligned passage, deletions) a quote of n words may show against the
// longer quote it is matched in: none below six words, then one per five
// words (one for 6–9 words, two for 10–14, …) up to maxEdits, so a
// paraphrase of "a word or two" matches while a different sentence that
// shares common words does not.
func allowedEdits(n int) int {
	if n < 6 {
		return 0
	}
	return min(n/5, maxEdits)
}

// pairMatch is the outcome of comparing two quotes' normalised words.
type pairMatch struct {
	ok      bool
	matched int // words the two share in the passage that matched
}

// similarity is the strength of a match, 2·matched/(na+nb).
func (m pairMatch) similarity(na, nb int) float64 {
	if na+nb == 0 {
		return 0
	}
	return 2 * float64(m.matched) / float64(na+nb)
}

// verifier compares quotes. It keeps its dynamic-programming rows between
// calls, so each goroutine needs its own.
type verifier struct {
	row  []int32
	full []int32 // (n+1)×(m+1) matrix for tracing an alignment back
}

// wordSeq is a quote's normalised words with their weights.
type wordSeq struct {
	words   []uint64
	weights []float32
}

// match decides whether word sequences sa and sb render the same
// utterance: they are the very same words; or the shorter (at least
// minContainWords long) fits inside the longer with at most allowedEdits
// word edits, carrying at most maxEditWeight of the passage's weight, and
// shares at least minSharedContent words that are not function words with
// it (word for word, trimmed or extended, lightly paraphrased, one half of
// a split quote).
//
// The test is Sellers' approximate substring matching: the edit distance
// between the shorter and the best-fitting passage of the longer, with
// Ukkonen's cut-off once every passage needs more edits than allowed.
func (v *verifier) match(sa, sb wordSeq) pairMatch {
	if len(sa.words) > len(sb.words) {
		sa, sb = sb, sa
	}
	a, b := sa.words, sb.words
	n, m := len(a), len(b)
	if n == 0 {
		return pairMatch{}
	}
	if n == m && slices.Equal(a, b) {
		return pairMatch{ok: true, matched: n}
	}
	if n < minContainWords {
		return pairMatch{}
	}
	k := int32(allowedEdits(n))
	// row[j] is the edit distance between a[:i] and the best passage of b
	// ending at j; a passage may start anywhere, so row 0 is all zeros.
	if cap(v.row) < m+1 {
		v.row = make([]int32, m+1)
	}
	row := v.row[:m+1]
	clear(row)
	for i := 1; i <= n; i++ {
		ai := a[i-1]
		diag := row[0]
		row[0] = int32(i)
		rowMin := row[0]
		for j := 1; j <= m; j++ {
			up := row[j]
			e := diag
			if ai != b[j-1] {
				e++
			}
			e = min(e, up+1, row[j-1]+1)
			row[j] = e
			rowMin = min(rowMin, e)
			diag = up
		}
		if rowMin > k {
			return pairMatch{}
		}
	}
	dist := slices.Min(row[1:])
	if dist == 0 {
		if contentWords(a) < minSharedContent {
			return pairMatch{}
		}
		return pairMatch{ok: true, matched: n}
	}
	if dist > k {
		return pairMatch{}
	}
	if edited, content := v.align(sa, sb); edited > maxEditWeight || content < minSharedContent {
		return pairMatch{}
	}
	return pairMatch{ok: true, matched: n - int(dist)}
}

// contentWords counts the words of ws that are not function words.
func contentWords(ws []uint64) int {
	n := 0
	for _, w := range ws {
		if !functionWordHash(w) {
			n++
		}
	}
	return n
}

// dovetail reports whether the end of a overlaps the start of b: a suffix
// of a and a prefix of b, at least minContainWords long, that differ in at
// most a third of the overlap's words. It is looser than match, as it only
// checks two texts already tied by a match of their groups' members.
func (v *verifier) dovetail(a, b []uint64) bool {
	n, m := len(a), len(b)
	if n < minContainWords || m < minContainWords {
		return false
	}
	// row[j] is the edit distance between the best suffix of a[:i] and
	// b[:j]; a suffix may start anywhere, so column 0 is all zeros.
	if cap(v.row) < m+1 {
		v.row = make([]int32, m+1)
	}
	row := v.row[:m+1]
	for j := range row {
		row[j] = int32(j)
	}
	for i := 1; i <= n; i++ {
		diag := row[0]
		row[0] = 0
		for j := 1; j <= m; j++ {
			up := row[j]
			e := diag
			if a[i-1] != b[j-1] {
				e++
			}
			row[j] = min(e, up+1, row[j-1]+1)
			diag = up
		}
	}
	for j := m; j >= minContainWords; j-- {
		if int(row[j]) <= j/3 {
			return true
		}
	}
	return false
}

// align aligns a (the shorter) with its best-fitting passage of b and
// returns the share of the aligned words' weight, on both sides, that the
// alignment does not match (0 for a passage that is a word for word, 1 for
// nothing in common), and how many words other than function words it
// matches.
func (v *verifier) align(sa, sb wordSeq) (edited float64, content int) {
	a, b := sa.words, sb.words
	n, m := len(a), len(b)
	w := m + 1
	if cap(v.full) < (n+1)*w {
		v.full = make([]int32, (n+1)*w)
	}
	d := v.full[:(n+1)*w]
	for j := 0; j <= m; j++ {
		d[j] = 0
	}
	for i := 1; i <= n; i++ {
		row, prev := d[i*w:(i+1)*w], d[(i-1)*w:i*w]
		row[0] = int32(i)
		for j := 1; j <= m; j++ {
			e := prev[j-1]
			if a[i-1] != b[j-1] {
				e++
			}
			e = min(e, prev[j]+1, row[j-1]+1)
			row[j] = e
		}
	}
	last := d[n*w : (n+1)*w]
	end := 1
	for j := 2; j <= m; j++ {
		if last[j] < last[end] {
			end = j
		}
	}
	// Trace back, preferring matches, and add up the weight of the words
	// left unmatched on either side of the passage.
	var total, missed float64
	i, j := n, end
	for i > 0 {
		cur := d[i*w+j]
		switch {
		case j > 0 && a[i-1] == b[j-1] && cur == d[(i-1)*w+j-1]:
			total += float64(sa.weights[i-1] + sb.weights[j-1])
			if !functionWordHash(a[i-1]) {
				content++
			}
			i, j = i-1, j-1
		case j > 0 && cur == d[(i-1)*w+j-1]+1:
			x := float64(sa.weights[i-1] + sb.weights[j-1])
			total += x
			missed += x
			i, j = i-1, j-1
		case cur == d[(i-1)*w+j]+1:
			x := float64(sa.weights[i-1])
			total += x
			missed += x
			i--
		default:
			x := float64(sb.weights[j-1])
			total += x
			missed += x
			j--
		}
	}
	if total == 0 {
		return 0, content
	}
	return missed / total, content
}
