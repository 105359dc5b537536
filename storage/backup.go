package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// BackupDir is the folder, next to the store, that holds the copies kept
// before migrations and restores.
const BackupDir = "backups"

// Backup writes a consistent copy of the store to dest with VACUUM INTO,
// while other connections keep working. The copy appears at dest only once
// it is complete; an existing file at dest is replaced.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if err := vacuumInto(ctx, s.db, dest); err != nil {
		return fmt.Errorf("backup %s to %s: %w", s.path, dest, err)
	}
	return nil
}

// RollingBackup keeps at most one backup a day in dir, named
// <store>.daily.<YYYY-MM-DD>.db, and deletes all but the newest keep of them
// (at least one is kept). It returns the path of today's backup, which it
// writes only if it does not exist yet.
func (s *Store) RollingBackup(ctx context.Context, dir string, keep int) (string, error) {
	prefix := storeName(s.path) + ".daily."
	dest := filepath.Join(dir, prefix+s.now().Format(time.DateOnly)+".db")
	if _, err := os.Stat(dest); errors.Is(err, fs.ErrNotExist) {
		if err := s.Backup(ctx, dest); err != nil {
			return "", err
		}
	} else if err != nil {
		return "", fmt.Errorf("rolling backup: %w", err)
	}

	// The date is the whole rest of the name; dates sort as text.
	if err := keepNewest(dir, prefix, keep, func(rest string) string { return rest }); err != nil {
		return "", fmt.Errorf("rolling backup: %w", err)
	}
	return dest, nil
}

// MigrationBackupKeep is how many of the copies kept before migrations
// (backupBeforeMigration) stay in the backups folder: each is a whole store,
// and one is made at every upgrade that changes the schema.
const MigrationBackupKeep = 3

// keepNewest deletes the files of dir named prefix+rest+".db" but for the
// keep newest (at least one), newest by the text key(rest), which must sort
// as the files' ages do.
func keepNewest(dir, prefix string, keep int, key func(rest string) string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	type file struct{ name, key string }
	var files []file
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasPrefix(n, prefix) || !strings.HasSuffix(n, ".db") {
			continue
		}
		files = append(files, file{n, key(strings.TrimSuffix(strings.TrimPrefix(n, prefix), ".db"))})
	}
	sort.Slice(files, func(i, j int) bool {
		if files[i].key != files[j].key {
			return files[i].key < files[j].key
		}
		return files[i].name < files[j].name
	})
	for len(files) > max(keep, 1) {
		if err := os.Remove(filepath.Join(dir, files[0].name)); err != nil {
			return fmt.Errorf("remove old backup: %w", err)
		}
		files = files[1:]
	}
	return nil
}

// backupBeforeMigration keeps a copy of the store, as it is, in
// <dir>/backups/<name>.pre-v<N>.<timestamp>.db, N being the schema version
// about to be reached, and deletes all but the newest MigrationBackupKeep
// such copies of the store (other stores' copies and daily backups are left
// alone).
func (s *Store) backupBeforeMigration(ctx context.Context, target int) (string, error) {
	dir := filepath.Join(filepath.Dir(s.path), BackupDir)
	prefix := storeName(s.path) + ".pre-v"
	dest := filepath.Join(dir, fmt.Sprintf("%s%d.%s.db", prefix, target, s.now().UTC().Format("20060102T150405Z")))
	if err := s.Backup(ctx, dest); err != nil {
		return "", err
	}
	// Older copies go, newest by timestamp (the rest of a name is
	// <N>.<timestamp>, and timestamps sort as text). A copy that cannot be
	// deleted now is tried again at the next migration: no reason to refuse
	// to open the store.
	stamp := func(rest string) string { _, ts, _ := strings.Cut(rest, "."); return ts }
	_ = keepNewest(dir, prefix, MigrationBackupKeep, stamp)
	return dest, nil
}

// Restore replaces the store at storePath with the backup. It first checks
// the backup is a sound SQLite database (PRAGMA integrity_check), keeps a copy
// of the store it replaces in <dir>/backups, and swaps the file in atomically,
// removing the old store's -wal and -shm files so that they cannot be replayed
// over the restored one. No program may have the store open meanwhile.
func Restore(ctx context.Context, backup, storePath string) error {
	if err := restore(ctx, backup, storePath); err != nil {
		return fmt.Errorf("restore %s from %s: %w", storePath, backup, err)
	}
	return nil
}

func restore(ctx context.Context, backup, storePath string) error {
	fi, err := os.Stat(backup)
	if err != nil {
		return err
	}
	if fi.IsDir() || fi.Size() == 0 {
		return fmt.Errorf("%w: the backup is empty or a folder", ErrNotDatabase)
	}
	if err := checkHeader(backup); err != nil {
		return err
	}
	src, err := sql.Open("sqlite3", dsn(backup, true, busyTimeout))
	if err != nil {
		return err
	}
	defer src.Close()
	if err := quickCheck(ctx, src, "integrity_check"); err != nil {
		return err
	}
	var migrated bool
	if err := src.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations')`).Scan(&migrated); err != nil {
		return mapError(err)
	}
	if !migrated {
		return fmt.Errorf("%w: the backup is an SQLite database of another program", ErrNotDatabase)
	}

	dir := filepath.Dir(storePath)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Copy through SQLite rather than byte by byte, so a backup that is
	// itself a live WAL store is copied with its committed changes.
	tmp := filepath.Join(dir, "."+filepath.Base(storePath)+".restore.tmp")
	os.Remove(tmp)
	if _, err := src.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("copy backup: %w", mapError(err))
	}
	defer os.Remove(tmp)
	if err := syncFile(tmp); err != nil {
		return err
	}
	if err := keepReplaced(ctx, storePath); err != nil {
		return fmt.Errorf("keep a copy of the current store: %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(storePath + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(tmp, storePath); err != nil {
		return err
	}
	return syncDir(dir)
}

// keepReplaced copies the store about to be replaced by a restore into the
// backups folder: through SQLite when it is sound, byte for byte otherwise.
func keepReplaced(ctx context.Context, storePath string) error {
	fi, err := os.Stat(storePath)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && fi.Size() == 0) {
		return nil
	}
	if err != nil {
		return err
	}
	dest := filepath.Join(filepath.Dir(storePath), BackupDir,
		fmt.Sprintf("%s.pre-restore.%s.db", storeName(storePath), time.Now().UTC().Format("20060102T150405.000Z")))
	if err := checkHeader(storePath); err == nil {
		db, err := sql.Open("sqlite3", dsn(storePath, true, busyTimeout))
		if err == nil {
			err = vacuumInto(ctx, db, dest)
			db.Close()
			if err == nil {
				return nil
			}
		}
	}
	return copyFile(storePath, dest)
}

// vacuumInto writes a compacted copy of db to dest through a temporary file
// in the same folder, renamed into place once complete.
func vacuumInto(ctx context.Context, db *sql.DB, dest string) error {
	dir := filepath.Dir(dest)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(dir, "."+filepath.Base(dest)+".tmp")
	os.Remove(tmp) // left over from an interrupted backup; VACUUM INTO refuses existing files
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return mapError(err)
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(dir)
}

func copyFile(src, dest string) error {
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable. Not every platform can sync a
// folder; failing to is not an error.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	d.Sync()
	return d.Close()
}

// storeName is the store's file name without its extension, the stem of its
// backups' names.
func storeName(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}
