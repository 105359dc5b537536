package annotate

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// coverageStory loads testdata/align/coverage: a wire story, two reprints of
// it (one whole with house-style edits, one trimmed), a broadsheet's own
// report and a blog that copies one sentence.
func coverageStory(t *testing.T) map[string]CoverageInput {
	t.Helper()
	out := map[string]CoverageInput{}
	for name, in := range map[string]CoverageInput{
		"wire":            {ArticleID: 14, Outlet: "Allied Newswire"},
		"reprint-full":    {ArticleID: 11, Outlet: "Valley Courier"},
		"reprint-trimmed": {ArticleID: 17, Outlet: "Kestrell Post"},
		"broadsheet":      {ArticleID: 12, Outlet: "The Chronicle"},
		"blog":            {ArticleID: 13, Outlet: "Glass Half Full"},
	} {
		data, err := os.ReadFile(filepath.Join("testdata", "align", "coverage", name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		in.Body = strings.TrimSpace(string(data))
		out[name] = in
	}
	return out
}

func TestCoverageWireReprints(t *testing.T) {
	story := coverageStory(t)
	order := []string{"broadsheet", "wire", "blog", "reprint-trimmed", "reprint-full"}
	var in []CoverageInput
	for _, name := range order {
		in = append(in, story[name])
	}
	sum := mustCoverage(t, in)

	wantCluster := []int64{story["reprint-full"].ArticleID, story["wire"].ArticleID, story["reprint-trimmed"].ArticleID}
	slices.Sort(wantCluster)
	if len(sum.Clusters) != 1 || !slices.Equal(sum.Clusters[0], wantCluster) {
		t.Fatalf("clusters = %v, want [%v]", sum.Clusters, wantCluster)
	}
	if sum.Sources != 3 {
		t.Errorf("sources = %d, want 3 (the wire story once, the broadsheet, the blog)", sum.Sources)
	}
	if len(sum.Articles) != len(in) {
		t.Fatalf("%d article lines for %d articles", len(sum.Articles), len(in))
	}
	for k, a := range sum.Articles {
		if a.ArticleID != in[k].ArticleID || a.Outlet != in[k].Outlet {
			t.Errorf("article line %d is %d %q, want input order", k, a.ArticleID, a.Outlet)
		}
		if a.Words == 0 || a.SharedWords > a.Words || math.Abs(a.Shared-float64(a.SharedWords)/float64(a.Words)) > 1e-9 {
			t.Errorf("%s: words %d, shared %d, share %v", order[k], a.Words, a.SharedWords, a.Shared)
		}
	}
	byName := func(name string) ArticleCoverage { return sum.Articles[slices.Index(order, name)] }
	for _, tt := range []struct {
		name       string
		lo, hi     float64 // bounds of Shared
		inCluster  bool
		sharedSent int // -1: don't check
	}{
		{"wire", 0.97, 1, true, -1},
		{"reprint-full", 0.95, 1, true, -1}, // "per cent" for "percent"
		{"reprint-trimmed", 1, 1, true, 5},
		{"broadsheet", 0, 0, false, 0},
		{"blog", 0.15, 0.4, false, 1},
	} {
		a := byName(tt.name)
		if a.Shared < tt.lo || a.Shared > tt.hi {
			t.Errorf("%s shares %.3f of its words, want %.2f..%.2f", tt.name, a.Shared, tt.lo, tt.hi)
		}
		if (a.Cluster == 0) != tt.inCluster || (!tt.inCluster && a.Cluster != -1) {
			t.Errorf("%s cluster = %d, in cluster %v", tt.name, a.Cluster, tt.inCluster)
		}
		if tt.sharedSent >= 0 && a.SharedSentences != tt.sharedSent {
			t.Errorf("%s: %d shared sentences of %d, want %d", tt.name, a.SharedSentences, a.Sentences, tt.sharedSent)
		}
	}

	// Pairs: the blog shares one sentence with each wire copy, and is no copy.
	for _, p := range sum.Pairs {
		if p.A == story["blog"].ArticleID || p.B == story["blog"].ArticleID {
			if p.NearCopy || p.Links != 1 {
				t.Errorf("blog pair %+v: want one link, no near copy", p)
			}
		}
		if p.A == story["broadsheet"].ArticleID || p.B == story["broadsheet"].ArticleID {
			t.Errorf("broadsheet shares a sentence: %+v", p)
		}
	}
	if len(sum.Pairs) != 6 { // the three wire copies pairwise, and the blog with each
		t.Errorf("%d pairs, want 6: %+v", len(sum.Pairs), sum.Pairs)
	}
}

func TestCoverageCases(t *testing.T) {
	const (
		lede  = "The council approved the harbour plan on Tuesday by seven votes to two."
		quote = "“This is the most important decision we will make this decade,” said Mayor Ines Okafor."
		fact  = "Work on the new sea wall is due to start in the spring and last three years."
		other = "Fishermen on the quay said they had not been asked what they thought of the plan."
		more  = "A separate vote on parking charges was postponed until next month."
	)
	join := func(s ...string) string { return strings.Join(s, "\n\n") }
	tests := []struct {
		name         string
		in           []CoverageInput
		wantClusters [][]int64
		wantSources  int
		wantShared   []float64 // per article, ±0.01
	}{
		{"no articles", nil, nil, 0, nil},
		{"one article", []CoverageInput{{ArticleID: 1, Body: join(lede, quote)}}, nil, 1, []float64{0}},
		{"empty bodies", []CoverageInput{{ArticleID: 1}, {ArticleID: 2}}, nil, 2, []float64{0, 0}},
		{"identical articles",
			[]CoverageInput{{ArticleID: 2, Body: join(lede, quote, fact)}, {ArticleID: 1, Body: join(lede, quote, fact)}},
			[][]int64{{1, 2}}, 1, []float64{1, 1}},
		{"one sentence in common is no copy",
			[]CoverageInput{{ArticleID: 1, Body: join(lede, quote, fact)}, {ArticleID: 2, Body: join(other, quote, more)}},
			nil, 2, nil},
		{"a short copy of part of a long article is a copy",
			[]CoverageInput{{ArticleID: 1, Body: join(lede, quote, fact, other, more)}, {ArticleID: 2, Body: join(lede, quote)}},
			[][]int64{{1, 2}}, 1, nil},
		{"a single shared sentence is never a copy",
			[]CoverageInput{{ArticleID: 1, Body: join(lede, quote, fact)}, {ArticleID: 2, Body: lede}},
			nil, 2, []float64{13.0 / 45, 1}},
		{"copies join transitively",
			[]CoverageInput{
				{ArticleID: 5, Body: join(lede, quote, fact, other)},
				{ArticleID: 3, Body: join(lede, quote, fact)},
				{ArticleID: 4, Body: join(quote, fact, other, more)},
				{ArticleID: 9, Body: join(more)},
			},
			[][]int64{{3, 4, 5}}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum := mustCoverage(t, tt.in)
			if len(sum.Clusters) != len(tt.wantClusters) {
				t.Fatalf("clusters = %v, want %v", sum.Clusters, tt.wantClusters)
			}
			for k := range tt.wantClusters {
				if !slices.Equal(sum.Clusters[k], tt.wantClusters[k]) {
					t.Errorf("clusters = %v, want %v", sum.Clusters, tt.wantClusters)
				}
			}
			if sum.Sources != tt.wantSources {
				t.Errorf("sources = %d, want %d", sum.Sources, tt.wantSources)
			}
			for k, want := range tt.wantShared {
				if got := sum.Articles[k].Shared; math.Abs(got-want) > 0.01 {
					t.Errorf("article %d shared %.3f, want %.3f", k, got, want)
				}
			}
		})
	}
}

func TestCoverageOutlets(t *testing.T) {
	const s1 = "The bridge will close on Monday for repairs to its cables."
	const s2 = "Drivers should expect long delays across the city centre."
	sum := mustCoverage(t, []CoverageInput{
		{ArticleID: 1, Outlet: "Zeta Times", Body: s1},
		{ArticleID: 2, Outlet: "Alpha Daily", Body: s1 + " " + s2},
		{ArticleID: 3, Outlet: "Zeta Times", Body: s2},
	})
	want := []OutletCoverage{
		{Outlet: "Alpha Daily", Articles: 1, Words: 20, SharedWords: 20, Shared: 1},
		{Outlet: "Zeta Times", Articles: 2, Words: 20, SharedWords: 20, Shared: 1},
	}
	if !slices.Equal(sum.Outlets, want) {
		t.Errorf("outlets = %+v, want %+v", sum.Outlets, want)
	}
}

func BenchmarkCoverage10Articles(b *testing.B) {
	r := newBenchRand()
	var in []CoverageInput
	for k := range 10 {
		in = append(in, CoverageInput{ArticleID: int64(k + 1), Outlet: "Outlet", Body: strings.Join(benchArticle(r, 1000), "\n\n")})
	}
	b.ResetTimer()
	for b.Loop() {
		mustCoverage(b, in)
	}
}

// mustCoverage is Coverage without a deadline.
func mustCoverage(tb testing.TB, in []CoverageInput) CoverageSummary {
	tb.Helper()
	sum, err := Coverage(context.Background(), in)
	if err != nil {
		tb.Fatal(err)
	}
	return sum
}

// A cancelled coverage stops and says why.
func TestCoverageCancelled(t *testing.T) {
	docs := GenerateCorpus(1, 30, 3)
	in := make([]CoverageInput, len(docs))
	for i, d := range docs {
		in[i] = CoverageInput{ArticleID: int64(i + 1), Outlet: d.Outlet, Body: d.Body}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if sum, err := Coverage(ctx, in); !errors.Is(err, context.Canceled) || len(sum.Articles) != 0 {
		t.Errorf("cancelled coverage = %d articles, %v; want none and context.Canceled", len(sum.Articles), err)
	}
	if sum := mustCoverage(t, in); len(sum.Articles) != len(in) {
		t.Errorf("coverage of %d articles lists %d", len(in), len(sum.Articles))
	}
}
