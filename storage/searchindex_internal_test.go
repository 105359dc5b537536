package storage

import (
	"context"
	"database/sql"
	"testing"

	"factdesk/annotate"
)

// A bulk batch turns FTS5's automatic merging off while it indexes and back
// on before its transaction ends, so no commit, and no crash between
// commits, leaves the option off; a batch rolled back leaves it as it was.
func TestIndexBatchRestoresAutomerge(t *testing.T) {
	ctx := context.Background()
	s := openWithDocs(t, annotate.GenerateCorpus(1, 4, 1))
	automerge := func(q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) int {
		t.Helper()
		n := defaultAutomerge // no row: FTS5's default
		err := q.QueryRowContext(ctx, `SELECT v FROM article_fts_config WHERE k = 'automerge'`).Scan(&n)
		if err != nil && err != sql.ErrNoRows {
			t.Fatal(err)
		}
		return n
	}
	for _, commit := range []bool{false, true} {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := setAutomerge(ctx, tx, 0); err != nil {
			t.Fatal(err)
		}
		if got := automerge(tx); got != 0 {
			t.Fatalf("automerge after setting 0 = %d: the probe cannot see the change", got)
		}
		n, err := indexPendingBatch(ctx, tx, 2, true)
		if err != nil || n != 2 {
			t.Fatalf("indexPendingBatch = %d, %v; want 2", n, err)
		}
		if got := automerge(tx); got != defaultAutomerge {
			t.Errorf("automerge at the end of a bulk batch = %d; want %d", got, defaultAutomerge)
		}
		if commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := automerge(s.db); got != defaultAutomerge {
			t.Errorf("automerge after the batch (commit %v) = %d; want %d", commit, got, defaultAutomerge)
		}
	}
	if n, err := s.PendingIndex(ctx); err != nil || n != 2 {
		t.Errorf("pending = %d, %v; want 2 (one batch rolled back, one committed)", n, err)
	}
}
