package annotate

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// TestMatchIncrementalEqualsFull adds articles' quotes to generated stories
// and checks MatchIncremental against MatchQuotes over everything: the
// groups it rebuilds are the very same (members, canonical, speaker,
// conflict, diffs), and the previous groups it keeps differ from the full
// match only in the bounded way its doc comment gives.
func TestMatchIncrementalEqualsFull(t *testing.T) {
	generated := func(seed int64, n int) func() []Quote {
		return func() []Quote { qs, _ := GenerateQuotes(seed, n); return qs }
	}
	last := func(as []int64) []int64 { return as[len(as)-1:] }
	tests := []struct {
		name   string
		quotes func() []Quote
		// added picks the articles whose quotes arrive last, from the
		// articles in order of first appearance.
		added func(articles []int64) []int64
		// withDiffs hands MatchIncremental the previous groups' diffs.
		withDiffs bool
	}{
		{"last article", generated(1, 3000), last, false},
		{"last article, other seed", generated(7, 3000), last, true},
		{"an article in the middle", generated(3, 3000), func(as []int64) []int64 { return as[len(as)/2 : len(as)/2+1] }, false},
		{"three articles", generated(5, 2000), func(as []int64) []int64 { return []int64{as[3], as[len(as)/3], as[len(as)-2]} }, true},
		{"first article", generated(11, 1000), func(as []int64) []int64 { return as[:1] }, false},
		{"into an empty story", generated(2, 40), func(as []int64) []int64 { return as }, false},
		{"one big story, groups of hundreds", storyQuotes(1, 401), last, true},
		{"one big story, without diffs", storyQuotes(1, 401), last, false},
		{"one big story, two articles", storyQuotes(4, 301), func(as []int64) []int64 { return as[len(as)-2:] }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs := tt.quotes()
			var articles []int64
			for _, q := range qs {
				if !slices.Contains(articles, q.ArticleID) {
					articles = append(articles, q.ArticleID)
				}
			}
			addedArticles := tt.added(articles)
			var before []Quote
			var added []int64
			for _, q := range qs {
				if slices.Contains(addedArticles, q.ArticleID) {
					added = append(added, q.ID)
				} else {
					before = append(before, q)
				}
			}
			if len(added) == 0 {
				t.Fatal("no quotes added: the test picks no articles")
			}
			previous := MatchQuotes(before)
			full := MatchQuotes(qs)
			var diffs func(int) []PairDiff
			if tt.withDiffs {
				diffs = func(i int) []PairDiff { return previous[i].Diffs }
			}
			inc := MatchIncremental(qs, previous, added, diffs)

			// Out of reach, only a verdict on the edit-weight threshold
			// that the added words' rarity tipped may differ: a few
			// groups, none holding a quote MatchIncremental rebuilt.
			reached := map[int64]bool{}
			for _, g := range inc.Groups {
				for _, id := range g.QuoteIDs {
					reached[id] = true
				}
			}
			for _, id := range added {
				reached[id] = true
			}
			differ := symmetricDifference(spliceGroups(previous, inc), full)
			for _, g := range differ {
				for _, id := range g.QuoteIDs {
					if reached[id] {
						t.Errorf("group %v differs from the full match and holds rebuilt quote %d", g.QuoteIDs, id)
					}
				}
			}
			if limit := max(2, len(full)/100); len(differ) > limit {
				t.Errorf("%d groups differ from the full match, want at most %d: %v", len(differ), limit, differ)
			}
			byFirst := make(map[int64]Group, len(full))
			for _, g := range full {
				byFirst[g.QuoteIDs[0]] = g
			}
			for _, g := range inc.Groups {
				if want := byFirst[g.QuoteIDs[0]]; !reflect.DeepEqual(g, want) {
					t.Errorf("group %v:\n got %+v\nwant %+v", g.QuoteIDs, g, want)
				}
			}
			if inc.Quotes >= len(qs) && len(qs) > 100 {
				t.Errorf("re-matched %d of %d quotes: not incremental", inc.Quotes, len(qs))
			}
			t.Logf("%d quotes added, %d re-matched of %d, %d groups replaced by %d, %d groups out of reach differ",
				len(added), inc.Quotes, len(qs), len(inc.Replaced), len(inc.Groups), len(differ))
		})
	}
}

// TestMatchIncrementalNothingAdded checks that no added quote touches
// nothing.
func TestMatchIncrementalNothingAdded(t *testing.T) {
	qs, _ := GenerateQuotes(1, 500)
	inc := MatchIncremental(qs, MatchQuotes(qs), nil, nil)
	if len(inc.Replaced) != 0 || len(inc.Groups) != 0 || inc.Quotes != 0 {
		t.Errorf("got %d replaced, %d groups, %d quotes; want none", len(inc.Replaced), len(inc.Groups), inc.Quotes)
	}
}

// storyQuotes returns the statements an extractor finds in a generated
// story of n articles, numbered from 1, each article's quotes after the
// previous article's: a story big enough for groups of hundreds.
func storyQuotes(seed int64, n int) func() []Quote {
	return func() []Quote {
		var qs []Quote
		for i, d := range GenerateCorpus(seed, n, 1) {
			for _, q := range ExtractQuotes(d.Title, d.Body) {
				if q.Kind != QuoteStatement {
					continue
				}
				q.ID, q.ArticleID, q.Outlet = int64(len(qs)+1), int64(i+1), d.Outlet
				qs = append(qs, q)
			}
		}
		return qs
	}
}

// spliceGroups drops the replaced groups from previous and adds inc's, in
// MatchQuotes's order.
func spliceGroups(previous []Group, inc IncrementalMatch) []Group {
	var out []Group
	for i, g := range previous {
		if _, found := slices.BinarySearch(inc.Replaced, i); !found {
			out = append(out, g)
		}
	}
	out = append(out, inc.Groups...)
	slices.SortFunc(out, func(x, y Group) int { return cmp.Compare(x.QuoteIDs[0], y.QuoteIDs[0]) })
	return out
}

// symmetricDifference returns the groups whose members are in only one of
// got and want.
func symmetricDifference(got, want []Group) []Group {
	key := func(g Group) string { return fmt.Sprint(g.QuoteIDs) }
	in := func(gs []Group) map[string]bool {
		out := make(map[string]bool, len(gs))
		for _, g := range gs {
			out[key(g)] = true
		}
		return out
	}
	inGot, inWant := in(got), in(want)
	var out []Group
	for _, g := range got {
		if !inWant[key(g)] {
			out = append(out, g)
		}
	}
	for _, g := range want {
		if !inGot[key(g)] {
			out = append(out, g)
		}
	}
	return out
}
