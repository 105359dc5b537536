package annotate

import (
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// updateMatchGolden rewrites testdata/match/*.golden.json from the current
// output: go test ./annotate -run TestMatchQuotesGolden -update-match
var updateMatchGolden = flag.Bool("update-match", false, "rewrite the quote-matching golden files")

// matchCase is one case of testdata/match/cases.json: quotes, and the
// groups MatchQuotes must form from them, as positions in quotes.
type matchCase struct {
	Name   string `json:"name"`
	Quotes []struct {
		Article    int64    `json:"article"`
		Outlet     string   `json:"outlet"`
		Text       string   `json:"text"`
		Speaker    string   `json:"speaker"`
		Confidence *float64 `json:"confidence"` // 0.8 when absent
		Utterance  int      `json:"utterance"`
		Start      int      `json:"start"`
		Title      bool     `json:"title"`
		Kind       string   `json:"kind"` // statement when absent
	} `json:"quotes"`
	Groups   [][]int `json:"groups"`
	Speaker  *string `json:"speaker"`  // the single group's speaker, when given
	Conflict *bool   `json:"conflict"` // the single group's conflict flag, when given
}

// quotes builds the case's quotes, with IDs from 101 in file order.
func (c matchCase) quotes() []Quote {
	qs := make([]Quote, len(c.Quotes))
	for i, q := range c.Quotes {
		conf := 0.8
		if q.Confidence != nil {
			conf = *q.Confidence
		}
		if q.Speaker == "" {
			conf = 0
		}
		kind := QuoteStatement
		if q.Kind != "" {
			kind = QuoteKind(q.Kind)
		}
		qs[i] = Quote{
			ID: int64(101 + i), ArticleID: q.Article, Outlet: q.Outlet, Text: q.Text,
			Span: Span{Start: q.Start, End: q.Start + RuneLen(q.Text)}, Speaker: q.Speaker,
			SpeakerConfidence: conf, Kind: kind, InTitle: q.Title, Utterance: q.Utterance,
		}
	}
	return qs
}

func loadMatchCases(t *testing.T) []matchCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "match", "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []matchCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatalf("parse cases.json: %v", err)
	}
	return cases
}

// TestMatchQuotesCases runs the hand-written cases: quotes that must group
// (word for word, trimmed, extended, paraphrased, split, re-punctuated) and
// quotes that must not (different sentences on one topic, boilerplate from
// two people).
func TestMatchQuotesCases(t *testing.T) {
	for _, c := range loadMatchCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			qs := c.quotes()
			groups := MatchQuotes(qs)
			var got [][]int
			for _, g := range groups {
				var members []int
				for _, id := range g.QuoteIDs {
					members = append(members, int(id-101))
				}
				got = append(got, members)
			}
			want := c.Groups
			if len(want) == 0 {
				want = nil
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("groups = %v, want %v", got, want)
			}
			if c.Speaker != nil && groups[0].Speaker != *c.Speaker {
				t.Errorf("speaker = %q, want %q", groups[0].Speaker, *c.Speaker)
			}
			if c.Conflict != nil && groups[0].Conflict != *c.Conflict {
				t.Errorf("conflict = %v, want %v", groups[0].Conflict, *c.Conflict)
			}
			byID := quotesByID(qs)
			for _, g := range groups {
				checkGroup(t, byID, g)
			}
		})
	}
}

func quotesByID(qs []Quote) map[int64]Quote {
	byID := make(map[int64]Quote, len(qs))
	for _, q := range qs {
		byID[q.ID] = q
	}
	return byID
}

// checkGroup checks the invariants of a group over the quotes it came from.
func checkGroup(t *testing.T, byID map[int64]Quote, g Group) {
	t.Helper()
	if len(g.QuoteIDs) < 2 || !slices.IsSorted(g.QuoteIDs) {
		t.Errorf("group %v: want two or more IDs in increasing order", g.QuoteIDs)
	}
	articles := map[int64]bool{}
	for _, id := range g.QuoteIDs {
		q, ok := byID[id]
		if !ok || q.Kind != QuoteStatement {
			t.Errorf("group %v holds %d, not a statement of the input", g.QuoteIDs, id)
		}
		articles[q.ArticleID] = true
	}
	if len(articles) < 2 {
		t.Errorf("group %v spans one article", g.QuoteIDs)
	}
	if g.Canonical == "" {
		t.Errorf("group %v has no canonical text", g.QuoteIDs)
	}
	for _, d := range g.Diffs {
		a, b := byID[d.A], byID[d.B]
		if !slices.Contains(g.QuoteIDs, d.A) || !slices.Contains(g.QuoteIDs, d.B) {
			t.Errorf("diff %d→%d: not both members of %v", d.A, d.B, g.QuoteIDs)
		}
		if a.ArticleID == b.ArticleID {
			t.Errorf("diff %d→%d within one article", d.A, d.B)
		}
		if ga, gb := applyOps(d.Ops); ga != a.Text || gb != b.Text {
			t.Errorf("diff %d→%d does not turn %q into %q", d.A, d.B, a.Text, b.Text)
		}
	}
	if len(g.QuoteIDs) <= maxPairwiseMembers {
		pairs := 0
		for i, x := range g.QuoteIDs {
			for _, y := range g.QuoteIDs[i+1:] {
				if byID[x].ArticleID != byID[y].ArticleID {
					pairs++
				}
			}
		}
		if len(g.Diffs) != pairs {
			t.Errorf("group %v: %d diffs, want %d", g.QuoteIDs, len(g.Diffs), pairs)
		}
		for _, d := range g.Diffs {
			if d.A >= d.B {
				t.Errorf("diff %d→%d: want A < B", d.A, d.B)
			}
		}
	}
}

// TestMatchQuotesInvariants checks every group formed from generated quotes,
// and that no quote sits in two groups.
func TestMatchQuotesInvariants(t *testing.T) {
	qs, _ := GenerateQuotes(11, 3000)
	byID := quotesByID(qs)
	seen := map[int64]bool{}
	for _, g := range MatchQuotes(qs) {
		checkGroup(t, byID, g)
		for _, id := range g.QuoteIDs {
			if seen[id] {
				t.Errorf("quote %d in two groups", id)
			}
			seen[id] = true
		}
	}
}

// TestMatchQuotesDeterministic checks the result depends on the quotes
// alone: not on their order, nor on how many goroutines match them.
func TestMatchQuotesDeterministic(t *testing.T) {
	qs, _ := GenerateQuotes(5, 3000)
	want := MatchQuotes(qs)
	shuffled := slices.Clone(qs)
	rand.New(rand.NewPCG(1, 1)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	if got := MatchQuotes(shuffled); !reflect.DeepEqual(got, want) {
		t.Error("shuffled input gives different groups")
	}
	if got := newMatcher(qs, 1).run(false); !reflect.DeepEqual(got, want) {
		t.Error("one goroutine gives different groups")
	}
	if got := newMatcher(qs, 3).run(false); !reflect.DeepEqual(got, want) {
		t.Error("three goroutines give different groups")
	}
}

// TestMatchQuotesIndexAgreesWithAllPairs checks the index finds every pair
// that comparing all pairs finds.
func TestMatchQuotesIndexAgreesWithAllPairs(t *testing.T) {
	qs, _ := GenerateQuotes(9, 2500)
	indexed := newMatcher(qs, 2).run(false)
	all := newMatcher(qs, 2).run(true)
	if !reflect.DeepEqual(indexed, all) {
		t.Errorf("index: %d groups, all pairs: %d groups; they differ", len(indexed), len(all))
	}
}

func TestMatchQuotesEmpty(t *testing.T) {
	if g := MatchQuotes(nil); len(g) != 0 {
		t.Errorf("MatchQuotes(nil) = %v", g)
	}
	qs := []Quote{{ID: 1, ArticleID: 1, Text: "", Kind: QuoteStatement}, {ID: 2, ArticleID: 2, Text: "", Kind: QuoteStatement}}
	if g := MatchQuotes(qs); len(g) != 0 {
		t.Errorf("empty quotes grouped: %v", g)
	}
}

// goldenGroup is the part of a Group a golden file pins.
type goldenGroup struct {
	QuoteIDs  []int64 `json:"quote_ids"`
	Canonical string  `json:"canonical"`
	Speaker   string  `json:"speaker"`
	Conflict  bool    `json:"conflict"`
	Diffs     int     `json:"diffs"`
}

// TestMatchQuotesGolden pins the groups formed from a small generated set,
// so a change of behaviour shows as a diff to review.
func TestMatchQuotesGolden(t *testing.T) {
	qs, _ := GenerateQuotes(21, 150)
	var got []goldenGroup
	for _, g := range MatchQuotes(qs) {
		got = append(got, goldenGroup{g.QuoteIDs, g.Canonical, g.Speaker, g.Conflict, len(g.Diffs)})
	}
	path := filepath.Join("testdata", "match", "generated.golden.json")
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, '\n')
	if *updateMatchGolden {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update-match to create it)", err)
	}
	if string(want) != string(data) {
		t.Errorf("groups differ from %s; review with -update-match and git diff", path)
	}
}

func TestSpeakerVote(t *testing.T) {
	type vote struct {
		name    string
		conf    float64
		article int64
	}
	tests := []struct {
		name    string
		votes   []vote
		want    string
		support int
	}{
		{"nobody", nil, "", 0},
		{"one", []vote{{"Jane Doe", 0.9, 1}}, "Jane Doe", 1},
		{"surname counts for full name", []vote{{"Doe", 0.5, 1}, {"Jane Doe", 0.4, 2}, {"John Roe", 0.8, 3}}, "Jane Doe", 2},
		{"ambiguous surname counts for neither", []vote{{"Doe", 0.9, 1}, {"Jane Doe", 0.4, 2}, {"John Doe", 0.5, 3}}, "John Doe", 1},
		{"tie", []vote{{"Jane Doe", 0.5, 1}, {"John Roe", 0.5, 2}}, "", 0},
		{"titles dropped", []vote{{"Mayor Doe", 0.5, 1}, {"Jane Doe", 0.5, 2}}, "Jane Doe", 2},
		{"zero confidence is no vote", []vote{{"Jane Doe", 0, 1}, {"John Roe", 0.2, 2}}, "John Roe", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v speakerVote
			for _, x := range tt.votes {
				v.add(x.name, x.conf, x.article)
			}
			name, support := v.winner()
			if name.display != tt.want || support != tt.support {
				t.Errorf("winner = %q backed by %d, want %q by %d", name.display, support, tt.want, tt.support)
			}
		})
	}
}

func TestSpeakerConflict(t *testing.T) {
	tests := []struct {
		name    string
		members []Quote
		want    bool
	}{
		{"same person", []Quote{{Outlet: "A", Speaker: "Jane Doe"}, {Outlet: "B", Speaker: "Doe"}}, false},
		{"different people", []Quote{{Outlet: "A", Speaker: "Jane Doe"}, {Outlet: "B", Speaker: "John Roe"}}, true},
		{"one outlet disagreeing with itself", []Quote{{Outlet: "A", Speaker: "Jane Doe"}, {Outlet: "A", Speaker: "John Roe"}}, false},
		{"unknown speaker", []Quote{{Outlet: "A", Speaker: "Jane Doe"}, {Outlet: "B"}}, false},
		{"unknown outlets, two articles", []Quote{{ArticleID: 1, Speaker: "Jane Doe"}, {ArticleID: 2, Speaker: "John Roe"}}, true},
	}
	for _, tt := range tests {
		if got := speakerConflict(tt.members); got != tt.want {
			t.Errorf("%s: conflict = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestMayMatchGuarantee checks the prefix filter never drops a pair that
// verification accepts.
func TestMayMatchGuarantee(t *testing.T) {
	qs, _ := GenerateQuotes(13, 1500)
	m := newMatcher(qs, 1)
	ix := buildShingleIndex(m.words, 1)
	n := len(m.words)
	marks := newCandMarks(n)
	var v verifier
	var cands []int32
	for i := range int32(n) {
		longer := func(j int32) bool { return m.shorterFirst(i, j) }
		cands = ix.candidates(cands[:0], i, int(m.tLen[i]), longer, marks)
		for j := range int32(n) {
			if j == i || !longer(j) || !v.match(m.seq(i), m.seq(j)).ok {
				continue
			}
			if !slices.Contains(cands, j) {
				t.Fatalf("text %d matches %d but is no candidate", i, j)
			}
		}
	}
}
