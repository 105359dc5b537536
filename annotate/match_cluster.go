package annotate

import (
	"cmp"
	"slices"
)

// maxAttachWords is the longest part of a split utterance that joins its
// sibling's group on the strength of the split alone. An aside of a
// sentence or so ("It's a disgrace," she said) belongs with the quote it
// follows; a longer passage that no other outlet printed may be an
// utterance of its own that the article happened to run on from the last.
const maxAttachWords = 18

// matchCluster is a group being built by union-find.
type matchCluster struct {
	quotes []int32 // sorted by article, then number
	// rep is the longest text among the quotes that joined by their words;
	// a part that joined only as its sibling's aside does not stand for
	// the group.
	rep   int32
	votes speakerVote
}

// matchClusterer merges nodes along edges under the guards documented on
// MatchQuotes.
type matchClusterer struct {
	m      *matcher
	parent []int32
	of     []*matchCluster // by root node; nil until the node is first touched
	v      verifier
}

// cluster merges along edges, in order, and returns the quotes of every
// cluster that spans two articles or more, each sorted by number.
func (m *matcher) cluster(edges []matchEdge) [][]int32 {
	c := &matchClusterer{m: m, parent: make([]int32, len(m.nodes)), of: make([]*matchCluster, len(m.nodes))}
	for i := range c.parent {
		c.parent[i] = int32(i)
	}
	// Edges come sorted with the ties between split parts last. Those
	// are taken twice: first to attach parts that found no group of their
	// own, then to join groups.
	for _, e := range edges {
		c.merge(e, false)
	}
	for _, e := range edges {
		if e.sibling {
			c.merge(e, true)
		}
	}
	var out [][]int32
	for n := range m.nodes {
		if c.parent[n] != int32(n) {
			continue
		}
		var quotes []int32
		if cl := c.of[n]; cl != nil {
			quotes = slices.Clone(cl.quotes)
		} else {
			quotes = slices.Clone(m.nodes[n])
		}
		if len(quotes) < 2 {
			continue
		}
		slices.Sort(quotes)
		for _, i := range quotes[1:] {
			if m.qArt[i] != m.qArt[quotes[0]] {
				out = append(out, quotes)
				break
			}
		}
	}
	return out
}

func (c *matchClusterer) find(i int32) int32 {
	for c.parent[i] != i {
		c.parent[i] = c.parent[c.parent[i]]
		i = c.parent[i]
	}
	return i
}

// get returns the cluster rooted at node r, creating it on first use.
func (c *matchClusterer) get(r int32) *matchCluster {
	if c.of[r] == nil {
		cl := &matchCluster{quotes: slices.Clone(c.m.nodes[r]), rep: c.m.nText[r]}
		slices.SortFunc(cl.quotes, c.byArticle)
		for _, i := range cl.quotes {
			c.m.vote(&cl.votes, i)
		}
		c.of[r] = cl
	}
	return c.of[r]
}

// byArticle orders quotes by article, then number.
func (c *matchClusterer) byArticle(x, y int32) int {
	if r := cmp.Compare(c.m.qArt[x], c.m.qArt[y]); r != 0 {
		return r
	}
	return cmp.Compare(x, y)
}

// merge joins the clusters of e's nodes unless a guard refuses. A tie
// between split parts attaches a lone part in the first pass and joins two
// groups in the second (groups).
func (c *matchClusterer) merge(e matchEdge, groups bool) {
	ra, rb := c.find(e.a), c.find(e.b)
	if ra == rb {
		return
	}
	x, y := c.get(ra), c.get(rb)
	if len(x.quotes) < len(y.quotes) {
		ra, rb, x, y = rb, ra, y, x
	}
	if !c.articlesCompatible(x, y) || !c.speakersCompatible(x, y, e) {
		return
	}
	rep := x.rep
	if c.m.shorterFirst(x.rep, y.rep) {
		rep = y.rep
	}
	switch {
	case !e.sibling:
		if !c.repsMatch(x, y, e) {
			return
		}
	case !groups:
		lone := y
		if !c.oneArticle(y) {
			lone = x
		}
		if !c.oneArticle(lone) || c.m.tLen[lone.rep] > maxAttachWords {
			return
		}
		rep = x.rep
		if lone == x {
			rep = y.rep
		}
	default:
		if c.oneArticle(x) || c.oneArticle(y) || !c.siblingsJoin(x, y, e) {
			return
		}
	}
	c.parent[rb] = ra
	c.of[rb] = nil
	x.quotes = mergeSortedFunc(x.quotes, y.quotes, c.byArticle)
	x.votes.merge(&y.votes)
	x.rep = rep
}

// articlesCompatible checks guard (1): quotes of one article in big and
// small must not render the same words.
func (c *matchClusterer) articlesCompatible(big, small *matchCluster) bool {
	for _, s := range small.quotes {
		art := c.m.qArt[s]
		lo, _ := slices.BinarySearchFunc(big.quotes, art, func(i int32, a int64) int {
			return cmp.Compare(c.m.qArt[i], a)
		})
		for k := lo; k < len(big.quotes) && c.m.qArt[big.quotes[k]] == art; k++ {
			if !c.sameArticleCompatible(big.quotes[k], s) {
				return false
			}
		}
	}
	return true
}

// sameArticleCompatible reports whether two quotes of one article may sit
// in one group: a headline and its article's body, or two quotes that
// print different words of the utterance.
func (c *matchClusterer) sameArticleCompatible(i, j int32) bool {
	if c.m.qs[i].InTitle != c.m.qs[j].InTitle {
		return true
	}
	ti, tj := c.m.qText[i], c.m.qText[j]
	return ti != tj && !c.v.match(c.m.seq(ti), c.m.seq(tj)).ok
}

// repsMatch checks guard (2): the longest texts of x and y must match, or
// overlap end to end as two extracts of one longer utterance do (the end
// of one is the start of the other). Two texts that share a passage and go
// on from it in different ways are different utterances.
func (c *matchClusterer) repsMatch(x, y *matchCluster, e matchEdge) bool {
	a, b := x.rep, y.rep
	if a == b {
		return true
	}
	ta, tb := c.m.nText[e.a], c.m.nText[e.b]
	if a == ta && b == tb || a == tb && b == ta {
		return true
	}
	sa, sb := c.m.seq(a), c.m.seq(b)
	return c.v.match(sa, sb).ok || c.v.dovetail(sa.words, sb.words) || c.v.dovetail(sb.words, sa.words)
}

// siblingsJoin decides whether two groups, each holding quotes from other
// articles, join along the tie between two parts of one split utterance:
// they do if the text standing for each lies within the utterance's parts
// put together.
func (c *matchClusterer) siblingsJoin(x, y *matchCluster, e matchEdge) bool {
	whole := c.m.siblingSeq(e.sib)
	return c.within(x.rep, whole) && c.within(y.rep, whole)
}

// oneArticle reports whether all of cl's quotes come from one article.
func (c *matchClusterer) oneArticle(cl *matchCluster) bool {
	return c.m.qArt[cl.quotes[0]] == c.m.qArt[cl.quotes[len(cl.quotes)-1]] // sorted by article
}

// within reports whether text t is found in whole: word for word, however
// short, or as a match.
func (c *matchClusterer) within(t int32, whole wordSeq) bool {
	ws := c.m.words[t]
	for i := 0; i+len(ws) <= len(whole.words); i++ {
		if slices.Equal(whole.words[i:i+len(ws)], ws) {
			return true
		}
	}
	return c.v.match(c.m.seq(t), whole).ok
}

// speakersCompatible checks guard (3): two groups whose leading speakers
// cannot be the same person stay apart unless the match is long enough to
// be distinctive, or one of them is a single article naming someone else
// against at least two that agree, in a group no other article disputes: a
// misattribution to flag, not a different utterance.
func (c *matchClusterer) speakersCompatible(x, y *matchCluster, e matchEdge) bool {
	if e.matched >= distinctiveWords {
		return true
	}
	sx, nx := x.votes.winner()
	sy, ny := y.votes.winner()
	if nx == 0 || ny == 0 || sx.compatible(sy) {
		return true
	}
	// One side must be a lone article naming someone else, the other at
	// least two articles that agree, with nobody disputing them yet.
	switch {
	case c.oneArticle(y) && !c.oneArticle(x):
		return nx >= 2 && x.votes.dissent(sx) == 0
	case c.oneArticle(x) && !c.oneArticle(y):
		return ny >= 2 && y.votes.dissent(sy) == 0
	}
	return false
}

// mergeSortedFunc merges two slices sorted by cmp.
func mergeSortedFunc[T any](a, b []T, cmp func(x, y T) int) []T {
	out := make([]T, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if cmp(b[0], a[0]) < 0 {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}
