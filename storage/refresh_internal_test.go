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
	s, err := Open(ctx, filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	docs := annotate.GenerateCorpus(1, 12, 1)
	for _, d := range docs[:10] {
		if _, err := s.ImportDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
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
