package storage_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"factdesk/annotate"
	"factdesk/storage"
)

// RefreshStories gives every story the groups RefreshQuotes gives it, first
// matches and incremental ones alike, and reports progress up to the end.
func TestRefreshStoriesMatchesRefreshQuotes(t *testing.T) {
	ctx := context.Background()
	docs := annotate.GenerateCorpus(6, 60, 3)
	one, many := mustOpen(t), mustOpen(t)
	// Two rounds: the second adds articles to matched stories, which the
	// refresh then matches incrementally.
	// The first round matches on every core, the second with one matcher.
	for workers, round := range [][]annotate.Document{docs[:40], docs[40:]} {
		for _, d := range round {
			mustImport(t, one, d)
			mustImport(t, many, d)
		}
		mustRefresh(t, one)
		stale, err := many.StaleStories(ctx)
		if err != nil || len(stale) == 0 {
			t.Fatalf("stale stories: %v, %v", stale, err)
		}
		var last, calls int
		err = many.RefreshStories(ctx, stale, workers, func(done, total int) {
			if total != len(stale) || done < last {
				t.Errorf("progress %d of %d after %d", done, total, last)
			}
			last, calls = done, calls+1
		})
		if err != nil {
			t.Fatal(err)
		}
		if last != len(stale) || calls < 2 {
			t.Errorf("progress ended at %d of %d after %d calls", last, len(stale), calls)
		}
		if left, _ := many.StaleStories(ctx); len(left) != 0 {
			t.Errorf("still stale after RefreshStories: %v", left)
		}
	}
	sa, _ := one.Stories(ctx)
	sb, _ := many.Stories(ctx)
	if len(sa) != len(sb) || len(sa) < 3 {
		t.Fatalf("stories: %d and %d", len(sa), len(sb))
	}
	for i := range sa {
		a, b := groupSummary(t, one, sa[i].ID), groupSummary(t, many, sb[i].ID)
		if len(a) == 0 || !slices.Equal(a, b) {
			t.Errorf("story %q: RefreshQuotes gave\n%v\nRefreshStories gave\n%v", sa[i].Name, a, b)
		}
	}
}

// A story that cannot be refreshed is reported; the others are refreshed.
func TestRefreshStoriesReportsFailures(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	for _, d := range annotate.GenerateCorpus(2, 10, 2) {
		mustImport(t, st, d)
	}
	stale, err := st.StaleStories(ctx)
	if err != nil || len(stale) != 2 {
		t.Fatalf("stale: %v, %v", stale, err)
	}
	const missing = 987654
	err = st.RefreshStories(ctx, append(stale, missing), 0, nil)
	if !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("refreshing a story that does not exist: %v; want ErrNotFound", err)
	}
	if left, _ := st.StaleStories(ctx); len(left) != 0 {
		t.Errorf("the good stories were not refreshed: %v still stale", left)
	}
}
