package annotate

import (
	"cmp"
	"math"
	"runtime"
	"slices"
)

// MatchQuotes groups the statements (Kind QuoteStatement; terms are
// ignored) that render the same utterance in different articles: word for
// word, trimmed or extended, split into two quotes by one outlet, lightly
// paraphrased, or with other punctuation, case and quotation marks. Each
// input quote must carry a distinct ID. Callers normally match one story's
// quotes at a time; nothing but the text ties quotes together, so a stock
// phrase repeated across stories can group when called over a whole archive.
//
// How it decides (thresholds in normalised words, see NormalizeWords):
//
//   - Each quote is matched on its own words. The parts of one utterance
//     in one article (body quotes sharing a non-zero Utterance number: a
//     quote interrupted by its attribution, or running over paragraphs)
//     are tied as well: once every quote has found its matches, a part
//     left alone joins its sibling's group if it has at most 18 words (an
//     aside such as "It's a disgrace," she said), and two groups tied by
//     the parts join if the longest text of each lies within the parts put
//     together (two outlets that split one utterance at different places).
//   - Quotes with the very same normalised words are compared once.
//   - Candidates come from an inverted index of word 3-grams, never from
//     all pairs: a text looks up its 3-grams and keeps the texts that
//     share all but three per allowed edit of them (an edit breaks at most
//     three), so no pair that could match is missed (prefix filtering).
//     3-grams held by more than 100 distinct texts are stock phrasing and
//     are not looked up: over a whole archive, a quote made of nothing but
//     stock phrases finds no partner.
//   - A candidate pair matches when the shorter text (of at least 5 words)
//     fits inside the longer with at most one word edit per five words
//     (none below six words, at most four), the edited words carrying at
//     most 30% of the aligned words' weight, where rare words weigh more
//     and function words less (so a quote does not match another that
//     differs in its one telling word), and the two share at least two
//     words other than function words; or when the two are the very same
//     words, however short.
//   - Matches are merged strongest first (union-find), and a merge is
//     refused when it would (1) put two quotes of one article together
//     that render the same words (a quote the article repeats; quotes of
//     one article that print different words of the utterance may join,
//     and so may a headline quoting its own article's body); (2) join two
//     groups whose longest members neither match nor overlap end to end
//     (the end of one the start of the other, as two extracts of a longer
//     utterance do), so a short phrase contained in two different long
//     quotes does not chain them; or (3) join two groups whose leading
//     speakers cannot be the same person, unless the shared passage has at
//     least 12 words, or one side is a single article naming someone else
//     against at least two articles that agree and that nobody else
//     disputes: a misattribution, which joins and flags the group as
//     Conflict. So boilerplate such as "we will continue to monitor the
//     situation" that outlets give to two different people stays two
//     utterances. Matches whose speakers agree are merged before those with
//     an unknown speaker, and those before matches whose speakers differ.
//
// Each Group has its members' IDs in increasing order. Canonical is the
// original text of the longest member (most normalised words), ties going
// to the text most members share word for word, then to the lowest ID.
// Speaker is the members' speakers' vote weighted by SpeakerConfidence,
// where "Doe" counts for "Jane Doe" (empty on a tie or with no speaker).
// Conflict is true when members from different outlets name speakers who
// cannot be the same person. Diffs compares members from different
// articles (the parts of a split quote, or a headline and its article's
// body, are not diffed against each other): for groups of up to 20 members every such pair, A < B; for
// bigger groups the canonical member (A) against each member of another
// article (B). Only groups with quotes from at least two articles are
// returned, ordered by their first quote ID, with ID and StoryID left zero
// for the store to set.
func MatchQuotes(qs []Quote) []Group {
	return newMatcher(qs, runtime.GOMAXPROCS(0)).run(false)
}

// matcher holds the statements being matched. Quotes with the same
// normalised words share a text, which is what the index and the
// verification work on; the quotes of a text that name the same speaker
// share a node, which is what clustering starts from. Quotes are numbered
// by their place in qs (in ID order).
type matcher struct {
	qs      []Quote
	workers int
	// units numbers every quote, 0 to len(qs)-1: the members to pass to
	// group for one group of all the quotes (see buildGroup).
	units []int32

	qArt   []int64   // article of each quote
	qSpk   []string  // speaker of each quote
	qConf  []float64 // that speaker's confidence
	qName  []int32   // parsed speaker of each quote, index in names, -1 for none
	names  []speakerName
	qText  []int32   // text of each quote
	qNode  []int32   // node of each quote, -1 for a quote without words
	sibs   [][]int32 // quotes of each utterance split in several, in reading order
	words  [][]uint64
	weight [][]float32
	tLen   []int32 // words per text

	nodes [][]int32 // quotes of each node
	nText []int32   // text of each node
	nKey  []string  // normalised speaker of each node, "" when unknown
	tNode [][]int32 // nodes of each text
}

// matchEdge is a verified match between nodes a < b, or (sibling) the tie
// between two parts of one utterance in one article.
type matchEdge struct {
	a, b    int32
	matched int32
	speaker speakerRelation
	sibling bool
	sib     int32 // for a sibling edge, the utterance (index in sibs)
	sim     float64
}

// speakerRelation says what two nodes' speakers say about a match; edges
// where they agree are merged first.
type speakerRelation uint8

const (
	speakersAgree speakerRelation = iota
	speakerUnknown
	speakersDiffer
)

func newMatcher(in []Quote, workers int) *matcher {
	m := &matcher{workers: max(workers, 1)}
	for _, q := range in {
		if q.Kind == QuoteStatement {
			m.qs = append(m.qs, q)
		}
	}
	slices.SortStableFunc(m.qs, func(x, y Quote) int { return cmp.Compare(x.ID, y.ID) })
	n := len(m.qs)
	m.units = make([]int32, n)
	m.qArt, m.qSpk, m.qConf = make([]int64, n), make([]string, n), make([]float64, n)
	for i, q := range m.qs {
		m.units[i] = int32(i)
		m.qArt[i], m.qSpk[i], m.qConf[i] = q.ArticleID, q.Speaker, q.SpeakerConfidence
	}
	m.parseSpeakers()
	m.gatherSiblings()
	m.gatherTexts()
	m.gatherNodes()
	return m
}

// parseSpeakers parses each distinct speaker string once: a story's
// thousands of quotes name a few dozen people.
func (m *matcher) parseSpeakers() {
	m.qName = make([]int32, len(m.qs))
	byText := make(map[string]int32)
	for i, s := range m.qSpk {
		k, seen := byText[s]
		if !seen {
			k = -1
			if name, ok := parseSpeaker(s); ok {
				k = int32(len(m.names))
				m.names = append(m.names, name)
			}
			byText[s] = k
		}
		m.qName[i] = k
	}
}

// speakerOf returns quote i's parsed speaker; ok is false when it names
// nobody.
func (m *matcher) speakerOf(i int32) (speakerName, bool) {
	if k := m.qName[i]; k >= 0 {
		return m.names[k], true
	}
	return speakerName{}, false
}

// vote adds quote i's speaker to v, as speakerVote.add would.
func (m *matcher) vote(v *speakerVote, i int32) {
	name, ok := m.speakerOf(i)
	v.addParsed(name, ok, m.qConf[i], m.qArt[i])
}

// gatherSiblings finds the utterances an article prints in several quotes
// (body quotes sharing a non-zero Utterance: a quote interrupted by its
// attribution, or one running over several paragraphs).
func (m *matcher) gatherSiblings() {
	type key struct {
		article   int64
		utterance int
	}
	byKey := make(map[key][]int32)
	var keys []key
	for i, q := range m.qs {
		if q.Utterance == 0 || q.InTitle {
			continue
		}
		k := key{q.ArticleID, q.Utterance}
		if byKey[k] == nil {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], int32(i))
	}
	for _, k := range keys {
		parts := byKey[k]
		if len(parts) < 2 {
			continue
		}
		slices.SortStableFunc(parts, func(x, y int32) int { return cmp.Compare(m.qs[x].Start, m.qs[y].Start) })
		m.sibs = append(m.sibs, parts)
	}
}

// gatherTexts normalises every quote and collapses quotes with the same
// words into one text.
func (m *matcher) gatherTexts() {
	n := len(m.qs)
	qWords := make([][]uint64, n)
	parallelRange(n, m.workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			qWords[i] = appendWordHashes(nil, m.qs[i].Text)
		}
	})
	m.qText = make([]int32, n)
	byHash := make(map[uint64][]int32, n)
	for i, ws := range qWords {
		h := shingleKey(ws) ^ uint64(len(ws))
		t := int32(-1)
		for _, c := range byHash[h] {
			if slices.Equal(m.words[c], ws) {
				t = c
				break
			}
		}
		if t < 0 {
			t = int32(len(m.words))
			m.words = append(m.words, ws)
			m.tLen = append(m.tLen, int32(len(ws)))
			byHash[h] = append(byHash[h], t)
		}
		m.qText[i] = t
	}
	m.weight = wordWeights(m.words, m.workers)
}

// gatherNodes puts the quotes of each text into nodes by speaker: quotes
// naming compatible speakers never need comparing, so they start out
// together. A quote joins a node already holding a quote of its article
// only as the headline to a body quote (an article that repeats a quote
// keeps the repeat apart).
func (m *matcher) gatherNodes() {
	type nodeKey struct {
		text    int32
		speaker string
	}
	type seenKey struct {
		node    int32
		article int64
		title   bool
	}
	byKey := make(map[nodeKey][]int32)
	seen := make(map[seenKey]bool)
	m.tNode = make([][]int32, len(m.words))
	m.qNode = make([]int32, len(m.qs))
	for i := range m.qs {
		m.qNode[i] = -1
		t := m.qText[i]
		if m.tLen[t] == 0 {
			continue // no words to match by
		}
		key := nodeKey{t, ""}
		if name, ok := m.speakerOf(int32(i)); ok {
			key.speaker = name.key
		}
		title := m.qs[i].InTitle
		node := int32(-1)
		for _, c := range byKey[key] {
			if !seen[seenKey{c, m.qArt[i], title}] {
				node = c
				break
			}
		}
		if node < 0 {
			node = int32(len(m.nodes))
			m.nodes = append(m.nodes, nil)
			m.nText = append(m.nText, t)
			m.nKey = append(m.nKey, key.speaker)
			m.tNode[t] = append(m.tNode[t], node)
			byKey[key] = append(byKey[key], node)
		}
		m.nodes[node] = append(m.nodes[node], int32(i))
		m.qNode[i] = node
		seen[seenKey{node, m.qArt[i], title}] = true
	}
}

// seq returns text t's words for verification.
func (m *matcher) seq(t int32) wordSeq { return wordSeq{words: m.words[t], weights: m.weight[t]} }

// siblingSeq returns the words of utterance s, its parts joined.
func (m *matcher) siblingSeq(s int32) wordSeq {
	var seq wordSeq
	for _, i := range m.sibs[s] {
		t := m.qText[i]
		seq.words = append(seq.words, m.words[t]...)
		seq.weights = append(seq.weights, m.weight[t]...)
	}
	return seq
}

// nodeSpeaker returns the speaker of node n's first quote.
func (m *matcher) nodeSpeaker(n int32) (speakerName, bool) {
	return m.speakerOf(m.nodes[n][0])
}

// functionWordWeight scales the weight of function words ("the", "we",
// "will"), which say little about which utterance a quote renders however
// rare they are in the quotes at hand.
const functionWordWeight = 0.3

// wordWeights weighs every word by its rarity among the texts,
// log(1+N/df): a word in every text weighs log 2, one in a single text of
// a thousand nearly 7; function words weigh functionWordWeight of that.
// With few texts the rarity weights even out and the function words alone
// stand out.
func wordWeights(words [][]uint64, workers int) [][]float32 {
	df := make(map[uint64]int32)
	var seen []uint64
	for _, ws := range words {
		seen = append(seen[:0], ws...)
		slices.Sort(seen)
		for k, w := range seen {
			if k == 0 || w != seen[k-1] {
				df[w]++
			}
		}
	}
	n := float64(len(words))
	out := make([][]float32, len(words))
	parallelRange(len(words), workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			ws := make([]float32, len(words[i]))
			for k, w := range words[i] {
				x := math.Log1p(n / float64(df[w]))
				if functionWordHash(w) {
					x *= functionWordWeight
				}
				ws[k] = float32(x)
			}
			out[i] = ws
		}
	})
	return out
}

// textPair is a verified match between texts a and b.
type textPair struct {
	a, b int32
	pm   pairMatch
}

// run matches the quotes. allPairs compares every pair of texts instead of
// looking candidates up in the index: the baseline the index is measured
// against.
func (m *matcher) run(allPairs bool) []Group {
	var pairs []textPair
	if allPairs {
		pairs = m.allTextPairs()
	} else {
		pairs = m.indexedTextPairs()
	}
	edges := m.nodeEdges(pairs)
	sortEdges(edges)
	return m.groups(m.cluster(edges))
}

// sortEdges puts edges in the order clustering merges them: matches before
// the ties between parts of split utterances, those whose speakers agree
// first, then unknown, then differing; strongest first; then by node.
func sortEdges(edges []matchEdge) {
	slices.SortFunc(edges, func(x, y matchEdge) int {
		if x.sibling != y.sibling {
			return boolCompare(x.sibling, y.sibling)
		}
		if c := cmp.Compare(x.speaker, y.speaker); c != 0 {
			return c
		}
		if c := cmp.Compare(y.sim, x.sim); c != 0 {
			return c
		}
		if c := cmp.Compare(x.a, y.a); c != 0 {
			return c
		}
		return cmp.Compare(x.b, y.b)
	})
}

// boolCompare orders false before true.
func boolCompare(x, y bool) int {
	switch {
	case x == y:
		return 0
	case !x:
		return -1
	}
	return 1
}

// shorterFirst orders texts by length, then number: a pair is compared
// once, from its shorter side, whose probes are guaranteed to find the
// longer.
func (m *matcher) shorterFirst(i, j int32) bool {
	li, lj := m.tLen[i], m.tLen[j]
	return li < lj || li == lj && i < j
}

// indexedTextPairs finds and verifies candidate pairs of texts through the
// shingle index, in parallel.
func (m *matcher) indexedTextPairs() []textPair {
	n := len(m.words)
	ix := buildShingleIndex(m.words, m.workers)
	perWorker := make([][]textPair, m.workers)
	type scratch struct {
		v     verifier
		marks []candMark
		cands []int32
	}
	scratches := make([]*scratch, m.workers)
	parallelRange(n, m.workers, func(w, lo, hi int) {
		// Per-goroutine scratch, kept across the chunks a worker takes.
		sc := scratches[w]
		if sc == nil {
			sc = &scratch{marks: newCandMarks(n)}
			scratches[w] = sc
		}
		v, marks, cands := &sc.v, sc.marks, sc.cands
		defer func() { sc.cands = cands }()
		for i := int32(lo); i < int32(hi); i++ {
			if m.tLen[i] == 0 {
				continue
			}
			longer := func(j int32) bool { return m.shorterFirst(i, j) }
			cands = ix.candidates(cands[:0], i, int(m.tLen[i]), longer, marks)
			for _, j := range cands {
				if pm := v.match(m.seq(i), m.seq(j)); pm.ok {
					perWorker[w] = append(perWorker[w], textPair{i, j, pm})
				}
			}
		}
	})
	return slices.Concat(perWorker...)
}

// allTextPairs verifies every pair of texts.
func (m *matcher) allTextPairs() []textPair {
	n := len(m.words)
	perWorker := make([][]textPair, m.workers)
	parallelRange(n, m.workers, func(w, lo, hi int) {
		var v verifier
		for i := int32(lo); i < int32(hi); i++ {
			for j := i + 1; j < int32(n); j++ {
				if pm := v.match(m.seq(i), m.seq(j)); pm.ok {
					perWorker[w] = append(perWorker[w], textPair{i, j, pm})
				}
			}
		}
	})
	return slices.Concat(perWorker...)
}

// maxNodePairs bounds the edges between two texts' nodes: beyond it, nodes
// connect to those naming the same speaker and to the other text's first
// node only.
const maxNodePairs = 16

// nodeEdges turns matches between texts, and the sameness of the texts
// themselves, into edges between nodes.
func (m *matcher) nodeEdges(pairs []textPair) []matchEdge {
	var edges []matchEdge
	link := func(x, y int32, pm pairMatch) {
		if x == y {
			return
		}
		if x > y {
			x, y = y, x
		}
		// Two lone quotes of one article never match each other.
		if len(m.nodes[x]) == 1 && len(m.nodes[y]) == 1 && m.qArt[m.nodes[x][0]] == m.qArt[m.nodes[y][0]] {
			return
		}
		e := matchEdge{a: x, b: y, matched: int32(pm.matched),
			sim: pm.similarity(int(m.tLen[m.nText[x]]), int(m.tLen[m.nText[y]]))}
		sx, okx := m.nodeSpeaker(x)
		sy, oky := m.nodeSpeaker(y)
		switch {
		case !okx || !oky:
			e.speaker = speakerUnknown
		case !sx.compatible(sy):
			e.speaker = speakersDiffer
		}
		edges = append(edges, e)
	}
	connect := func(nx, ny []int32, pm pairMatch) {
		if len(nx)*len(ny) <= maxNodePairs {
			for _, x := range nx {
				for _, y := range ny {
					link(x, y, pm)
				}
			}
			return
		}
		for _, x := range nx {
			link(x, ny[0], pm)
			for _, y := range ny {
				if m.nKey[x] != "" && m.nKey[x] == m.nKey[y] {
					link(x, y, pm)
				}
			}
		}
		for _, y := range ny[1:] {
			link(nx[0], y, pm)
		}
	}
	for t, ns := range m.tNode {
		// The nodes of one text: every pair while few, else each to the
		// first.
		pm := pairMatch{ok: true, matched: int(m.tLen[t])}
		for k, x := range ns {
			for _, y := range ns[k+1:] {
				if len(ns)*(len(ns)-1)/2 <= maxNodePairs || x == ns[0] {
					link(x, y, pm)
				}
			}
		}
	}
	for _, p := range pairs {
		connect(m.tNode[p.a], m.tNode[p.b], p.pm)
	}
	// The parts of each split utterance, one to the next, merged last.
	for s, parts := range m.sibs {
		for k := 1; k < len(parts); k++ {
			x, y := m.qNode[parts[k-1]], m.qNode[parts[k]]
			if x < 0 || y < 0 || x == y {
				continue
			}
			e := matchEdge{a: min(x, y), b: max(x, y), sibling: true, sib: int32(s)}
			if sx, ok := m.nodeSpeaker(x); ok {
				if sy, ok := m.nodeSpeaker(y); ok && !sx.compatible(sy) {
					e.speaker = speakersDiffer
				}
			}
			edges = append(edges, e)
		}
	}
	return edges
}
