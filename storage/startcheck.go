package storage

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
)

// Opening a store checks it in proportion to the risk, so that a store that
// was closed cleanly opens in milliseconds whatever its size:
//
//   - Always: the SQLite header; that the file is as long as its header says
//     (a partial copy from a shared drive is caught here); the schema; the
//     root page of every table; and PRAGMA quick_check of the tables that
//     hold the editors' own work and the catalogue (annotations, tags,
//     facts, corrections, stories, outlets, articles), which stay small
//     while article text, quotes and the search index grow.
//   - After an unclean shutdown (a crash, a kill, a power cut, or another
//     program that has the store open right now): PRAGMA quick_check of the
//     whole file (about 1.7 s for a 183 MB store).
//
// SQLite in WAL mode removes the -wal file when the last connection closes,
// so a -wal (or rollback -journal) file next to the store at open means the
// last session did not end cleanly or another one is still running; no write
// is needed to keep a marker. Damage done from outside to the bulk of a
// cleanly closed file is reported as ErrCorrupt on first access to the
// damaged page, by Check, and by the daily backup, which reads every page.

// smallTables are checked page by page at every open: the editors' work and
// the catalogue. Tables a store does not have (an older schema) are skipped.
var smallTables = []string{"schema_migrations", "meta", "stories", "outlets", "articles",
	"annotations", "tags", "annotation_tags", "facts", "fact_links", "quote_corrections"}

// fullCheck runs PRAGMA quick_check over the whole database.
func fullCheck(ctx context.Context, db *sql.DB) error {
	return quickCheck(ctx, db, "quick_check")
}

// cheapCheck reads the schema and the root page of every table, and runs
// PRAGMA quick_check on smallTables; see above.
func cheapCheck(ctx context.Context, db *sql.DB) error {
	tables, err := queryColumn[string](ctx, db, `SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0`)
	if err != nil {
		return checkFailed(err)
	}
	for _, name := range tables {
		var one int
		err := db.QueryRowContext(ctx, `SELECT 1 FROM "`+strings.ReplaceAll(name, `"`, `""`)+`" LIMIT 1`).Scan(&one)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return checkFailed(err)
		}
	}
	for _, name := range smallTables {
		if slices.Contains(tables, name) {
			if err := quickCheck(ctx, db, "quick_check('"+name+"')"); err != nil {
				return err
			}
		}
	}
	return nil
}

// uncleanShutdown reports whether the store at path may not have been closed
// cleanly: its write-ahead log or rollback journal is still there.
func uncleanShutdown(path string) bool {
	for _, suffix := range []string{"-wal", "-journal"} {
		if _, err := os.Lstat(path + suffix); !errors.Is(err, fs.ErrNotExist) {
			return true
		}
	}
	return false
}

// Offsets of header fields in an SQLite database file
// (https://sqlite.org/fileformat2.html#the_database_header).
const (
	hdrPageSize      = 16 // 2 bytes; 1 means 65536
	hdrChangeCounter = 24 // 4 bytes
	hdrPageCount     = 28 // 4 bytes: the in-header database size
	hdrValidFor      = 92 // 4 bytes: change counter the size is valid for
	hdrLen           = 100
)

// checkLength fails with ErrCorrupt when the file at path is shorter than
// its header says, as a copy that was cut off is. It must only be called
// when no write-ahead log holds newer pages (see uncleanShutdown).
func checkLength(path string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := make([]byte, hdrLen)
	if _, err := io.ReadFull(f, h); err != nil {
		return fmt.Errorf("%w: the file ends inside its header (%d bytes); it was left untouched, restore a backup", ErrCorrupt, size)
	}
	pageSize := int64(binary.BigEndian.Uint16(h[hdrPageSize:]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(h[hdrPageCount:]))
	valid := binary.BigEndian.Uint32(h[hdrChangeCounter:]) == binary.BigEndian.Uint32(h[hdrValidFor:])
	if !valid || pages == 0 || pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return nil // the header does not vouch for a size; SQLite derives it from the file
	}
	if want := pages * pageSize; size < want {
		return fmt.Errorf("%w: the file is shorter than its header says (%d of %d bytes; an interrupted copy?); it was left untouched, restore a backup",
			ErrCorrupt, size, want)
	}
	return nil
}

// Check runs PRAGMA quick_check on the store, reading every page, and
// returns an error wrapping ErrCorrupt if it finds damage. It takes about a
// second per 100 MB and does not block writers; Open runs it only after an
// unclean shutdown, so a window may run it in the background after start.
func (s *Store) Check(ctx context.Context) error {
	if err := quickCheck(ctx, s.db, "quick_check"); err != nil {
		return fmt.Errorf("check store %s: %w", s.path, err)
	}
	return nil
}

// fileKind names what a path that is not a regular file is, for messages.
func fileKind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "named pipe"
	case mode&fs.ModeSocket != 0:
		return "socket"
	case mode&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}
