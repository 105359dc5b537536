package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"factdesk/storage"
)

// BackupCmd copies the store to a backup file.
type BackupCmd struct {
	Out string `short:"o" type:"path" placeholder:"FILE" help:"Write the backup to FILE (default: today's backup in the backups folder next to the store, keeping the newest 7)."`
}

// Run writes a consistent copy of the store, while other programs may keep
// using it, and prints the backup's path.
func (c *BackupCmd) Run(env *Env, g *Globals) error {
	p, err := g.StorePath()
	if err != nil {
		return err
	}
	if err := mustExist(p); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	st, err := storage.Open(env.Ctx, p)
	if err != nil {
		return err // names the store and says it was left untouched
	}
	defer st.Close()

	dest := c.Out
	if dest == "" {
		if dest, err = st.BackupNow(env.Ctx); err != nil {
			return err
		}
	} else {
		if err := checkBackupTarget(dest, st.Path()); err != nil {
			return fmt.Errorf("backup to %s: %w", dest, err)
		}
		if err := st.Backup(env.Ctx, dest); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintln(env.Stdout, dest)
	return err
}

// checkBackupTarget refuses to write a backup over the store itself, over
// a folder, or over a file that is not an SQLite database (an earlier backup
// may be replaced, anything else is the user's and is kept).
func checkBackupTarget(dest, store string) error {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if abs == store+suffix || same(dest, store+suffix) {
			return errors.New("it is the store itself or one of its files; give another file name")
		}
	}
	fi, err := os.Stat(dest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return errors.New("it is a folder; give a file name")
	}
	if !fi.Mode().IsRegular() || !isSQLite(dest) {
		return errors.New("the file exists and is not a backup; give another name or remove it")
	}
	return nil
}

// RestoreCmd replaces the store with a backup.
type RestoreCmd struct {
	Backup string `arg:"" name:"backup" type:"path" help:"Backup file to restore (see the backups folder next to the store)."`
}

// Run checks the backup, keeps a copy of the store it replaces in the
// backups folder, and swaps the backup in. It refuses while another program
// has the store open.
func (c *RestoreCmd) Run(env *Env, g *Globals) error {
	p, err := g.StorePath()
	if err != nil {
		return err
	}
	if p, err = filepath.Abs(p); err != nil {
		return err
	}
	if err := mustExist(c.Backup); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if same(c.Backup, p) {
		return fmt.Errorf("restore: %s is the store itself; give a backup file", c.Backup)
	}
	busy, err := storage.InUse(env.Ctx, p)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if busy {
		return fmt.Errorf("restore: %s is open in Factdesk or another program; close it and try again (the store was not changed)", p)
	}

	backups := filepath.Join(filepath.Dir(p), storage.BackupDir)
	before := listDir(backups)
	if err := storage.Restore(env.Ctx, c.Backup, p); err != nil {
		switch {
		case errors.Is(err, storage.ErrNotDatabase):
			return fmt.Errorf("restore: %s is not a Factdesk backup; the store %s was not changed", c.Backup, p)
		case errors.Is(err, storage.ErrCorrupt):
			return fmt.Errorf("restore: %s is damaged; the store %s was not changed (try an older backup from %s)", c.Backup, p, backups)
		}
		return fmt.Errorf("%w (the store was not replaced)", err)
	}
	fmt.Fprintf(env.Stdout, "restored %s from %s\n", p, c.Backup)
	for _, name := range listDir(backups) {
		if !slices.Contains(before, name) {
			fmt.Fprintf(env.Stdout, "the store it replaced is kept as %s\n", filepath.Join(backups, name))
		}
	}
	return nil
}

// mustExist fails with a short message when nothing is at path, so that a
// mistyped --db does not create an empty store to back up or restore over.
func mustExist(path string) error {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("no file at %s", path)
		}
		return err
	}
	return nil
}

// same reports whether a and b name the same existing file.
func same(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// isSQLite reports whether the file at path starts with the SQLite header.
func isSQLite(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16)
	_, err = io.ReadFull(f, head)
	return err == nil && bytes.Equal(head, []byte("SQLite format 3\x00"))
}

// listDir returns the names in dir, or none when it cannot be read.
func listDir(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
