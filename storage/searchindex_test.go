package storage_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"factdesk/storage"
)

// ftsIntegrity runs FTS5's own check of article_fts against its content:
// it fails when the index holds text an article no longer has, or lacks
// text it has.
func ftsIntegrity(tb testing.TB, path string) error {
	tb.Helper()
	_, err := rawDB(tb, path).Exec(`INSERT INTO article_fts (article_fts, rank) VALUES ('integrity-check', 1)`)
	return err
}

// Imports leave articles to IndexPending; Search brings the index up to date
// first, so a new article and a new version are found at once, and the old
// text of a replaced version is not.
func TestSearchIndexCatchesUp(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "f.db")
	st := mustOpenAt(t, path)
	const url = "https://gull-gazette.example/pier"
	mustImport(t, st, newDoc("Pier", "Gull Gazette", "Pier reopens", url, "The pier reopened to zanzibarite crowds."))
	mustImport(t, st, newDoc("Pier", "Tide Post", "Pier open", "", "Crowds returned to the pier on Monday."))
	if n, err := st.PendingIndex(ctx); err != nil || n != 2 {
		t.Fatalf("pending after two imports = %d, %v; want 2", n, err)
	}
	rev, _ := st.Revision(ctx)

	for _, tc := range []struct {
		query string
		hits  int
	}{
		{"zanzibarite", 1},
		{"crowds", 2},
	} {
		hits, err := st.Search(ctx, tc.query, 10)
		if err != nil || len(hits) != tc.hits {
			t.Errorf("search %q = %d hits, %v; want %d", tc.query, len(hits), err, tc.hits)
		}
	}
	if n, _ := st.PendingIndex(ctx); n != 0 {
		t.Errorf("pending after a search = %d; want 0", n)
	}
	if now, _ := st.Revision(ctx); now != rev {
		t.Errorf("indexing bumped the revision from %d to %d; open windows would reload for nothing", rev, now)
	}

	// A new version replaces the indexed text.
	mustImport(t, st, newDoc("Pier", "Gull Gazette", "Pier reopens", url, "The pier reopened to quixotic crowds."))
	if n, _ := st.PendingIndex(ctx); n != 1 {
		t.Errorf("pending after a new version = %d; want 1", n)
	}
	if err := ftsIntegrity(t, path); err == nil {
		t.Error("integrity-check passed with a version pending; the check cannot fail")
	}
	for _, tc := range []struct {
		query string
		hits  int
	}{
		{"zanzibarite", 0},
		{"quixotic", 1},
		{"crowds", 2},
	} {
		hits, err := st.Search(ctx, tc.query, 10)
		if err != nil || len(hits) != tc.hits {
			t.Errorf("after v2: search %q = %d hits, %v; want %d", tc.query, len(hits), err, tc.hits)
		}
	}
	if err := ftsIntegrity(t, path); err != nil {
		t.Errorf("integrity-check after indexing: %v", err)
	}
}

// IndexPending indexes in batches and reports its progress.
func TestIndexPendingBatches(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "f.db")
	st := mustOpenAt(t, path)
	const n = 1203 // more than two batches
	for i := range n {
		mustImport(t, st, newDoc("Bulk", "Wire", fmt.Sprintf("Item %d", i), "", fmt.Sprintf("Bulletin number w%d about the harbour.", i)))
	}
	var calls, last, total int
	got, err := st.IndexPending(ctx, func(done, all int) {
		if done < last || done > all {
			t.Errorf("progress %d of %d after %d", done, all, last)
		}
		calls, last, total = calls+1, done, all
	})
	if err != nil || got != n {
		t.Fatalf("IndexPending = %d, %v; want %d", got, err, n)
	}
	if last != n || total != n || calls < 3 {
		t.Errorf("progress ended at %d of %d after %d calls; want %d of %d in several steps", last, total, calls, n, n)
	}
	if err := ftsIntegrity(t, path); err != nil {
		t.Errorf("integrity-check: %v", err)
	}
	// A load of more than a batch is merged into one index segment.
	var segments int
	if err := rawDB(t, path).QueryRow(`SELECT count(DISTINCT segid) FROM article_fts_idx`).Scan(&segments); err != nil || segments != 1 {
		t.Errorf("index segments after a bulk load = %d, %v; want 1", segments, err)
	}
	for _, i := range []int{0, 600, n - 1} {
		hits, err := st.Search(ctx, fmt.Sprintf("w%d", i), 10)
		if err != nil || len(hits) != 1 {
			t.Errorf("search w%d = %d hits, %v", i, len(hits), err)
		}
	}
	if again, err := st.IndexPending(ctx, nil); err != nil || again != 0 {
		t.Errorf("second IndexPending = %d, %v; want 0", again, err)
	}
}

// A store from before deferred indexing (schema 3) was indexed by triggers;
// migrating it keeps every article searchable without re-indexing it.
func TestMigrationKeepsSearchIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "f.db")
	old, err := storage.OpenAtVersion(ctx, path, 3)
	if err != nil {
		t.Fatal(err)
	}
	mustImportOld := func(title, body string) {
		t.Helper()
		if _, err := old.ImportDocument(ctx, newDoc("Pier", "Tide Post", title, "", body)); err != nil {
			t.Fatal(err)
		}
	}
	mustImportOld("Pier reopens", "The pier reopened to zanzibarite crowds.")
	mustImportOld("Pier closes", "The pier closed again for quixotic reasons.")
	old.Close()

	st := mustOpenAt(t, path)
	if n, err := st.PendingIndex(ctx); err != nil || n != 0 {
		t.Errorf("pending after migration = %d, %v; want 0", n, err)
	}
	if err := ftsIntegrity(t, path); err != nil {
		t.Errorf("integrity-check after migration: %v", err)
	}
	for _, w := range []string{"zanzibarite", "quixotic"} {
		if hits, err := st.Search(ctx, w, 10); err != nil || len(hits) != 1 {
			t.Errorf("search %q after migration = %d hits, %v", w, len(hits), err)
		}
	}
}

// Prepare carries a document's problems to ImportPrepared, and a Prepared
// that did not come from Prepare is refused.
func TestImportPreparedErrors(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	for _, tc := range []struct {
		name string
		p    storage.Prepared
	}{
		{"empty body", st.Prepare(newDoc("S", "O", "T", "", ""))},
		{"not valid UTF-8", st.Prepare(newDoc("S", "O", "T", "", "bad \xff byte"))},
		{"not prepared", storage.Prepared{Doc: newDoc("S", "O", "T", "", "Fine text.")}},
	} {
		if _, err := st.ImportPrepared(ctx, tc.p); err == nil {
			t.Errorf("%s: imported", tc.name)
		}
	}
	if arts, _ := st.Articles(ctx, storage.ArticleFilter{}); len(arts) != 0 {
		t.Errorf("%d articles stored", len(arts))
	}
}
