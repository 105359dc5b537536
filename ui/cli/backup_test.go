package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"factdesk/storage"
)

// storeWith imports the given header-format texts into a new store and
// returns its path.
func storeWith(t *testing.T, texts ...string) string {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "desk", "factdesk.db")
	for i, text := range texts {
		p := write(t, filepath.Join(dir, "src"), "a"+strconv.Itoa(i)+".txt", text)
		if code, _, errs := run(t, db, "import", p); code != 0 {
			t.Fatalf("import: exit %d: %s", code, errs)
		}
	}
	return db
}

func articleCount(t *testing.T, db string) int {
	t.Helper()
	code, out, errs := run(t, db, "articles", "--json")
	if code != 0 {
		t.Fatalf("articles --db %s: exit %d: %s", db, code, errs)
	}
	return len(decode[[]article](t, out))
}

func TestBackupAndRestore(t *testing.T) {
	db := storeWith(t, harbourWire)

	// Default: today's rolling backup in the backups folder, path printed.
	code, out, errs := run(t, db, "backup")
	if code != 0 {
		t.Fatalf("backup: exit %d: %s", code, errs)
	}
	daily := strings.TrimSpace(out)
	if filepath.Dir(daily) != filepath.Join(filepath.Dir(db), storage.BackupDir) || !strings.Contains(filepath.Base(daily), "factdesk.daily.") {
		t.Fatalf("backup printed %q, want a daily backup next to the store", daily)
	}
	if n := articleCount(t, daily); n != 1 {
		t.Fatalf("daily backup holds %d articles, want 1", n)
	}

	// -o FILE: a copy where asked.
	copyPath := filepath.Join(t.TempDir(), "copies", "before-daily.db")
	code, out, errs = run(t, db, "backup", "-o", copyPath)
	if code != 0 || strings.TrimSpace(out) != copyPath {
		t.Fatalf("backup -o: exit %d, printed %q: %s", code, out, errs)
	}

	// Changes after the backup...
	src := write(t, t.TempDir(), "daily.txt", harbourDaily)
	if code, _, errs := run(t, db, "import", src); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	if n := articleCount(t, db); n != 2 {
		t.Fatalf("store holds %d articles, want 2", n)
	}
	// ...are undone by a restore, and the replaced store is kept.
	code, out, errs = run(t, db, "restore", copyPath)
	if code != 0 {
		t.Fatalf("restore: exit %d: %s", code, errs)
	}
	if n := articleCount(t, db); n != 1 {
		t.Errorf("after restore the store holds %d articles, want 1", n)
	}
	var kept string
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "the store it replaced is kept as "); ok {
			kept = rest
		}
	}
	if kept == "" {
		t.Fatalf("restore does not say where the replaced store is kept:\n%s", out)
	}
	if n := articleCount(t, kept); n != 2 {
		t.Errorf("the kept copy holds %d articles, want 2", n)
	}

	// A later backup of the same day replaces the morning's with the store
	// as it is now.
	if code, _, errs := run(t, db, "import", src); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	if code, out, _ = run(t, db, "backup"); code != 0 || strings.TrimSpace(out) != daily {
		t.Fatalf("second backup: exit %d, %q; want %q", code, out, daily)
	}
	if n := articleCount(t, daily); n != 2 {
		t.Errorf("refreshed daily backup holds %d articles, want 2", n)
	}
}

func TestBackupRefuses(t *testing.T) {
	db := storeWith(t, harbourWire)
	dir := t.TempDir()
	notes := write(t, dir, "notes.db", "my own notes, not a backup\n")
	missing := filepath.Join(dir, "typo.db")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"over the store", []string{"backup", "--db", db, "-o", db}, "is the store itself"},
		{"over its log", []string{"backup", "--db", db, "-o", db + "-wal"}, "is the store itself"},
		{"into a folder", []string{"backup", "--db", db, "-o", dir}, "is a folder"},
		{"over another file", []string{"backup", "--db", db, "-o", notes}, "not a backup"},
		{"no store", []string{"backup", "--db", missing}, "no file at " + missing},
		{"not a store", []string{"backup", "--db", notes}, "not a Factdesk store"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := readAll(t, db, notes)
			code, _, errs := run(t, "", tc.args...)
			if code != 1 || !strings.Contains(errs, tc.want) {
				t.Fatalf("exit %d, stderr %q; want exit 1 and %q", code, errs, tc.want)
			}
			if !bytes.Equal(before, readAll(t, db, notes)) {
				t.Error("a refused backup changed the store or the file")
			}
			if _, err := os.Stat(missing); err == nil {
				t.Error("backup of a missing store created one")
			}
		})
	}
}

func TestRestoreRefuses(t *testing.T) {
	db := storeWith(t, harbourWire)
	dir := t.TempDir()
	notes := write(t, dir, "notes.db", "my own notes, not a backup\n")
	good := filepath.Join(dir, "good.db")
	if code, _, errs := run(t, db, "backup", "-o", good); code != 0 {
		t.Fatal(errs)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(dir, "damaged.db")
	data = bytes.Clone(data)
	for i := 4096; i < len(data) && i < 3*4096; i++ {
		data[i] = 0xA5
	}
	if err := os.WriteFile(damaged, data, 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		backup string
		want   []string
	}{
		{"text file", notes, []string{notes + " is not a Factdesk backup", "the store " + db + " was not changed"}},
		{"damaged backup", damaged, []string{damaged + " is damaged", "the store " + db + " was not changed", "older backup"}},
		{"missing backup", filepath.Join(dir, "nope.db"), []string{"no file at"}},
		{"the store itself", db, []string{"is the store itself"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := readAll(t, db)
			code, _, errs := run(t, db, "restore", tc.backup)
			if code != 1 {
				t.Fatalf("exit %d, want 1; stderr %q", code, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr %q does not say %q", errs, w)
				}
			}
			if strings.Count(errs, "\n") != 1 {
				t.Errorf("message is not one line: %q", errs)
			}
			if !bytes.Equal(before, readAll(t, db)) {
				t.Error("a refused restore changed the store")
			}
		})
	}

	// While the store is open elsewhere (the app, a script), restoring would
	// lose that program's writes: refused.
	st, err := storage.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, db, "restore", good)
	st.Close()
	if code != 1 || !strings.Contains(errs, "is open in Factdesk or another program") {
		t.Errorf("restore of an open store: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := run(t, db, "restore", good); code != 0 {
		t.Errorf("restore once closed: exit %d, %s", code, errs)
	}
}

// A file given as the store that is not one gets a message a person can act
// on, and is never written to, by any command.
func TestNotAStoreMessage(t *testing.T) {
	dir := t.TempDir()
	notes := write(t, dir, "notes.db", "these are my notes, not a database\n")
	before := readAll(t, notes)
	for _, args := range [][]string{{"backup"}, {"articles"}, {"annotations"}, {"search", "x"}} {
		code, _, errs := run(t, notes, args...)
		msg := strings.TrimSpace(errs)
		t.Logf("%s: %s", args[0], msg)
		if code != 1 || !strings.HasPrefix(msg, "factdesk: open store "+notes+": not a Factdesk store: ") ||
			!strings.Contains(msg, "left untouched") {
			t.Errorf("%s: exit %d, message %q", args[0], code, msg)
		}
		if !bytes.Equal(before, readAll(t, notes)) {
			t.Fatalf("%s wrote to a file that is not a store", args[0])
		}
	}
}

// readAll concatenates the files at paths, treating a missing one as empty.
func readAll(t *testing.T, paths ...string) []byte {
	t.Helper()
	var all []byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}
