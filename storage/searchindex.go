package storage

import (
	"context"
	"database/sql"
	"fmt"
)

// indexBatch is how many articles one IndexPending transaction indexes: big
// enough for FTS5 to write few segments (20,000 articles index in 2.9 s in
// batches of 200, 2.7 s of 1,000, 2.4 s of 5,000), small enough that a write
// arriving meanwhile waits about a tenth of a second at most.
const indexBatch = 1000

// IndexPending brings the full-text index up to date: every article whose
// latest version is not indexed yet (a new article, or a new version) is
// indexed, in transactions of up to indexBatch articles. It returns how many
// articles it indexed. Imports leave their articles pending, because
// indexing a batch at once costs a fraction of indexing each article in its
// own transaction; ingest calls IndexPending at the end of an import, and
// Search calls it before searching. An interrupted import leaves its stored
// articles pending until the next call. With nothing pending it returns
// without taking the write lock.
//
// progress, when not nil, is told after each transaction how many of the
// articles pending at the start are done.
func (s *Store) IndexPending(ctx context.Context, progress func(done, total int)) (int, error) {
	if progress == nil {
		progress = func(int, int) {}
	}
	pending, err := s.PendingIndex(ctx)
	if err != nil {
		return 0, fmt.Errorf("index articles for search: %w", err)
	}
	progress(0, pending)
	if pending == 0 {
		return 0, nil
	}
	// A bulk load is merged into one segment at the end (mergeIndex), so
	// its batches skip FTS5's automatic merging, which would rewrite the
	// same postings level after level on the way: indexing 20,000 articles
	// then costs about a fifth less.
	bulk := pending >= indexBatch
	total := 0
	for {
		var n int
		err := s.withBackgroundTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
			var err error
			n, err = indexPendingBatch(ctx, tx, indexBatch, bulk)
			if err == nil && n == 0 {
				return errNoChange
			}
			return err
		})
		if err != nil {
			return total, fmt.Errorf("index articles for search: %w", err)
		}
		total += n
		progress(min(total, pending), max(total, pending))
		if n < indexBatch {
			break
		}
	}
	if bulk && total > 0 {
		if err := s.mergeIndex(ctx); err != nil {
			return total, fmt.Errorf("index articles for search: %w", err)
		}
	}
	return total, nil
}

// mergeStep is how many pages of the full-text index one merge transaction
// rewrites (about a tenth of a second).
const mergeStep = 4000

// mergeIndex merges the segments of the full-text index into one, a step per
// background transaction. A bulk load leaves a segment per IndexPending
// transaction, and a phrase must then be looked up in each: merged, a
// phrase search over 20,000 articles took 39–49 ms instead of 56–58. The
// merge of those 20,000 articles takes 0.8 s.
func (s *Store) mergeIndex(ctx context.Context) error {
	for {
		var worked bool
		err := s.withBackgroundTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
			var before, after int64
			if err := tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&before); err != nil {
				return err
			}
			// A negative step merges segments of every level, until one
			// is left; a step with nothing to do changes no row.
			if _, err := tx.ExecContext(ctx, `INSERT INTO article_fts (article_fts, rank) VALUES ('merge', ?)`, -mergeStep); err != nil {
				return fmt.Errorf("merge: %w", err)
			}
			if err := tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&after); err != nil {
				return err
			}
			worked = after-before >= 2
			return nil
		})
		if err != nil || !worked {
			return err
		}
	}
}

// PendingIndex reports how many articles wait to be indexed for search.
func (s *Store) PendingIndex(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE indexed_version <> latest_version`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("pending index: %w", mapError(err))
	}
	return n, nil
}

// indexPendingBatch indexes up to limit pending articles in tx, lowest ids
// first: it removes the text the index holds for each (if any), adds its
// latest title and body, and records the indexed version. With noMerge,
// FTS5's automatic merging is off while the batch is indexed; it is back on
// (at FTS5's default, 4) when the transaction commits, so a crash cannot
// leave it off.
func indexPendingBatch(ctx context.Context, tx *sql.Tx, limit int, noMerge bool) (int, error) {
	// The batch is the pending articles up to the limit-th one's id.
	var n int
	var last int64
	err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(max(id), 0) FROM (
		SELECT id FROM articles WHERE indexed_version <> latest_version ORDER BY id LIMIT ?)`, limit).Scan(&n, &last)
	if err != nil || n == 0 {
		return 0, err
	}
	const pending = `FROM articles a JOIN article_versions v ON v.article_id = a.id
		AND v.version = %s WHERE a.indexed_version <> a.latest_version AND a.id <= ?`
	steps := []struct{ what, query string }{
		{"remove indexed text", `INSERT INTO article_fts (article_fts, rowid, title, body)
			SELECT 'delete', a.id, v.title, v.body ` + fmt.Sprintf(pending, "a.indexed_version")},
		{"index latest text", `INSERT INTO article_fts (rowid, title, body)
			SELECT a.id, v.title, v.body ` + fmt.Sprintf(pending, "a.latest_version")},
		{"record indexed versions", `UPDATE articles SET indexed_version = latest_version
			WHERE indexed_version <> latest_version AND id <= ?`},
	}
	if noMerge {
		if err := setAutomerge(ctx, tx, 0); err != nil {
			return 0, err
		}
	}
	for _, st := range steps {
		if _, err := tx.ExecContext(ctx, st.query, last); err != nil {
			return 0, fmt.Errorf("%s: %w", st.what, err)
		}
	}
	if noMerge {
		if err := setAutomerge(ctx, tx, defaultAutomerge); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// defaultAutomerge is FTS5's own default for article_fts's 'automerge'
// option, which the migrations never change.
const defaultAutomerge = 4

// setAutomerge sets article_fts's 'automerge' option in tx. FTS5 keeps its
// options in a table, so the change commits or rolls back with tx.
func setAutomerge(ctx context.Context, tx *sql.Tx, n int) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO article_fts (article_fts, rank) VALUES ('automerge', ?)`, n); err != nil {
		return fmt.Errorf("set automerge %d: %w", n, err)
	}
	return nil
}
