// Package storage keeps Factdesk's stories, articles, annotations, quotes and
// facts in a local SQLite file.
//
// A Store is safe for concurrent use, and several Stores (in one process or
// in several) may share a file: SQLite runs in WAL mode with a busy timeout,
// every write is one IMMEDIATE transaction that is retried while the file is
// locked, and each write bumps a revision counter that other windows poll to
// notice changes.
//
// Offsets stored here are Unicode code points into an article body, with the
// end exclusive, exactly as in package annotate.
package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"

	"factdesk/annotate"
)

// Sentinel errors returned, wrapped with context, by Store methods. Test for
// them with errors.Is.
var (
	// ErrNotFound means the requested row does not exist.
	ErrNotFound = errors.New("not found")
	// ErrNotDatabase means the file given as a store is not a Factdesk store.
	// The file is left untouched.
	ErrNotDatabase = errors.New("not a Factdesk store")
	// ErrCorrupt means the file is an SQLite database that fails its
	// integrity check. The file is left untouched.
	ErrCorrupt = errors.New("store is damaged")
	// ErrTooNew means the store was written by a newer Factdesk whose schema
	// this build does not know. The file is left untouched.
	ErrTooNew = errors.New("store was written by a newer Factdesk")
	// ErrLocked means another program kept the store locked for longer than
	// the busy timeout and every retry.
	ErrLocked = errors.New("store is locked by another program")
)

// busyTimeout is how long SQLite itself waits for a lock before a statement
// fails with SQLITE_BUSY; writeRetries more attempts follow that, with backoff.
const (
	busyTimeout  = 10 * time.Second
	writeRetries = 4
	retryBackoff = 100 * time.Millisecond
)

// timeLayout is how timestamps are stored: UTC, fixed width, so that text
// order is time order.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// Store is an open Factdesk store.
type Store struct {
	db   *sql.DB
	path string

	// stmts caches statements prepared on the pool, by query text, for hot
	// paths; (*sql.Tx).StmtContext reuses them on the transaction's
	// connection without preparing again.
	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt

	// writeMu serialises this process's write transactions. SQLite allows
	// one writer at a time; without it, goroutines writing at once would
	// wait for each other in the busy handler, which polls with sleeps of
	// up to 100 ms. Other processes are still waited for that way.
	writeMu sync.Mutex
	// waiting counts the writes waiting for writeMu; background writes
	// (indexing for search) let them all go first (lockWrite).
	waiting atomic.Int32

	// now returns the current time; tests replace it.
	now func() time.Time
	// extract, match and reanchor are annotate.ExtractQuotes,
	// annotate.MatchQuotes and annotate.Reanchor; tests replace them to check
	// the store independently of the engine.
	extract  func(title, body string) []annotate.Quote
	match    func([]annotate.Quote) []annotate.Group
	reanchor func(oldBody, newBody string, a annotate.Annotation) annotate.Annotation
	// hook, when set, is called at named steps inside write transactions; a
	// non-nil error aborts the transaction. Tests use it to inject failures.
	hook func(step string) error

	// syndication remembers the near-copy clusters of stories' bodies
	// (FactSheetInput).
	syndication *syndicationCache
}

// Open opens the store at path, creating it and its parent folders when it
// does not exist, and migrates it to the schema this build knows. Before
// migrating an existing store it keeps a copy under <dir>/backups.
//
// A file that is not a Factdesk store gives an error wrapping ErrNotDatabase,
// a damaged one ErrCorrupt, and one written by a newer Factdesk ErrTooNew; in
// each case the file is not modified.
func Open(ctx context.Context, path string) (*Store, error) {
	return open(ctx, path, openOptions{})
}

// openOptions adjusts Open for tests.
type openOptions struct {
	// maxVersion stops migrating at this schema version when > 0.
	maxVersion int
	// busyTimeout replaces the default busy timeout when > 0.
	busyTimeout time.Duration
}

func open(ctx context.Context, path string, opt openOptions) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	migs, err := loadMigrations(migrationFS)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", abs, err)
	}
	if opt.maxVersion > 0 && opt.maxVersion < len(migs) {
		migs = migs[:opt.maxVersion]
	}
	known := len(migs)

	existing, err := checkExisting(ctx, abs, known)
	if err != nil {
		return nil, err
	}
	if !existing {
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			return nil, fmt.Errorf("open store %s: %w", abs, err)
		}
	}

	timeout := busyTimeout
	if opt.busyTimeout > 0 {
		timeout = opt.busyTimeout
	}
	db := sql.OpenDB(connector{dsn: dsn(abs, false, timeout), drv: &sqlite3.SQLiteDriver{ConnectHook: writerPragmas}})
	s := &Store{db: db, path: abs, now: time.Now, stmts: map[string]*sql.Stmt{},
		extract: annotate.ExtractQuotes, match: annotate.MatchQuotes, reanchor: annotate.Reanchor,
		syndication: newSyndicationCache()}
	if err := s.migrate(ctx, migs); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", abs, mapError(err))
	}
	return s, nil
}

// dsn builds the driver's data source name. Every pooled connection gets the
// pragmas from it. A read-only DSN sets no pragma that could write.
func dsn(path string, readOnly bool, timeout time.Duration) string {
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath()}
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(timeout.Milliseconds()))
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Set("_foreign_keys", "on")
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "NORMAL")
		q.Set("_txlock", "immediate")
		q.Set("_stmt_cache_size", "64")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// connector opens the store's connections with a driver of its own, so
// that each runs writerPragmas (the DSN cannot set them) without a driver
// registered under a global name.
type connector struct {
	dsn string
	drv *sqlite3.SQLiteDriver
}

// Connect opens a connection.
func (c connector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }

// Driver is the connector's driver.
func (c connector) Driver() driver.Driver { return c.drv }

// walCheckpointPages is the size of the write-ahead log, in pages, past which
// a commit copies it into the database file (SQLite's default is 1,000).
// An import commits once per file; a longer log checkpoints (and syncs)
// less often and writes a page changed by many commits to the database
// once, which makes large imports about a tenth faster (docs/BENCHMARKS.md)
// for a log of up to 32 MB.
const walCheckpointPages = 8192

// writerPragmas sets up each connection of a store opened for writing, with
// what the DSN cannot set.
func writerPragmas(c *sqlite3.SQLiteConn) error {
	_, err := c.Exec(fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", walCheckpointPages), nil)
	return err
}

// Close closes the store.
func (s *Store) Close() error {
	s.stmtMu.Lock()
	for q, st := range s.stmts {
		st.Close()
		delete(s.stmts, q)
	}
	s.stmtMu.Unlock()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", s.path, err)
	}
	return nil
}

// Path is the absolute path of the store file.
func (s *Store) Path() string { return s.path }

// SchemaVersion is the version of the newest migration applied to the store.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	v, err := schemaVersion(ctx, s.db)
	if err != nil {
		return 0, fmt.Errorf("schema version: %w", mapError(err))
	}
	return v, nil
}

// Revision is a counter bumped by every committed write, by this process or
// any other. A window polls it to notice changes made elsewhere.
func (s *Store) Revision(ctx context.Context) (int64, error) {
	var rev int64
	if err := s.db.QueryRowContext(ctx, `SELECT revision FROM meta WHERE id = 1`).Scan(&rev); err != nil {
		return 0, fmt.Errorf("revision: %w", mapError(err))
	}
	return rev, nil
}

// IsEmpty reports whether the store holds no article.
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	var any bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles)`).Scan(&any); err != nil {
		return false, fmt.Errorf("is empty: %w", mapError(err))
	}
	return !any, nil
}

// errNoChange, returned by a withTx function, rolls the transaction back and
// makes withTx return nil: the write turned out to have nothing to do.
var errNoChange = errors.New("no change")

// withTx runs fn in a write transaction, bumps the revision and commits. When
// the store is locked by another connection it retries fn in a fresh
// transaction with backoff, so fn must not keep state between calls. After
// the last retry it returns an error wrapping ErrLocked.
//
// ctx is checked before each attempt; once begun, a transaction runs to its
// commit or rollback, and fn gets a context that is never cancelled, to use
// for its statements. Transactions are short, and a cancellable context
// costs the driver a goroutine and a thread hand-off per statement (a
// third of the time of an import; docs/BENCHMARKS.md).
func (s *Store) withTx(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	return s.retryTx(ctx, true, fn)
}

// withBackgroundTx is withTx for background work no reader has to notice,
// such as the search index catching up with stored articles: it leaves the
// revision as it is, so open windows do not reload for it, and it lets
// every other write of the process go first, so an editor's save or a
// story's new quote groups never wait behind it.
func (s *Store) withBackgroundTx(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	return s.retryTx(ctx, false, fn)
}

// retryTx runs tryTx, again while the store is busy; see withTx. A
// transaction that does not bump the revision is a background one.
func (s *Store) retryTx(ctx context.Context, bump bool, fn func(ctx context.Context, tx *sql.Tx) error) error {
	var err error
	for attempt := 0; ; attempt++ {
		err = s.tryTx(ctx, bump, fn)
		if errors.Is(err, errNoChange) {
			return nil
		}
		if err == nil || !isBusy(err) {
			return mapError(err)
		}
		if attempt == writeRetries {
			break
		}
		wait := retryBackoff << attempt
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
	return fmt.Errorf("%w (gave up after %d attempts; close other Factdesk windows or scripts using %s and try again): %v",
		ErrLocked, writeRetries+1, s.path, err)
}

func (s *Store) tryTx(ctx context.Context, bump bool, fn func(ctx context.Context, tx *sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ctx = context.WithoutCancel(ctx)
	s.lockWrite(!bump)
	defer s.writeMu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(ctx, tx); err != nil {
		return err
	}
	if bump {
		if _, err := tx.ExecContext(ctx, `UPDATE meta SET revision = revision + 1 WHERE id = 1`); err != nil {
			return fmt.Errorf("bump revision: %w", err)
		}
	}
	if err := s.step("commit"); err != nil {
		return err
	}
	return tx.Commit()
}

// lockWrite takes writeMu for a write transaction. A background write
// takes it only while no other write waits for it, and gives way to one
// that arrives as it takes it: run beside a match of many stories, the
// search index used to take the lock back after each of its transactions
// while the matchers' writes queued behind it, one per transaction.
func (s *Store) lockWrite(background bool) {
	if !background {
		s.waiting.Add(1)
		s.writeMu.Lock()
		s.waiting.Add(-1)
		return
	}
	for {
		for s.waiting.Load() > 0 {
			time.Sleep(time.Millisecond)
		}
		s.writeMu.Lock()
		if s.waiting.Load() == 0 {
			return
		}
		s.writeMu.Unlock()
	}
}

// txStmt returns query prepared for tx. The statement is prepared once per
// Store and reused by every transaction; the returned one is closed with tx.
func (s *Store) txStmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	st, ok := s.stmts[query]
	if !ok {
		var err error
		if st, err = s.db.PrepareContext(ctx, query); err != nil {
			s.stmtMu.Unlock()
			return nil, err
		}
		s.stmts[query] = st
	}
	s.stmtMu.Unlock()
	return tx.StmtContext(ctx, st), nil
}

// step calls the test hook, if any.
func (s *Store) step(name string) error {
	if s.hook == nil {
		return nil
	}
	return s.hook(name)
}

// isBusy reports whether err is SQLite saying the file or a table is locked.
func isBusy(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked
	}
	return false
}

// mapError turns driver errors that have a sentinel into errors wrapping it,
// keeping the driver's message.
func mapError(err error) error {
	var se sqlite3.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrNotADB:
		return fmt.Errorf("%w: %v", ErrNotDatabase, err)
	case sqlite3.ErrCorrupt:
		return fmt.Errorf("%w: %v; restore a backup", ErrCorrupt, err)
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return fmt.Errorf("%w: %v", ErrLocked, err)
	}
	return err
}

// isConstraint reports whether err is a constraint violation (unique key,
// foreign key or CHECK).
func isConstraint(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrConstraint
}

// formatTime and parseTime convert timestamps to and from their stored form.
func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// nowUTC is the current time at the precision it is stored with.
func (s *Store) nowUTC() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// execOne runs a statement that must change at least one row, and returns
// ErrNotFound when it changed none (the row named does not exist).
func execOne(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return ErrNotFound
	}
	return nil
}

// queryer runs queries: the pool (*sql.DB) or a transaction (*sql.Tx).
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryColumn runs a query that selects one column and returns its values
// in the order the query gives them.
func queryColumn[T any](ctx context.Context, q queryer, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
