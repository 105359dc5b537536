package storage

import (
	"context"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"testing"

	"factdesk/annotate"
)

// A match saved after the story changed under it is not written but handed
// back to be refreshed again.
func TestSaveMatchesRedoesChangedStories(t *testing.T) {
	ctx := context.Background()
	docs := annotate.GenerateCorpus(1, 12, 1)
	s := openWithDocs(t, docs[:10])
	res, err := s.ImportDocument(ctx, docs[10])
	if err != nil {
		t.Fatal(err)
	}
	story := res.StoryID
	if err := s.RefreshQuotes(ctx, story); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportDocument(ctx, docs[11]); err != nil {
		t.Fatal(err)
	}
	m, err := s.matchStory(ctx, story, true) // incremental: one article added
	if err != nil {
		t.Fatal(err)
	}
	// Another refresh stores the story's groups first.
	if err := s.RefreshQuotes(ctx, story); err != nil {
		t.Fatal(err)
	}
	before, err := s.Groups(ctx, story)
	if err != nil || len(before) == 0 {
		t.Fatalf("groups: %d, %v", len(before), err)
	}
	var failures []error
	redo := s.saveMatches(ctx, []storyMatch{m}, func(_ int64, err error) { failures = append(failures, err) })
	if !slices.Equal(redo, []int64{story}) || len(failures) > 0 {
		t.Errorf("saveMatches of a stale match: redo %v, failures %v; want redo [%d]", redo, failures, story)
	}
	after, err := s.Groups(ctx, story)
	if err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("a stale match changed the stored groups (%v)", err)
	}
}

// A background write lets a write that arrives while it waits go first.
func TestLockWriteBackgroundGivesWay(t *testing.T) {
	s := &Store{}
	s.lockWrite(false) // held, as by a running transaction
	var mu sync.Mutex
	var order []string
	record := func(who string) {
		mu.Lock()
		order = append(order, who)
		mu.Unlock()
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		s.lockWrite(true)
		record("background")
		s.writeMu.Unlock()
	})
	wg.Go(func() {
		s.lockWrite(false)
		record("write")
		s.writeMu.Unlock()
	})
	for s.waiting.Load() == 0 { // until the write waits
		runtime.Gosched()
	}
	s.writeMu.Unlock()
	wg.Wait()
	if !slices.Equal(order, []string{"write", "background"}) {
		t.Errorf("order %v; the waiting write must go before the background one", order)
	}
}

// sameAsStored tells a group rebuilt as stored from one that differs in any
// stored field.
func TestSameAsStored(t *testing.T) {
	ctx := context.Background()
	s := openWithDocs(t, annotate.GenerateCorpus(3, 12, 1))
	stale, err := s.StaleStories(ctx)
	if err != nil || len(stale) != 1 {
		t.Fatalf("stale stories %v, %v", stale, err)
	}
	if err := s.RefreshQuotes(ctx, stale[0]); err != nil {
		t.Fatal(err)
	}
	gs, err := s.Groups(ctx, stale[0])
	if err != nil || len(gs) == 0 {
		t.Fatalf("groups: %d, %v", len(gs), err)
	}
	var g annotate.Group
	for _, c := range gs {
		if len(c.Diffs) > 0 {
			g = c
			break
		}
	}
	if len(g.Diffs) == 0 {
		t.Fatal("no group with diffs")
	}
	otherDiffs := slices.Clone(g.Diffs)
	otherDiffs[0].Similarity /= 2
	for _, tc := range []struct {
		name string
		edit func(*annotate.Group)
		same bool
	}{
		{"as stored", func(*annotate.Group) {}, true},
		{"speaker", func(g *annotate.Group) { g.Speaker += " Jr" }, false},
		{"canonical", func(g *annotate.Group) { g.Canonical += "!" }, false},
		{"conflict", func(g *annotate.Group) { g.Conflict = !g.Conflict }, false},
		{"diffs", func(g *annotate.Group) { g.Diffs = otherDiffs }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := g
			tc.edit(&h)
			diffs, err := encodeDiffs(h.Diffs)
			if err != nil {
				t.Fatal(err)
			}
			tx, err := s.db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			same, err := sameAsStored(ctx, tx, g.ID, h, diffs)
			if err != nil || same != tc.same {
				t.Errorf("sameAsStored = %v, %v; want %v", same, err, tc.same)
			}
		})
	}
}

// openWithDocs opens a store in a temporary folder, closed when the test
// ends, and imports docs into it.
func openWithDocs(t *testing.T, docs []annotate.Document) *Store {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, d := range docs {
		if _, err := s.ImportDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	return s
}
