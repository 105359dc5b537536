package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

// DefaultBackupKeep is how many daily backups DailyBackup and BackupNow keep.
const DefaultBackupKeep = 7

// BackupFolder is the folder next to the store that holds its backups:
// daily ones, and the copies kept before migrations and restores.
func (s *Store) BackupFolder() string {
	return filepath.Join(filepath.Dir(s.path), BackupDir)
}

// DailyBackup writes today's rolling backup into BackupFolder unless it
// exists already, and keeps the newest DefaultBackupKeep. The desktop app
// calls it once at start, in the background: it reads every page of the
// store, so it also reports (with ErrCorrupt) damage that Open, which runs a
// full check only after an unclean shutdown, did not look for.
func (s *Store) DailyBackup(ctx context.Context) (string, error) {
	return s.RollingBackup(ctx, s.BackupFolder(), DefaultBackupKeep)
}

// BackupNow writes today's rolling backup with the store as it is now,
// replacing one written earlier the same day, and keeps the newest
// DefaultBackupKeep. It returns the backup's path.
func (s *Store) BackupNow(ctx context.Context) (string, error) {
	// Named as RollingBackup names it, which then prunes.
	dir := s.BackupFolder()
	dest := filepath.Join(dir, storeName(s.path)+".daily."+s.now().Format(time.DateOnly)+".db")
	if err := s.Backup(ctx, dest); err != nil {
		return "", err
	}
	return s.RollingBackup(ctx, dir, DefaultBackupKeep)
}

// InUse reports whether any connection, in this process or another, has the
// SQLite store at path open. Restore must not replace a store in use: the
// program using it would go on writing to the replaced file. A missing file,
// or one that is not an SQLite database, is not in use.
//
// The probe takes an exclusive lock for an instant; in WAL mode every open
// connection holds a shared lock on the file for as long as it is open, so
// the probe fails exactly when someone has the store open.
func InUse(ctx context.Context, path string) (bool, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("check whether %s is in use: %w", path, err)
	}
	if fi.IsDir() || fi.Size() == 0 || checkHeader(path) != nil {
		return false, nil
	}
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath()}
	u.RawQuery = url.Values{"_busy_timeout": {"0"}, "_locking_mode": {"EXCLUSIVE"}}.Encode()
	db, err := sql.Open("sqlite3", u.String())
	if err != nil {
		return false, fmt.Errorf("check whether %s is in use: %w", path, err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		if isBusy(err) {
			return true, nil
		}
		return false, nil // a damaged file: nobody can be using it successfully
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN EXCLUSIVE`); err != nil {
		if isBusy(err) {
			return true, nil
		}
		return false, nil
	}
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		return false, fmt.Errorf("check whether %s is in use: %w", path, err)
	}
	return false, nil
}
