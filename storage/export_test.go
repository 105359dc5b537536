package storage

import (
	"context"
	"time"

	"factdesk/annotate"
)

// Test seams, compiled only into this package's tests.

// OpenAtVersion opens the store at path and migrates it no further than
// schema version v, as an older Factdesk would have left it.
func OpenAtVersion(ctx context.Context, path string, v int) (*Store, error) {
	return open(ctx, path, openOptions{maxVersion: v})
}

// OpenWithBusyTimeout opens the store at path with SQLite's busy timeout
// set to d instead of the default.
func OpenWithBusyTimeout(ctx context.Context, path string, d time.Duration) (*Store, error) {
	return open(ctx, path, openOptions{busyTimeout: d})
}

// KnownSchemaVersion is the schema version this build migrates to.
func KnownSchemaVersion() int {
	migs, err := loadMigrations(migrationFS)
	if err != nil {
		panic(err)
	}
	return len(migs)
}

// SetHook makes f run at named steps inside write transactions ("article",
// "version", "quotes", "commit"); an error from f aborts the transaction.
func (s *Store) SetHook(f func(step string) error) { s.hook = f }

// SetClock makes the store read the time from now.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// SetQuoteEngine replaces quote extraction and matching; a nil function
// keeps the current one.
func (s *Store) SetQuoteEngine(extract func(title, body string) []annotate.Quote, match func([]annotate.Quote) []annotate.Group) {
	if extract != nil {
		s.extract = extract
	}
	if match != nil {
		s.match = match
	}
}

// FTSQuery exposes the query rewriting Search uses.
func FTSQuery(q string) string { return ftsQuery(q) }

// SetReanchor replaces re-anchoring.
func (s *Store) SetReanchor(f func(oldBody, newBody string, a annotate.Annotation) annotate.Annotation) {
	s.reanchor = f
}
