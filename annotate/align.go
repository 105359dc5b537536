package annotate

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
)

// Alignment links the sentences two articles share. Sentences are those of
// SplitSentences; a sentence is in at most one link, and sentences in none
// are the ones unique to their side.
type Alignment struct {
	// A and B are the sentences of the first and second article.
	A, B []Span
	// Links are the shared sentences, ordered by their first sentence in A.
	Links []SentenceLink
	// LinkOfA[i] is the index in Links of the link holding sentence A[i],
	// or -1 when A[i] is unique to the first article; LinkOfB likewise.
	LinkOfA, LinkOfB []int
}

// SentenceLink joins one sentence of each article, or one sentence to two
// consecutive sentences of the other article when one outlet split it in
// two (never two to two).
type SentenceLink struct {
	// A and B are indices into Alignment.A and Alignment.B, increasing and
	// consecutive.
	A, B []int
	// Similarity is 2·m/(wa+wb), where wa and wb are the normalised words
	// (NormalizeWords) of the two sides and m the length of their longest
	// common word subsequence: 1 for the same words in the same order,
	// whatever the punctuation and case.
	Similarity float64
	// Matched is m: how many words of each side the other also has, in
	// order.
	Matched int
	// Exact is true when the two sides have the very same normalised words.
	Exact bool
	// Ops is the word diff (DiffWords) that turns the A side's text into
	// the B side's, the text running from the first sentence's start to
	// the last one's end. It is nil when the two texts are identical.
	Ops []DiffOp
}

// Alignment thresholds.
const (
	// alignLinkThreshold is the lowest similarity at which two sentences count
	// as the same sentence, lightly edited.
	alignLinkThreshold = 0.6
	// alignMinNearWords is the fewest words a sentence needs to be linked to one
	// that is not word for word the same: shorter ones ("He declined to
	// comment.") are too common to tell apart by a changed word.
	alignMinNearWords = 4
	// alignSplitContainment is how much of each half of a split sentence must
	// appear in the whole, in words.
	alignSplitContainment = 0.5
	// alignSplitMinWords is the fewest words each half of a split sentence
	// must have.
	alignSplitMinWords = 3
	// alignSplitGain is how many more words a 1:2 link must match than the
	// better of its two 1:1 links.
	alignSplitGain = 2
)

// AlignArticles finds the sentences articles a and b share, exactly or
// nearly, and word diffs for those that differ. It does not assume the
// shared sentences come in the same order, so reordered paragraphs,
// trimmed copy (the reprint drops the last paragraphs) and insertions
// anywhere align as well as straight copy.
//
// How it works: both bodies are cut with SplitSentences and each sentence
// normalised (NormalizeWords). Every sentence of b is indexed by its word
// pairs (bigrams; a one-word sentence by its word); each sentence of a
// looks up the sentences of b that share at least one bigram per five words
// of the shorter sentence, and each such pair is scored by the longest
// common subsequence of their words. Pairs scoring at least 0.6 (only
// identical words for sentences under four words) are candidate 1:1 links;
// a sentence whose two halves sit in consecutive sentences of the other
// side (each of at least three words, at least half of them found in the
// whole) is a candidate 1:2 (or 2:1) link when the halves together score
// better than either alone and match at least two more words. Conflicts are
// resolved greedily, best score first, ties going to the pair whose
// relative positions in their articles are closest, so a sentence repeated
// on one side links to its nearest counterpart.
func AlignArticles(a, b string) Alignment {
	da, db := prepareAlignDoc(a), prepareAlignDoc(b)
	return alignDocs(&da, &db, true)
}

// alignDoc is an article prepared for alignment.
type alignDoc struct {
	text  Text
	sents []Span
	words [][]uint64 // normalised word hashes of each sentence
	total int        // words in all sentences
	ix    alignIndex
}

func prepareAlignDoc(body string) alignDoc {
	d := alignDoc{text: NewText(body), sents: SplitSentences(body)}
	d.words = make([][]uint64, len(d.sents))
	for i, s := range d.sents {
		d.words[i] = appendWordHashes(nil, d.text.Slice(s))
		d.total += len(d.words[i])
	}
	return d
}

// index returns the bigram index of d's sentences, building it on first
// use. Build it before sharing d between goroutines.
func (d *alignDoc) index() alignIndex {
	if d.ix == nil {
		d.ix = newAlignIndex(d)
	}
	return d.ix
}

// slice returns the text from sentence lo's start to sentence hi's end.
func (d *alignDoc) slice(lo, hi int) string {
	return d.text.Slice(Span{Start: d.sents[lo].Start, End: d.sents[hi].End})
}

// alignBigram hashes a pair of consecutive words; a sentence of one word is
// keyed by that word alone.
func alignBigram(w1, w2 uint64) uint64 { return bits.RotateLeft64(w1, 23) ^ w2 }

// alignIndex maps the bigrams of one article's sentences to the
// sentences holding them.
type alignIndex map[uint64][]int32

func newAlignIndex(d *alignDoc) alignIndex {
	ix := make(alignIndex, d.total)
	add := func(k uint64, j int32) {
		l := ix[k]
		if len(l) == 0 || l[len(l)-1] != j {
			ix[k] = append(l, j)
		}
	}
	for j, ws := range d.words {
		if len(ws) == 1 {
			add(ws[0], int32(j))
		}
		for k := 1; k < len(ws); k++ {
			add(alignBigram(ws[k-1], ws[k]), int32(j))
		}
	}
	return ix
}

// alignPair is a scored pair of sentences, i of a and j of b.
type alignPair struct {
	i, j    int32
	matched int32
	sim     float64
}

// alignCand is a candidate link over sentences a[a0..a1] and b[b0..b1],
// inclusive.
type alignCand struct {
	a0, a1, b0, b1 int32
	matched        int32
	sim            float64
	exact          bool
	dist           float64 // difference of relative positions
}

// alignDocs aligns two prepared articles; withOps fills in word diffs.
func alignDocs(a, b *alignDoc, withOps bool) Alignment {
	al := Alignment{A: a.sents, B: b.sents,
		LinkOfA: alignFilled(len(a.sents), -1), LinkOfB: alignFilled(len(b.sents), -1)}
	if len(a.sents) == 0 || len(b.sents) == 0 {
		return al
	}
	pairs := alignScorePairs(a, b)
	cands := make([]alignCand, 0, len(pairs))
	na, nb := float64(len(a.sents)), float64(len(b.sents))
	relDist := func(i, j int32) float64 {
		return math.Abs((float64(i)+0.5)/na - (float64(j)+0.5)/nb)
	}
	for _, p := range pairs {
		wa, wb := a.words[p.i], b.words[p.j]
		exact := int(p.matched) == len(wa) && len(wa) == len(wb)
		if !exact && (p.sim < alignLinkThreshold || min(len(wa), len(wb)) < alignMinNearWords) {
			continue
		}
		cands = append(cands, alignCand{a0: p.i, a1: p.i, b0: p.j, b1: p.j,
			matched: p.matched, sim: p.sim, exact: exact, dist: relDist(p.i, p.j)})
	}
	cands = append(cands, alignSplitCands(a, b, pairs, false, relDist)...)
	cands = append(cands, alignSplitCands(b, a, alignSwapPairs(pairs), true, relDist)...)

	slices.SortFunc(cands, func(x, y alignCand) int {
		if c := cmp.Compare(y.sim, x.sim); c != 0 {
			return c
		}
		if x.exact != y.exact {
			if x.exact {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(x.dist, y.dist); c != 0 {
			return c
		}
		if c := cmp.Compare(x.a0, y.a0); c != 0 {
			return c
		}
		if c := cmp.Compare(x.b0, y.b0); c != 0 {
			return c
		}
		if c := cmp.Compare(x.a1, y.a1); c != 0 {
			return c
		}
		return cmp.Compare(x.b1, y.b1)
	})
	var chosen []alignCand
	for _, c := range cands {
		if !alignFree(al.LinkOfA, c.a0, c.a1) || !alignFree(al.LinkOfB, c.b0, c.b1) {
			continue
		}
		for i := c.a0; i <= c.a1; i++ {
			al.LinkOfA[i] = 0 // taken; numbered below
		}
		for j := c.b0; j <= c.b1; j++ {
			al.LinkOfB[j] = 0
		}
		chosen = append(chosen, c)
	}
	slices.SortFunc(chosen, func(x, y alignCand) int { return cmp.Compare(x.a0, y.a0) })
	al.Links = make([]SentenceLink, len(chosen))
	for k, c := range chosen {
		l := SentenceLink{A: alignRange(c.a0, c.a1), B: alignRange(c.b0, c.b1),
			Similarity: c.sim, Matched: int(c.matched), Exact: c.exact}
		for _, i := range l.A {
			al.LinkOfA[i] = k
		}
		for _, j := range l.B {
			al.LinkOfB[j] = k
		}
		if withOps {
			ta, tb := a.slice(int(c.a0), int(c.a1)), b.slice(int(c.b0), int(c.b1))
			if ta != tb {
				l.Ops = DiffWords(ta, tb).Ops
			}
		}
		al.Links[k] = l
	}
	return al
}

// alignScorePairs finds the pairs of sentences of a and b that share enough
// bigrams to be worth comparing and scores each by the longest common
// subsequence of their words.
func alignScorePairs(a, b *alignDoc) []alignPair {
	ix := b.index()
	count := make([]int32, len(b.sents))
	var touched []int32
	var out []alignPair
	for i, wa := range a.words {
		if len(wa) == 0 {
			continue
		}
		touched = touched[:0]
		bump := func(k uint64) {
			for _, j := range ix[k] {
				if count[j] == 0 {
					touched = append(touched, j)
				}
				count[j]++
			}
		}
		if len(wa) == 1 {
			bump(wa[0])
		}
		for k := 1; k < len(wa); k++ {
			bump(alignBigram(wa[k-1], wa[k]))
		}
		for _, j := range touched {
			shared := count[j]
			count[j] = 0
			wb := b.words[j]
			short := min(len(wa), len(wb))
			// A pair worth scoring shares a bigram for every five words of
			// the shorter sentence: at the similarities linked, far fewer
			// than it must share.
			if int(shared) < max(1, short/5) {
				continue
			}
			m := lcsLen(wa, wb)
			out = append(out, alignPair{i: int32(i), j: j, matched: int32(m),
				sim: 2 * float64(m) / float64(len(wa)+len(wb))})
		}
	}
	return out
}

// alignSwapPairs returns pairs with the roles of the two articles swapped.
func alignSwapPairs(pairs []alignPair) []alignPair {
	out := make([]alignPair, len(pairs))
	for k, p := range pairs {
		out[k] = alignPair{i: p.j, j: p.i, matched: p.matched, sim: p.sim}
	}
	return out
}

// alignSplitCands finds sentences of x whose two halves are consecutive
// sentences of y: candidate 1:2 links. pairs are the scored pairs of x and
// y sentences. swapped says x is the second article, so the candidates are
// 2:1 and their sides are swapped back.
func alignSplitCands(x, y *alignDoc, pairs []alignPair, swapped bool, relDist func(i, j int32) float64) []alignCand {
	byX := make(map[int32][]alignPair)
	for _, p := range pairs {
		wy := y.words[p.j]
		if len(wy) >= alignSplitMinWords && float64(p.matched)/float64(len(wy)) >= alignSplitContainment {
			byX[p.i] = append(byX[p.i], p)
		}
	}
	var out []alignCand
	var joined []uint64
	for i, ps := range byX {
		if len(ps) < 2 {
			continue
		}
		slices.SortFunc(ps, func(p, q alignPair) int { return cmp.Compare(p.j, q.j) })
		for k := 1; k < len(ps); k++ {
			p, q := ps[k-1], ps[k]
			if q.j != p.j+1 {
				continue
			}
			wx := x.words[i]
			joined = append(append(joined[:0], y.words[p.j]...), y.words[q.j]...)
			m := lcsLen(wx, joined)
			sim := 2 * float64(m) / float64(len(wx)+len(joined))
			if sim < alignLinkThreshold || sim <= max(p.sim, q.sim) || int32(m) < max(p.matched, q.matched)+alignSplitGain {
				continue
			}
			c := alignCand{a0: i, a1: i, b0: p.j, b1: q.j, matched: int32(m), sim: sim,
				exact: m == len(wx) && m == len(joined)}
			if swapped {
				c.a0, c.a1, c.b0, c.b1 = p.j, q.j, i, i
				c.dist = relDist(p.j, i)
			} else {
				c.dist = relDist(i, p.j)
			}
			out = append(out, c)
		}
	}
	return out
}

// free reports whether sentences lo..hi are in no link yet.
func alignFree(linkOf []int, lo, hi int32) bool {
	for k := lo; k <= hi; k++ {
		if linkOf[k] >= 0 {
			return false
		}
	}
	return true
}

// span32 returns the ints lo..hi.
func alignRange(lo, hi int32) []int {
	out := make([]int, 0, hi-lo+1)
	for k := lo; k <= hi; k++ {
		out = append(out, int(k))
	}
	return out
}

// filled returns n copies of v.
func alignFilled(n, v int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// OnlyA lists the sentences of the first article in no link: what its
// outlet has that the other does not.
func (al Alignment) OnlyA() []int { return alignUnlinked(al.LinkOfA) }

// OnlyB lists the sentences of the second article in no link.
func (al Alignment) OnlyB() []int { return alignUnlinked(al.LinkOfB) }

func alignUnlinked(linkOf []int) []int {
	var out []int
	for i, l := range linkOf {
		if l < 0 {
			out = append(out, i)
		}
	}
	return out
}

// alignSimilarity is 2·m/(wa+wb) over the normalised words of two texts,
// as WordDiff.Similarity; 1 for two texts without words.
func alignSimilarity(a, b string) float64 {
	return similarity(appendWordHashes(nil, a), appendWordHashes(nil, b))
}
