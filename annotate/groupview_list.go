package annotate

import (
	"cmp"
	"slices"
	"strings"
)

// GroupSummary is one line of the list of a story's quote groups.
type GroupSummary struct {
	GroupID   int64
	Canonical string
	Speaker   string
	// Outlets are the distinct outlets carrying the quote, sorted.
	Outlets []string
	// Quotes is the number of member quotes (a quote split by its
	// attribution counts its parts).
	Quotes int
	// MinSimilarity is the lowest word similarity (see WordDiff) between
	// two renderings of the quote in different articles, the parts of a
	// split quote read as one text: 1 when every outlet prints the same
	// words, lower the more they disagree.
	MinSimilarity float64
	// Conflict is true when outlets name different speakers.
	Conflict bool
}

// SummarizeGroups builds the list lines of groups, in the order given.
// quotes must hold the groups' member quotes (others are ignored); a member
// missing from quotes is left out of the outlets and similarities.
func SummarizeGroups(groups []Group, quotes []Quote) []GroupSummary {
	byID := make(map[int64]Quote, len(quotes))
	for _, q := range quotes {
		byID[q.ID] = q
	}
	out := make([]GroupSummary, len(groups))
	var ms []GroupMember
	for k, g := range groups {
		s := GroupSummary{GroupID: g.ID, Canonical: g.Canonical, Speaker: g.Speaker,
			Quotes: len(g.QuoteIDs), Conflict: g.Conflict, MinSimilarity: 1}
		ms = ms[:0]
		for _, id := range g.QuoteIDs {
			if q, ok := byID[id]; ok {
				ms = append(ms, GroupMember{Quote: q})
				if !slices.Contains(s.Outlets, q.Outlet) {
					s.Outlets = append(s.Outlets, q.Outlet)
				}
			}
		}
		slices.Sort(s.Outlets)
		s.MinSimilarity = gvMinSimilarity(gvRows(ms), g.Canonical)
		out[k] = s
	}
	return out
}

// gvMinSimilarity is the lowest similarity between renderings of
// different articles: every pair while there are at most
// maxPairwiseRenderings, else each against the canonical text.
func gvMinSimilarity(rows []VariantRow, canonical string) float64 {
	const maxPairwiseRenderings = 20
	lowest := 1.0
	if len(rows) > maxPairwiseRenderings {
		for _, r := range rows {
			lowest = min(lowest, alignSimilarity(canonical, r.Text))
		}
		return lowest
	}
	for i := range rows {
		for j := i + 1; j < len(rows); j++ {
			if rows[i].ArticleID != rows[j].ArticleID {
				lowest = min(lowest, alignSimilarity(rows[i].Text, rows[j].Text))
			}
		}
	}
	return lowest
}

// GroupOrder is an order of the group list.
type GroupOrder int

// The orders of the group list. Ties go to the lower group ID.
const (
	// ByOutlets puts the quotes most outlets carry first.
	ByOutlets GroupOrder = iota
	// ByDisagreement puts the quotes outlets print most differently first
	// (lowest MinSimilarity), speaker conflicts first among equals.
	ByDisagreement
	// BySpeaker orders by speaker, A to Z ignoring case, unattributed
	// quotes last, then by outlets as ByOutlets.
	BySpeaker
)

// SortGroupSummaries sorts s in place.
func SortGroupSummaries(s []GroupSummary, by GroupOrder) {
	byOutlets := func(x, y GroupSummary) int { return cmp.Compare(len(y.Outlets), len(x.Outlets)) }
	slices.SortStableFunc(s, func(x, y GroupSummary) int {
		var c int
		switch by {
		case ByDisagreement:
			if c = cmp.Compare(x.MinSimilarity, y.MinSimilarity); c == 0 && x.Conflict != y.Conflict {
				c = 1
				if x.Conflict {
					c = -1
				}
			}
		case BySpeaker:
			switch {
			case x.Speaker == "" && y.Speaker != "":
				c = 1
			case x.Speaker != "" && y.Speaker == "":
				c = -1
			default:
				c = strings.Compare(strings.ToLower(x.Speaker), strings.ToLower(y.Speaker))
			}
			if c == 0 {
				c = byOutlets(x, y)
			}
		default:
			c = byOutlets(x, y)
		}
		if c != 0 {
			return c
		}
		return cmp.Compare(x.GroupID, y.GroupID)
	})
}

// GroupFilter selects lines of the group list. Zero fields select all.
type GroupFilter struct {
	// Speaker keeps the groups whose speaker can be this person: "Doe"
	// keeps "Jane Doe" and "Mayor Doe", "Jane Doe" keeps "Doe".
	Speaker string
	// Outlet keeps the groups this outlet carries (case-insensitive).
	Outlet string
	// Conflict keeps only groups whose outlets name different speakers.
	Conflict bool
}

// FilterGroupSummaries returns the lines of s that f selects, in order.
func FilterGroupSummaries(s []GroupSummary, f GroupFilter) []GroupSummary {
	want, byName := parseSpeaker(f.Speaker)
	var out []GroupSummary
	for _, g := range s {
		if f.Conflict && !g.Conflict {
			continue
		}
		if byName {
			name, ok := parseSpeaker(g.Speaker)
			if !ok || !name.compatible(want) {
				continue
			}
		}
		if f.Outlet != "" && !slices.ContainsFunc(g.Outlets, func(o string) bool { return strings.EqualFold(o, f.Outlet) }) {
			continue
		}
		out = append(out, g)
	}
	return out
}

// GroupSpeakers lists the distinct speakers of s, sorted, for a speaker
// filter's choices.
func GroupSpeakers(s []GroupSummary) []string {
	var out []string
	for _, g := range s {
		if g.Speaker != "" && !slices.Contains(out, g.Speaker) {
			out = append(out, g.Speaker)
		}
	}
	slices.SortFunc(out, func(x, y string) int { return strings.Compare(strings.ToLower(x), strings.ToLower(y)) })
	return out
}

// GroupOutlets lists the distinct outlets of s, sorted, for an outlet
// filter's choices.
func GroupOutlets(s []GroupSummary) []string {
	var out []string
	for _, g := range s {
		for _, o := range g.Outlets {
			if !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	slices.Sort(out)
	return out
}
