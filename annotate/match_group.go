package annotate

import (
	"cmp"
	"slices"
)

// maxPairwiseMembers is the largest group whose diffs cover every pair of
// members (20 members, at most 190 diffs). A bigger group gets one diff
// from its canonical member to each other member instead, so its cost
// stays linear.
const maxPairwiseMembers = 20

// groups turns clusters of quotes into Groups, in parallel, ordered by
// first quote ID.
func (m *matcher) groups(clusters [][]int32) []Group {
	out := make([]Group, len(clusters))
	parallelRange(len(clusters), m.workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			out[i] = m.group(clusters[i])
		}
	})
	slices.SortFunc(out, func(x, y Group) int { return cmp.Compare(x.QuoteIDs[0], y.QuoteIDs[0]) })
	return out
}

// buildGroup makes one group of the statements qs, whatever their texts,
// by MatchQuotes's rules: canonical text, speaker vote, conflict flag and
// diffs. The UI uses it when an editor moves quotes between groups.
func buildGroup(qs []Quote) Group {
	m := newMatcher(qs, 1)
	if len(m.units) == 0 {
		return Group{}
	}
	return m.group(m.units)
}

// group builds the Group of one cluster of quotes (numbers in ID order).
func (m *matcher) group(members []int32) Group {
	var votes speakerVote
	qs := make([]Quote, len(members))
	g := Group{QuoteIDs: make([]int64, len(members))}
	for k, i := range members {
		qs[k] = m.qs[i]
		g.QuoteIDs[k] = m.qs[i].ID
		m.vote(&votes, i)
	}
	canon := m.canonical(members)
	g.Canonical = m.qs[members[canon]].Text
	if name, support := votes.winner(); support > 0 {
		g.Speaker = name.display
	}
	g.Conflict = speakerConflict(qs)
	g.Diffs = groupDiffs(qs, canon)
	return g
}

// canonical returns the position in members of the canonical member: the
// most words, then the text most members share, then the lowest ID.
func (m *matcher) canonical(members []int32) int {
	shared := make(map[int32]int, len(members))
	for _, i := range members {
		shared[m.qText[i]]++
	}
	best := 0
	for k, i := range members[1:] {
		ti, tb := m.qText[i], m.qText[members[best]]
		if li, lb := m.tLen[ti], m.tLen[tb]; li != lb {
			if li > lb {
				best = k + 1
			}
			continue
		}
		if shared[ti] > shared[tb] {
			best = k + 1
		}
	}
	return best
}

// groupDiffs diffs the members of a group (in ID order) from different
// articles: every pair up to maxPairwiseMembers members, else the member
// at canon against each other. Each distinct text is tokenised once, each
// distinct pair of texts diffed once (outlets often print a quote alike,
// so a group of ten holds a few texts), and while the group's distinct
// tokens fit the ASCII stand-ins they share one encoding.
func groupDiffs(qs []Quote, canon int) []PairDiff {
	// text[k] is the index of the first member with member k's text.
	text := make([]int, len(qs))
	first := make(map[string]int, len(qs))
	prep := make([]diffText, len(qs))
	var enc diffEncoder
	runes := make([][]rune, len(qs))
	for k, q := range qs {
		if f, ok := first[q.Text]; ok {
			text[k] = f
			continue
		}
		first[q.Text], text[k] = k, k
		prep[k] = prepareDiff(q.Text)
		runes[k] = enc.encode(&prep[k])
	}
	shared := enc.alpha.allASCII()
	type pair struct{ a, b int }
	done := map[pair]WordDiff{}
	diff := func(a, b int) PairDiff {
		ta, tb := text[a], text[b]
		d, ok := done[pair{ta, tb}]
		if !ok {
			if shared {
				d = diffPrepared(&prep[ta], &prep[tb], runes[ta], runes[tb])
			} else {
				var pe diffEncoder
				d = diffPrepared(&prep[ta], &prep[tb], pe.encode(&prep[ta]), pe.encode(&prep[tb]))
			}
			done[pair{ta, tb}] = d
		}
		return PairDiff{A: qs[a].ID, B: qs[b].ID, Similarity: d.Similarity, Ops: d.Ops}
	}
	var out []PairDiff
	if len(qs) <= maxPairwiseMembers {
		for a := range qs {
			for b := a + 1; b < len(qs); b++ {
				if qs[a].ArticleID != qs[b].ArticleID {
					out = append(out, diff(a, b))
				}
			}
		}
		return out
	}
	for b := range qs {
		if qs[b].ArticleID != qs[canon].ArticleID {
			out = append(out, diff(canon, b))
		}
	}
	return out
}
