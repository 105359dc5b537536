package annotate

import (
	"cmp"
	"runtime"
	"slices"
)

// IncrementalMatch is what MatchIncremental found: the groups to put in
// place of some of the previous ones.
type IncrementalMatch struct {
	// Replaced are the indexes, in the previous groups, of the groups the
	// added quotes touch, increasing. They are to be dropped.
	Replaced []int
	// Groups are the groups, built by MatchQuotes's rules, of every quote
	// the added quotes could reach; they take the place of the Replaced
	// groups. Ordered by first quote ID, ID and StoryID left zero.
	Groups []Group
	// Quotes is how many quotes were matched again (the reach of the added
	// quotes), for reporting.
	Quotes int
}

// MatchIncremental matches quotes added to a story without matching the
// whole story again. qs are all the story's quotes, the added ones
// included (non-statements are ignored); previous are the groups
// MatchQuotes gave for qs without the added quotes (or an earlier
// MatchIncremental), only QuoteIDs needed; added are the IDs of the added
// quotes. diffs, when not nil, returns the Diffs of previous group i (nil
// when unknown): a big group that keeps its canonical member then keeps the
// diffs of the members it had, and only its new members are diffed, so a
// quote joining a group of a thousand costs one diff, not a thousand.
//
// It finds the part of the story the added quotes can reach, following
// matches (looked up in a shingle index over the whole story, with the
// same prefix filter and stock-phrase cut-off as MatchQuotes), texts
// shared word for word, the parts of split utterances, and the previous
// groups of every quote reached; then it matches that part alone, with
// word weights taken from the whole story. As MatchQuotes's clusters never
// cross from one such part to another, the Groups are the ones MatchQuotes
// would return over qs for those quotes: the same members, canonical text,
// speaker, conflict flag and diffs.
//
// The one difference from a full match: rarity weights depend on every
// text of the story, so an added quote shifts them slightly everywhere, and
// a match elsewhere in the story that sat on the 30% edit-weight threshold
// could be decided the other way by a full match. Groups out of reach keep
// the verdicts of the match that made them. Callers that need exactly the
// full result (after removals or editor corrections) call MatchQuotes.
func MatchIncremental(qs []Quote, previous []Group, added []int64, diffs func(i int) []PairDiff) IncrementalMatch {
	m := newMatcher(qs, runtime.GOMAXPROCS(0))
	r := newReach(m, previous)
	for _, id := range added {
		if i, ok := r.quoteOf[id]; ok {
			r.addQuote(i)
		}
	}
	r.explore()
	sub := m.subMatcher(r.quotes())
	replaced := r.replaced()
	var known map[[2]int64]PairDiff
	if diffs != nil {
		known = make(map[[2]int64]PairDiff)
		for _, i := range replaced {
			if len(previous[i].QuoteIDs) <= maxPairwiseMembers {
				continue // small groups diff every pair: nothing to keep
			}
			for _, d := range diffs(i) {
				known[[2]int64{d.A, d.B}] = d
			}
		}
	}
	return IncrementalMatch{
		Replaced: replaced,
		Groups:   sub.groupPairs(r.subPairs(sub), known),
		Quotes:   len(sub.qs),
	}
}

// reach walks the texts the added quotes can reach.
type reach struct {
	m  *matcher
	ix *shingleIndex
	v  verifier

	quoteOf  map[int64]int32 // quote ID -> number
	tQuotes  [][]int32       // quotes of each text
	qSib     []int32         // utterance (index in m.sibs) of each quote, -1
	qPrev    []int32         // previous group of each quote, -1
	previous []Group

	inText  []bool
	inGroup []bool
	queue   []int32
	pairs   map[[2]int32]pairMatch // verified, shorter text first
	marks   []candMark
	cands   []int32
	hits    map[int32]int32
}

func newReach(m *matcher, previous []Group) *reach {
	r := &reach{
		m:        m,
		ix:       buildShingleIndex(m.words, m.workers),
		quoteOf:  make(map[int64]int32, len(m.qs)),
		tQuotes:  make([][]int32, len(m.words)),
		qSib:     make([]int32, len(m.qs)),
		qPrev:    make([]int32, len(m.qs)),
		previous: previous,
		inText:   make([]bool, len(m.words)),
		inGroup:  make([]bool, len(previous)),
		pairs:    make(map[[2]int32]pairMatch),
		marks:    newCandMarks(len(m.words)),
		hits:     make(map[int32]int32),
	}
	for i, q := range m.qs {
		r.quoteOf[q.ID] = int32(i)
		r.tQuotes[m.qText[i]] = append(r.tQuotes[m.qText[i]], int32(i))
		r.qSib[i], r.qPrev[i] = -1, -1
	}
	for s, parts := range m.sibs {
		for _, i := range parts {
			r.qSib[i] = int32(s)
		}
	}
	for g, grp := range previous {
		for _, id := range grp.QuoteIDs {
			if i, ok := r.quoteOf[id]; ok {
				r.qPrev[i] = int32(g)
			}
		}
	}
	return r
}

// addQuote brings quote i's text into reach.
func (r *reach) addQuote(i int32) {
	t := r.m.qText[i]
	if !r.inText[t] {
		r.inText[t] = true
		r.queue = append(r.queue, t)
	}
}

// explore follows everything that ties the queued texts to others until
// nothing new is reached.
func (r *reach) explore() {
	for len(r.queue) > 0 {
		t := r.queue[len(r.queue)-1]
		r.queue = r.queue[:len(r.queue)-1]
		for _, i := range r.tQuotes[t] {
			if s := r.qSib[i]; s >= 0 {
				for _, j := range r.m.sibs[s] {
					r.addQuote(j)
				}
			}
			if g := r.qPrev[i]; g >= 0 && !r.inGroup[g] {
				r.inGroup[g] = true
				for _, id := range r.previous[g].QuoteIDs {
					if j, ok := r.quoteOf[id]; ok {
						r.addQuote(j)
					}
				}
			}
		}
		if r.m.tLen[t] == 0 {
			continue
		}
		for _, j := range r.partners(t) {
			r.addQuote(r.tQuotes[j][0])
		}
	}
}

// partners returns the texts that MatchQuotes would verify as matching
// text t, from either side: those t finds as the shorter text, and those
// shorter texts that would find t.
func (r *reach) partners(t int32) []int32 {
	m, ix := r.m, r.ix
	var out []int32
	verify := func(a, b int32) { // a shorter first
		key := [2]int32{a, b}
		pm, seen := r.pairs[key]
		if !seen {
			pm = r.v.match(m.seq(a), m.seq(b))
			r.pairs[key] = pm
		}
		switch {
		case !pm.ok:
		case a == t:
			out = append(out, b)
		default:
			out = append(out, a)
		}
	}
	longer := func(j int32) bool { return m.shorterFirst(t, j) }
	r.cands = ix.candidates(r.cands[:0], t, int(m.tLen[t]), longer, r.marks)
	for _, j := range r.cands {
		verify(t, j)
	}
	// Shorter texts j find t when t shares enough of j's shingles: count,
	// as candidates(j) would, the looked-up shingles of j that t holds.
	clear(r.hits)
	for _, row := range ix.of[t] {
		if ix.df(row) > maxPosting {
			continue
		}
		for _, j := range ix.postings(row) {
			if j != t && m.tLen[j] > 0 && m.shorterFirst(j, t) {
				r.hits[j]++
			}
		}
	}
	shorter := make([]int32, 0, len(r.hits))
	for j := range r.hits {
		shorter = append(shorter, j)
	}
	slices.Sort(shorter)
	for _, j := range shorter {
		h := r.hits[j]
		need := int32(len(ix.of[j]) - shingleWords*allowedEdits(int(m.tLen[j])))
		over := ix.over[j]
		if h >= need || h+int32(len(over)) >= need && sharesAtLeast(over, ix.over[t], need-h) {
			verify(j, t)
		}
	}
	return out
}

// quotes returns the numbers of the quotes in reach, in order.
func (r *reach) quotes() []int32 {
	var out []int32
	for i := range r.m.qs {
		if r.inText[r.m.qText[i]] {
			out = append(out, int32(i))
		}
	}
	return out
}

// replaced returns the previous groups in reach.
func (r *reach) replaced() []int {
	var out []int
	for g, in := range r.inGroup {
		if in {
			out = append(out, g)
		}
	}
	return out
}

// subPairs returns the verified matches between texts in reach, numbered
// as sub numbers them (sub's texts are the reached texts, in order).
func (r *reach) subPairs(sub *matcher) []textPair {
	textOf := make(map[int32]int32, len(sub.words))
	var next int32
	for t, in := range r.inText {
		if in {
			textOf[int32(t)] = next
			next++
		}
	}
	var out []textPair
	for key, pm := range r.pairs {
		a, okA := textOf[key[0]]
		b, okB := textOf[key[1]]
		if pm.ok && okA && okB {
			out = append(out, textPair{a, b, pm})
		}
	}
	slices.SortFunc(out, func(x, y textPair) int {
		if c := cmp.Compare(x.a, y.a); c != 0 {
			return c
		}
		return cmp.Compare(x.b, y.b)
	})
	return out
}

// subMatcher returns a matcher over the quotes numbered in (increasing),
// which must hold every quote of each of their texts. Texts keep their
// order and the words and weights m gave them, so verification and every
// tie-break decide as they do in m.
func (m *matcher) subMatcher(in []int32) *matcher {
	sub := &matcher{workers: m.workers, names: m.names}
	textOf := make(map[int32]int32)
	for k, i := range in {
		sub.qs = append(sub.qs, m.qs[i])
		sub.units = append(sub.units, int32(k))
		sub.qArt = append(sub.qArt, m.qArt[i])
		sub.qSpk = append(sub.qSpk, m.qSpk[i])
		sub.qName = append(sub.qName, m.qName[i])
		sub.qConf = append(sub.qConf, m.qConf[i])
		t := m.qText[i]
		st, ok := textOf[t]
		if !ok {
			st = int32(len(sub.words))
			textOf[t] = st
			sub.words = append(sub.words, m.words[t])
			sub.weight = append(sub.weight, m.weight[t])
			sub.tLen = append(sub.tLen, m.tLen[t])
		}
		sub.qText = append(sub.qText, st)
	}
	sub.gatherSiblings()
	sub.gatherNodes()
	return sub
}

// groupPairs clusters verified text pairs into groups as run does. A group
// bigger than maxPairwiseMembers takes its diffs from known, keyed by the
// pair of quote IDs, where they are, computing only the others.
func (m *matcher) groupPairs(pairs []textPair, known map[[2]int64]PairDiff) []Group {
	edges := m.nodeEdges(pairs)
	sortEdges(edges)
	clusters := m.cluster(edges)
	if len(known) == 0 {
		return m.groups(clusters)
	}
	out := make([]Group, len(clusters))
	parallelRange(len(clusters), m.workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			if len(clusters[i]) > maxPairwiseMembers {
				out[i] = m.groupKnown(clusters[i], known)
			} else {
				out[i] = m.group(clusters[i])
			}
		}
	})
	slices.SortFunc(out, func(x, y Group) int { return cmp.Compare(x.QuoteIDs[0], y.QuoteIDs[0]) })
	return out
}

// groupKnown builds the Group of a cluster bigger than maxPairwiseMembers
// as group does, taking the diffs of its canonical member against the
// others from known where they are.
func (m *matcher) groupKnown(members []int32, known map[[2]int64]PairDiff) Group {
	var votes speakerVote
	qs := make([]Quote, len(members))
	g := Group{QuoteIDs: make([]int64, len(members))}
	for k, i := range members {
		qs[k] = m.qs[i]
		g.QuoteIDs[k] = m.qs[i].ID
		m.vote(&votes, i)
	}
	canon := m.canonical(members)
	g.Canonical = qs[canon].Text
	if name, support := votes.winner(); support > 0 {
		g.Speaker = name.display
	}
	g.Conflict = speakerConflict(qs)
	var ref diffText
	for b, q := range qs {
		if q.ArticleID == qs[canon].ArticleID {
			continue
		}
		if d, ok := known[[2]int64{qs[canon].ID, q.ID}]; ok {
			g.Diffs = append(g.Diffs, d)
			continue
		}
		if ref.text == "" {
			ref = prepareDiff(qs[canon].Text)
		}
		other := prepareDiff(qs[b].Text)
		var pe diffEncoder
		d := diffPrepared(&ref, &other, pe.encode(&ref), pe.encode(&other))
		g.Diffs = append(g.Diffs, PairDiff{A: qs[canon].ID, B: q.ID, Similarity: d.Similarity, Ops: d.Ops})
	}
	return g
}
