package storage_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"factdesk/annotate"
	"factdesk/storage"
)

// groupSummary returns a story's groups as comparable strings, with their
// member quotes' outlets and spans in place of the ids two stores number
// differently, and the number of their pair diffs.
func groupSummary(tb testing.TB, st *storage.Store, storyID int64) []string {
	tb.Helper()
	return describeGroups(tb, st, storyID, false)
}

// describeGroups writes a story's groups as comparable strings, members
// (and, with diffs, every pair diff) named by outlet and span.
func describeGroups(tb testing.TB, st *storage.Store, storyID int64, diffs bool) []string {
	tb.Helper()
	ctx := context.Background()
	qs, err := st.Quotes(ctx, storage.QuoteFilter{StoryID: storyID})
	if err != nil {
		tb.Fatal(err)
	}
	name := map[int64]string{}
	for _, q := range qs {
		name[q.ID] = fmt.Sprintf("%s@%d:%d", q.Outlet, q.Start, q.End)
	}
	gs, err := st.Groups(ctx, storyID)
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]string, len(gs))
	for i, g := range gs {
		members := make([]string, len(g.QuoteIDs))
		for k, id := range g.QuoteIDs {
			members[k] = name[id]
		}
		var ds any = len(g.Diffs)
		if diffs {
			detail := make([]string, len(g.Diffs))
			for k, d := range g.Diffs {
				detail[k] = fmt.Sprintf("%s~%s %.6f %v", name[d.A], name[d.B], d.Similarity, d.Ops)
			}
			ds = detail
		}
		out[i] = fmt.Sprintf("%v speaker=%q canonical=%q conflict=%v diffs=%v", members, g.Speaker, g.Canonical, g.Conflict, ds)
	}
	return out
}

// mustRefresh refreshes every stale story.
func mustRefresh(tb testing.TB, st *storage.Store) {
	tb.Helper()
	ctx := context.Background()
	stale, err := st.StaleStories(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	for _, id := range stale {
		if err := st.RefreshQuotes(ctx, id); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestRefreshQuotesIncremental imports a story in steps, refreshing after
// each (the later refreshes match incrementally), and checks the groups
// against a store that imported everything and matched once, in full; and
// that a correction, which forces a full match, still applies.
func TestRefreshQuotesIncremental(t *testing.T) {
	ctx := context.Background()
	docs := annotate.GenerateCorpus(3, 60, 1)
	tests := []struct {
		name  string
		steps []int // articles imported before each refresh, cumulative
	}{
		{"one more article", []int{59, 60}},
		{"one at a time", []int{50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60}},
		{"several at once", []int{30, 45, 60}},
		{"article without statements first", []int{1, 60}},
	}
	full := mustOpen(t)
	for _, d := range docs {
		mustImport(t, full, d)
	}
	mustRefresh(t, full)
	story, err := full.StoryByName(ctx, docs[0].Meta.Story)
	if err != nil {
		t.Fatal(err)
	}
	want := groupSummary(t, full, story.ID)
	if len(want) == 0 {
		t.Fatal("the generated story has no groups: nothing to compare")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := mustOpen(t)
			n := 0
			for _, upTo := range tt.steps {
				for ; n < upTo; n++ {
					mustImport(t, st, docs[n])
				}
				mustRefresh(t, st)
			}
			s, err := st.StoryByName(ctx, docs[0].Meta.Story)
			if err != nil {
				t.Fatal(err)
			}
			got := groupSummary(t, st, s.ID)
			if !slices.Equal(got, want) {
				t.Errorf("groups after stepwise refresh differ from one full match:\n got %d %q\nwant %d %q", len(got), got, len(want), want)
			}
			stale, err := st.StaleStories(ctx)
			if err != nil || len(stale) != 0 {
				t.Errorf("stale stories after refresh: %v, %v", stale, err)
			}
		})
	}

	t.Run("correction then more articles", func(t *testing.T) {
		st := mustOpen(t)
		for _, d := range docs[:59] {
			mustImport(t, st, d)
		}
		mustRefresh(t, st)
		s, err := st.StoryByName(ctx, docs[0].Meta.Story)
		if err != nil {
			t.Fatal(err)
		}
		gs, err := st.Groups(ctx, s.ID)
		if err != nil || len(gs) == 0 {
			t.Fatalf("groups: %v, %v", gs, err)
		}
		if err := st.SetGroupSpeaker(ctx, gs[0].ID, "Ilse Marrow"); err != nil {
			t.Fatal(err)
		}
		mustImport(t, st, docs[59])
		mustRefresh(t, st)
		after, err := st.Groups(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(after, func(g annotate.Group) bool { return g.ID == gs[0].ID })
		if i < 0 || after[i].Speaker != "Ilse Marrow" {
			t.Errorf("corrected group after refresh: index %d in %d groups; want its speaker kept", i, len(after))
		}
	})
}

// TestRefreshQuotesExtendsBigGroups refreshes a story of big groups after
// each of its last articles, so that groups of more than 20 members gain
// members and are extended in place, and checks every stored group, diffs
// included, against a store that matched everything once in full.
func TestRefreshQuotesExtendsBigGroups(t *testing.T) {
	const n = 120
	docs := annotate.GenerateCorpus(5, n, 1)
	for _, tt := range []struct {
		name  string
		first int // articles imported before the first refresh
	}{
		{"last five, one at a time", n - 5},
		{"last twenty, one at a time", n - 20},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rs := refreshOneByOne(t, docs, tt.first)
			if rs.Extended == 0 {
				t.Fatalf("no group was extended in place (%+v): the test does not reach extendGroup", rs)
			}
		})
	}
}

// TestRefreshQuotesLeavesUnchangedGroups refreshes a long-running story (many
// events under one story name) after each of its last articles: the groups
// the new article's reach rebuilds as they were are not written again, and
// the stored groups end as one full match gives them.
func TestRefreshQuotesLeavesUnchangedGroups(t *testing.T) {
	const n = 150
	docs := annotate.GenerateCorpus(7, n, 15)
	for i := range docs {
		docs[i].Story = docs[0].Story
	}
	rs := refreshOneByOne(t, docs, n-10)
	if rs.Unchanged == 0 {
		t.Fatalf("every rebuilt group was written (%+v): the test does not reach sameAsStored", rs)
	}
}

// refreshOneByOne imports docs[:first] into a store and matches them, then
// imports the rest one by one, refreshing the stale stories after each. It
// checks every stored group of docs[0]'s story, diffs included, against a
// store that matched all of docs once in full, and returns how the
// refreshes matched.
func refreshOneByOne(t *testing.T, docs []annotate.Document, first int) storage.RefreshStats {
	t.Helper()
	ctx := context.Background()
	full := mustOpen(t)
	for _, d := range docs {
		mustImport(t, full, d)
	}
	mustRefresh(t, full)
	want := groupDetail(t, full, docs[0].Meta.Story)

	st := mustOpen(t)
	for _, d := range docs[:first] {
		mustImport(t, st, d)
	}
	mustRefresh(t, st)
	sctx, stats := storage.WithRefreshStats(ctx)
	for _, d := range docs[first:] {
		mustImport(t, st, d)
		stale, err := st.StaleStories(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range stale {
			if err := st.RefreshQuotes(sctx, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	rs := stats()
	got := groupDetail(t, st, docs[0].Meta.Story)
	if !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Errorf("group %d:\n got %s\nwant %s", i, got[i], want[i])
				break
			}
		}
		t.Errorf("groups after refreshes differ from one full match (%d vs %d groups)", len(got), len(want))
	}
	t.Logf("%+v", rs)
	return rs
}

// groupDetail returns the groups of the story called story as comparable
// strings, every pair diff included.
func groupDetail(tb testing.TB, st *storage.Store, story string) []string {
	tb.Helper()
	s, err := st.StoryByName(context.Background(), story)
	if err != nil {
		tb.Fatal(err)
	}
	return describeGroups(tb, st, s.ID, true)
}

// largeStory returns a store holding the first n of docs, one story,
// matched.
func largeStory(b *testing.B, docs []annotate.Document, n int) *storage.Store {
	b.Helper()
	st := mustOpen(b)
	for _, d := range docs[:n] {
		mustImport(b, st, d)
	}
	mustRefresh(b, st)
	return st
}

// largeStoryShapes are the stories the incremental benchmarks grow, by
// sub-benchmark name: one event covered by every article (its groups of up
// to 100 or 1,000 members), and a long-running story of many events of ten
// articles each under one story name (groups the size of one event's
// coverage).
var largeStoryShapes = []struct {
	name   string
	base   int
	corpus func(articles int) []annotate.Document
}{
	{"articles=200", 200, func(n int) []annotate.Document { return annotate.GenerateCorpus(1, n, 1) }},
	{"articles=2000", 2000, func(n int) []annotate.Document { return annotate.GenerateCorpus(1, n, 1) }},
	{"events/articles=200", 200, func(n int) []annotate.Document { return oneStory(annotate.GenerateCorpus(1, n, 20)) }},
	{"events/articles=2000", 2000, func(n int) []annotate.Document { return oneStory(annotate.GenerateCorpus(1, n, 200)) }},
}

// oneStory files every document under the first one's story.
func oneStory(docs []annotate.Document) []annotate.Document {
	for i := range docs {
		docs[i].Story = docs[0].Story
	}
	return docs
}

// BenchmarkImportOneIntoLargeStory imports one more article into a matched
// story of 200 or 2,000 articles (about 1,100 or 11,500 statements; see
// largeStoryShapes) and refreshes its groups, which matches incrementally.
// Compare BenchmarkRefreshLargeStory:
//
//	go test -tags sqlite_fts5 -run '^$' -bench 'OneIntoLargeStory|RefreshLargeStory' -benchtime 20x ./storage/
func BenchmarkImportOneIntoLargeStory(b *testing.B) {
	for _, shape := range largeStoryShapes {
		b.Run(shape.name, func(b *testing.B) {
			docs := shape.corpus(shape.base + b.N)
			st := largeStory(b, docs, shape.base)
			b.ResetTimer()
			importAndRefresh(b, st, docs[shape.base:])
		})
	}
}

// importAndRefresh imports docs[:b.N] one by one, refreshing the story's
// groups after each, and reports the time of each step per article, and
// which way the refreshes matched: incremental-share is the share of
// refreshes that matched incrementally (the rest matched the whole story),
// rematched/op the quotes each matched again (the new quotes' reach: every
// member of every group they touch), replaced/op the stored groups each
// rebuilt, extended/op those extended in place and unchanged/op those
// rebuilt as they were stored, and so not written.
func importAndRefresh(b *testing.B, st *storage.Store, docs []annotate.Document) {
	ctx, stats := storage.WithRefreshStats(context.Background())
	var imp, refresh time.Duration
	for i := range b.N {
		t0 := time.Now()
		res, err := st.ImportDocument(ctx, docs[i])
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := st.RefreshQuotes(ctx, res.StoryID); err != nil {
			b.Fatal(err)
		}
		imp, refresh = imp+t1.Sub(t0), refresh+time.Since(t1)
	}
	b.StopTimer()
	b.ReportMetric(float64(imp.Microseconds())/1000/float64(b.N), "import-ms/op")
	b.ReportMetric(float64(refresh.Microseconds())/1000/float64(b.N), "refresh-ms/op")
	rs := stats()
	b.ReportMetric(float64(rs.Incremental)/float64(b.N), "incremental-share")
	b.ReportMetric(float64(rs.Rematched)/float64(b.N), "rematched/op")
	b.ReportMetric(float64(rs.Replaced)/float64(b.N), "replaced/op")
	b.ReportMetric(float64(rs.Extended)/float64(b.N), "extended/op")
	b.ReportMetric(float64(rs.Unchanged)/float64(b.N), "unchanged/op")
}

// BenchmarkRefreshLargeStory is the full match that
// BenchmarkImportOneIntoLargeStory avoids: after a correction, every
// refresh of the story matches it all and rewrites its groups.
func BenchmarkRefreshLargeStory(b *testing.B) {
	for _, shape := range largeStoryShapes {
		b.Run(shape.name, func(b *testing.B) {
			ctx := context.Background()
			docs := shape.corpus(shape.base + b.N)
			st := largeStory(b, docs, shape.base)
			s, err := st.StoryByName(ctx, docs[0].Meta.Story)
			if err != nil {
				b.Fatal(err)
			}
			gs, err := st.Groups(ctx, s.ID)
			if err != nil || len(gs) == 0 {
				b.Fatalf("groups: %d, %v", len(gs), err)
			}
			// A correction makes every refresh a full one.
			if err := st.SetGroupSpeaker(ctx, gs[0].ID, gs[0].Speaker+" Jr"); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			importAndRefresh(b, st, docs[shape.base:])
		})
	}
}

// GroupsWithoutDiffs lists the groups Groups lists, but for their diffs.
func TestGroupsWithoutDiffs(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	docs := annotate.GenerateCorpus(2, 30, 1)
	for _, d := range docs {
		mustImport(t, st, d)
	}
	mustRefresh(t, st)
	s, err := st.StoryByName(ctx, docs[0].Meta.Story)
	if err != nil {
		t.Fatal(err)
	}
	full, err := st.Groups(ctx, s.ID)
	if err != nil || len(full) == 0 {
		t.Fatalf("groups: %d, %v", len(full), err)
	}
	lite, err := st.GroupsWithoutDiffs(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	diffs := 0
	for i := range full {
		diffs += len(full[i].Diffs)
		full[i].Diffs = nil
	}
	if diffs == 0 {
		t.Fatal("no group has diffs: the test shows nothing")
	}
	if !reflect.DeepEqual(lite, full) {
		t.Errorf("groups without diffs differ from Groups:\n got %+v\nwant %+v", lite, full)
	}
}
