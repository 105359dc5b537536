package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"factdesk/annotate"
)

// ImportDocuments imports docs as ImportDocument does each, faster, by
// committing them in one transaction. No document is ever stored
// in part: when one fails, the transaction is rolled back and the documents
// are imported again one transaction each, so only the failing ones are
// left out. results[i] and errs[i] are doc i's outcome (errs[i] nil on
// success). The error returned concerns the batch as a whole (the store
// locked, the commit failing): then nothing was stored.
//
// It trades durability for speed: after a crash the documents of the
// unfinished batch are not in the store, and the next import of the same
// files stores them (an import is idempotent). `factdesk import` commits
// each file on its own instead, as an editor expects of a file reported
// imported; this is the bulk path a server backend would serve with COPY
// (docs/SCALING.md).
func (s *Store) ImportDocuments(ctx context.Context, docs []annotate.Document) (results []ImportResult, errs []error, err error) {
	results, errs = make([]ImportResult, len(docs)), make([]error, len(docs))
	prepared := make([]Prepared, len(docs))
	for i, doc := range docs {
		prepared[i] = s.Prepare(doc)
		errs[i] = prepared[i].err
	}
	valid := func(i int) bool { return prepared[i].err == nil }
	var failed *docFailure
	err = s.withTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		changed := false
		for i := range docs {
			if !valid(i) {
				continue
			}
			res, err := s.importDoc(ctx, tx, prepared[i])
			if err != nil {
				if isBusy(err) {
					return err // withTx retries the whole batch
				}
				failed = &docFailure{i, err}
				return failed
			}
			// withTx may run this again after a busy store: each run
			// overwrites every result.
			results[i] = res
			changed = changed || res.Outcome != OutcomeDuplicate
		}
		if !changed {
			return errNoChange
		}
		return nil
	})
	if errors.As(err, &failed) {
		// Rolled back: import each document on its own.
		for i := range docs {
			if valid(i) {
				results[i], errs[i] = s.ImportPrepared(ctx, prepared[i])
			}
		}
		return results, errs, nil
	}
	if err != nil {
		for i := range docs {
			if valid(i) {
				results[i], errs[i] = ImportResult{}, err
			}
		}
		return results, errs, fmt.Errorf("import %d documents: %w", len(docs), err)
	}
	return results, errs, nil
}

// docFailure aborts a batch import: document i failed.
type docFailure struct {
	i   int
	err error
}

func (e *docFailure) Error() string { return fmt.Sprintf("document %d: %v", e.i, e.err) }
func (e *docFailure) Unwrap() error { return e.err }
