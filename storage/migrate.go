package storage

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// migrationFS holds the schema migrations, applied in order of their number:
// 0001_init.sql, 0002_search.sql, ... A migration, once released, is never
// edited; changes go in a new file.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one embedded schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads migrations/NNNN_name.sql from fsys and checks they are
// numbered 1, 2, 3... without gaps.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	migs := make([]migration, 0, len(names))
	for i, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v != i+1 {
			return nil, fmt.Errorf("migration %s: want a name starting %04d_", base, i+1)
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", base, err)
		}
		migs = append(migs, migration{version: v, name: strings.TrimSuffix(base, ".sql"), sql: string(body)})
	}
	return migs, nil
}

// sqliteHeader opens every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// checkExisting looks at the file at path, if any, without changing it
// (except for SQLite's own recovery after a crash; see recoverStore). It
// reports whether a store exists there, and refuses files that are not
// SQLite, SQLite databases that are not Factdesk stores, damaged stores, and
// stores with a schema newer than known.
func checkExisting(ctx context.Context, path string, known int) (bool, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("open store %s: %w", path, err)
	case fi.IsDir():
		return false, fmt.Errorf("open store %s: %w: it is a folder", path, ErrNotDatabase)
	case !fi.Mode().IsRegular():
		return false, fmt.Errorf("open store %s: %w: it is a %s, not a file; it was left untouched", path, ErrNotDatabase, fileKind(fi.Mode()))
	case fi.Size() == 0:
		// SQLite treats an empty file as an empty database.
		return false, nil
	}
	if err := checkHeader(path); err != nil {
		return false, fmt.Errorf("open store %s: %w", path, err)
	}
	// A full check only after an unclean shutdown; see startcheck.go.
	unclean := uncleanShutdown(path)
	if !unclean {
		if err := checkLength(path, fi.Size()); err != nil {
			return false, fmt.Errorf("open store %s: %w", path, err)
		}
	}
	exists, err := inspectStore(ctx, path, unclean, known)
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrReadonly {
		// A crash left SQLite recovery to do that a read-only connection
		// cannot: typically a hot rollback journal from a store killed
		// while it was being created. Let SQLite recover, and look again.
		if err := recoverStore(ctx, path); err != nil {
			return false, fmt.Errorf("open store %s: recover after a crash: %w", path, err)
		}
		exists, err = inspectStore(ctx, path, true, known)
	}
	return exists, err
}

// recoverStore opens the database at path read-write, with no setting that
// writes, and reads its schema, which makes SQLite roll back a hot journal
// or recover its write-ahead log.
func recoverStore(ctx context.Context, path string) error {
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath()}
	u.RawQuery = url.Values{"_busy_timeout": {fmt.Sprint(busyTimeout.Milliseconds())}}.Encode()
	db, err := sql.Open("sqlite3", u.String())
	if err != nil {
		return err
	}
	defer db.Close()
	var n int
	return db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&n)
}

// inspectStore is checkExisting's look into the database at path, through
// a read-only connection: a quick check (full when unclean), then whether
// it is a Factdesk store and of which schema.
func inspectStore(ctx context.Context, path string, unclean bool, known int) (bool, error) {
	db, err := sql.Open("sqlite3", dsn(path, true, busyTimeout))
	if err != nil {
		return false, fmt.Errorf("open store %s: %w", path, err)
	}
	defer db.Close()
	check := cheapCheck
	if unclean {
		check = fullCheck
	}
	if err := check(ctx, db); err != nil {
		return false, fmt.Errorf("open store %s: %w", path, err)
	}
	var migrated, tables int
	err = db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'),
		(SELECT count(*) FROM sqlite_schema WHERE type = 'table')`).Scan(&migrated, &tables)
	if err != nil {
		return false, fmt.Errorf("open store %s: %w", path, checkFailed(err))
	}
	if migrated == 0 {
		if tables > 0 {
			return false, fmt.Errorf("open store %s: %w: it is an SQLite database of another program; it was left untouched", path, ErrNotDatabase)
		}
		return true, nil
	}
	v, err := schemaVersion(ctx, db)
	if err != nil {
		return false, fmt.Errorf("open store %s: %w", path, checkFailed(err))
	}
	if v > known {
		return false, fmt.Errorf("open store %s: %w (schema %d, this build knows %d); update Factdesk to open it", path, ErrTooNew, v, known)
	}
	return true, nil
}

// checkHeader fails unless the file at path starts with the SQLite header.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, []byte(sqliteHeader)) {
		return fmt.Errorf("%w: the file is not an SQLite database; it was left untouched", ErrNotDatabase)
	}
	return nil
}

// quickCheck runs PRAGMA quick_check or integrity_check and turns any
// problem it reports into an error wrapping ErrCorrupt or ErrNotDatabase.
func quickCheck(ctx context.Context, db *sql.DB, pragma string) error {
	rows, err := db.QueryContext(ctx, "PRAGMA "+pragma)
	if err != nil {
		return checkFailed(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return checkFailed(err)
		}
		if line != "ok" && len(problems) < 5 {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return checkFailed(err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s found: %s; it was left untouched, restore a backup", ErrCorrupt, pragma, strings.Join(problems, "; "))
	}
	return nil
}

func checkFailed(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB:
			return fmt.Errorf("%w: %v; it was left untouched, restore a backup", ErrNotDatabase, err)
		case sqlite3.ErrCorrupt:
			return fmt.Errorf("%w: %v; it was left untouched, restore a backup", ErrCorrupt, err)
		}
	}
	return mapError(err)
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// schemaVersion is the highest applied migration, 0 for a new store.
func schemaVersion(ctx context.Context, q querier) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// migrate applies the migrations the store lacks, each in its own
// transaction, after keeping a copy of a store that already holds data.
func (s *Store) migrate(ctx context.Context, migs []migration) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	v, err := schemaVersion(ctx, s.db)
	if err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	if v > len(migs) {
		return fmt.Errorf("%w (schema %d, this build knows %d); update Factdesk to open it", ErrTooNew, v, len(migs))
	}
	if v == len(migs) {
		return nil
	}
	if v > 0 {
		if _, err := s.backupBeforeMigration(ctx, len(migs)); err != nil {
			return fmt.Errorf("keep a copy before migrating: %w", err)
		}
	}
	for _, m := range migs[v:] {
		if err := s.apply(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// apply runs one migration in its own transaction. Another process may have
// applied it meanwhile: the IMMEDIATE transaction serialises them and the
// version is checked again inside it.
func (s *Store) apply(ctx context.Context, m migration) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	v, err := schemaVersion(ctx, tx)
	if err != nil {
		return err
	}
	if v >= m.version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, formatTime(s.now())); err != nil {
		return err
	}
	return tx.Commit()
}
