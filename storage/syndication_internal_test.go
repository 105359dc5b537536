package storage

import (
	"context"
	"errors"
	"slices"
	"testing"

	"factdesk/annotate"
)

// The near-copy clusters of a story are worked out once for the same bodies:
// asked again with a context that is already cancelled, the cache answers
// without running annotate.Coverage, which would stop with the context's
// error. A changed body is worked out again.
func TestSyndicationCache(t *testing.T) {
	body := "The harbour board approved the new ferry timetable on Monday after a long debate. " +
		"Ferries will leave every forty minutes from June. Residents had asked for more evening sailings."
	bodies := []annotate.CoverageInput{
		{ArticleID: 1, Outlet: "Harbour Wire", Body: body},
		{ArticleID: 2, Outlet: "Gull Gazette", Body: body},
		{ArticleID: 3, Outlet: "Tide Post", Body: "Council members disagreed about parking on the quay. The vote is next week."},
	}
	c := newSyndicationCache()
	ctx := context.Background()
	got, err := c.clusters(ctx, 7, bodies)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !slices.Equal(got[0], []int64{1, 2}) {
		t.Fatalf("clusters %v, want [[1 2]]", got)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if again, err := c.clusters(done, 7, bodies); err != nil || len(again) != 1 {
		t.Errorf("same bodies again = %v, %v; want the cached clusters", again, err)
	}
	changed := slices.Clone(bodies)
	changed[1].Body = "A different article entirely, about the lighthouse keeper's retirement."
	if _, err := c.clusters(done, 7, changed); !errors.Is(err, context.Canceled) {
		t.Errorf("changed body with a cancelled context: %v; want the work redone (and stopped)", err)
	}
	if _, err := c.clusters(done, 8, bodies); !errors.Is(err, context.Canceled) {
		t.Errorf("another story: %v; want its own work", err)
	}
	// The cache stays bounded.
	for id := range int64(3 * syndicationCacheSize) {
		if _, err := c.clusters(ctx, 100+id, bodies[:2]); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(c.stories); n > syndicationCacheSize {
		t.Errorf("cache holds %d stories, more than %d", n, syndicationCacheSize)
	}
}
