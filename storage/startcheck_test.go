package storage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"factdesk/annotate"
	"factdesk/storage"
)

const pageSize = 4096

// bulkStore writes a cleanly closed store whose article bodies fill many
// pages, with one annotation whose note is marker, and returns its path and
// the text of one body.
func bulkStore(t *testing.T, marker string) (string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "factdesk.db")
	st, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	var body string
	var first storage.ImportResult
	for i := range 80 {
		// Short enough for a row to fit in its page: damage hits the b-tree.
		body = strings.Repeat(fmt.Sprintf("Paragraph %d of the long budget report, line after line. ", i), 12)
		res := mustImport(t, st, newDoc("Budget", "Valley Post", fmt.Sprintf("Budget report %d", i), "", body))
		if i == 0 {
			first = res
		}
	}
	if _, err := st.CreateAnnotation(context.Background(), annotate.Annotation{ArticleID: first.ArticleID,
		Span: annotate.Span{Start: 0, End: 9}, Kind: annotate.KindNote, Note: marker}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a clean close left the write-ahead log: %v", err)
	}
	return path, body
}

// damagePageHolding overwrites the page of data that holds needle and
// returns the damaged file's bytes.
func damagePageHolding(t *testing.T, path, needle string) []byte {
	t.Helper()
	data := readFile(t, path)
	i := bytes.LastIndex(data, []byte(needle))
	if i < pageSize {
		t.Fatalf("%q not found past the first page", needle)
	}
	page := i / pageSize * pageSize
	for j := page; j < page+pageSize; j++ {
		data[j] = 0xA5
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

// A store closed cleanly opens without reading every page: damage to
// article text is not looked for at open, but is reported as ErrCorrupt on
// first access, by Check and by the daily backup, and Open does not change
// the file. After an unclean shutdown (a -wal file is left) the full check
// runs and refuses the same file.
func TestOpenChecksBulkOnlyAfterUncleanShutdown(t *testing.T) {
	ctx := context.Background()
	path, body := bulkStore(t, "check the minutes")
	data := damagePageHolding(t, path, body[:100])

	st, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatalf("Open(store with a damaged text page, closed cleanly) = %v, want success", err)
	}
	// The first read that touches the damaged page says what is wrong.
	readErr := func() error {
		arts, err := st.Articles(ctx, storage.ArticleFilter{})
		if err != nil {
			return err
		}
		for _, a := range arts {
			if _, err := st.Article(ctx, a.ID); err != nil {
				return err
			}
		}
		return nil
	}()
	if !errors.Is(readErr, storage.ErrCorrupt) || !strings.Contains(readErr.Error(), "restore a backup") {
		t.Errorf("reading every article: error %v, want ErrCorrupt saying what to do", readErr)
	}
	t.Logf("first read: %v", readErr)
	if err := st.Check(ctx); !errors.Is(err, storage.ErrCorrupt) || !strings.Contains(err.Error(), "restore a backup") {
		t.Errorf("Check() = %v, want ErrCorrupt saying what to do", err)
	}
	if _, err := st.DailyBackup(ctx); !errors.Is(err, storage.ErrCorrupt) {
		t.Errorf("DailyBackup() = %v, want ErrCorrupt", err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, readFile(t, path)) {
		t.Error("opening and reading the damaged store changed it")
	}

	// The same file after a crash: the full check runs and refuses it.
	if err := os.WriteFile(path+"-wal", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = storage.Open(ctx, path)
	if !errors.Is(err, storage.ErrCorrupt) || !strings.Contains(err.Error(), "left untouched") {
		t.Errorf("Open(damaged store after a crash) = %v, want ErrCorrupt", err)
	}
	if !bytes.Equal(data, readFile(t, path)) {
		t.Error("Open changed a store it refused")
	}
}

// The editors' own work is checked page by page at every open, however the
// store was closed.
func TestOpenAlwaysChecksAnnotations(t *testing.T) {
	marker := strings.Repeat("Ask the treasurer about line 14 of the appendix. ", 6)
	path, _ := bulkStore(t, marker)
	data := damagePageHolding(t, path, marker)

	_, err := storage.Open(context.Background(), path)
	if !errors.Is(err, storage.ErrCorrupt) {
		t.Fatalf("Open(store with a damaged annotation page) = %v, want ErrCorrupt", err)
	}
	t.Logf("Open: %v", err)
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "restore a backup") {
		t.Errorf("error %q should name the store and say what to do", err)
	}
	if !bytes.Equal(data, readFile(t, path)) {
		t.Error("Open changed a store it refused")
	}
}

// A copy cut off part way (an interrupted copy from a shared drive) is
// refused at open without reading it all.
func TestOpenRefusesTruncatedStore(t *testing.T) {
	path, _ := bulkStore(t, "note")
	data := readFile(t, path)
	for _, keep := range []int{len(data) / 2, len(data) - pageSize, 100, 50} {
		t.Run(fmt.Sprint(keep), func(t *testing.T) {
			cut := filepath.Join(t.TempDir(), "cut.db")
			if err := os.WriteFile(cut, data[:keep], 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := storage.Open(context.Background(), cut)
			if !errors.Is(err, storage.ErrCorrupt) {
				t.Fatalf("Open(first %d of %d bytes) = %v, want ErrCorrupt", keep, len(data), err)
			}
			if !strings.Contains(err.Error(), "left untouched") {
				t.Errorf("error %q should say the file was left untouched", err)
			}
			if got := readFile(t, cut); !bytes.Equal(got, data[:keep]) {
				t.Error("Open changed the file")
			}
		})
	}
}

func TestInUse(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "factdesk.db")
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("not a database"), 0o644); err != nil {
		t.Fatal(err)
	}
	check := func(name, p string, want bool) {
		t.Helper()
		got, err := storage.InUse(ctx, p)
		if err != nil || got != want {
			t.Errorf("%s: InUse = %v, %v; want %v", name, got, err, want)
		}
	}
	check("missing file", path, false)
	check("text file", notes, false)
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("InUse created the store")
	}

	st, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, st, newDoc("Dam", "Valley Post", "Dam inspection", "", "Inspectors found seepage at the dam."))
	check("open store", path, true)
	// Still open while idle, between writes.
	time.Sleep(50 * time.Millisecond)
	check("idle open store", path, true)
	st.Close()
	check("closed store", path, false)

	// The probe leaves the store as it was and usable.
	st = mustOpenAt(t, path)
	if empty, err := st.IsEmpty(ctx); err != nil || empty {
		t.Errorf("store after probing: empty %v, %v", empty, err)
	}
}

func TestBackupNow(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	day := time.Date(2031, 6, 1, 8, 0, 0, 0, time.Local)
	st.SetClock(func() time.Time { return day })
	mustImport(t, st, newDoc("Dam", "Valley Post", "Dam inspection", "", "Inspectors found seepage at the dam."))

	daily, err := st.DailyBackup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(filepath.Dir(st.Path()), storage.BackupDir); filepath.Dir(daily) != want || st.BackupFolder() != want {
		t.Errorf("daily backup in %s, BackupFolder %s; want %s", filepath.Dir(daily), st.BackupFolder(), want)
	}
	mustImport(t, st, newDoc("Dam", "Hill Herald", "Dam fine, says board", "", "The board said the dam is sound."))
	// DailyBackup keeps the morning's copy; BackupNow refreshes it.
	if again, err := st.DailyBackup(ctx); err != nil || again != daily {
		t.Fatalf("second DailyBackup = %q, %v", again, err)
	}
	if n := articlesIn(t, daily); n != 1 {
		t.Fatalf("daily backup holds %d articles, want 1", n)
	}
	now, err := st.BackupNow(ctx)
	if err != nil || now != daily {
		t.Fatalf("BackupNow = %q, %v; want %q (same name as the rolling backup)", now, err, daily)
	}
	if n := articlesIn(t, now); n != 2 {
		t.Errorf("BackupNow holds %d articles, want 2", n)
	}

	// BackupNow prunes like RollingBackup.
	for i := range storage.DefaultBackupKeep + 3 {
		day = time.Date(2031, 6, 2+i, 8, 0, 0, 0, time.Local)
		if _, err := st.BackupNow(ctx); err != nil {
			t.Fatal(err)
		}
	}
	kept, _ := filepath.Glob(filepath.Join(st.BackupFolder(), "factdesk.daily.*.db"))
	if len(kept) != storage.DefaultBackupKeep {
		t.Errorf("%d daily backups kept, want %d", len(kept), storage.DefaultBackupKeep)
	}
}

func articlesIn(t *testing.T, path string) int {
	t.Helper()
	var n int
	if err := rawDB(t, path).QueryRow(`SELECT count(*) FROM articles`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// BenchmarkOpen measures opening a store closed cleanly and one left by a
// crash (full check). The figures scale with the store: run it on a large one
// with -benchtime to see the difference.
func BenchmarkOpen(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "factdesk.db")
	st, err := storage.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range annotate.GenerateCorpus(1, 300, 30) {
		if _, err := st.ImportDocument(ctx, d); err != nil {
			b.Fatal(err)
		}
	}
	st.Close()
	for _, bc := range []struct {
		name    string
		unclean bool
	}{{"clean", false}, {"after-crash", true}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if bc.unclean {
					os.WriteFile(path+"-wal", nil, 0o644)
				}
				st, err := storage.Open(ctx, path)
				if err != nil {
					b.Fatal(err)
				}
				st.Close()
			}
		})
	}
}
