package storage_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"factdesk/annotate"
	"factdesk/storage"
)

func TestBackupRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "factdesk.db")
	st := mustOpenAt(t, path)
	res := mustImport(t, st, newDoc("Dam", "Valley Post", "Dam inspection", "", "Inspectors found seepage at the dam."))
	ann, err := st.CreateAnnotation(ctx, annotate.Annotation{ArticleID: res.ArticleID, Span: annotate.Span{Start: 0, End: 10},
		Kind: annotate.KindFact, Tags: []string{"dam"}, Note: "seepage report"})
	if err != nil {
		t.Fatal(err)
	}

	backup := filepath.Join(dir, "copies", "before.db")
	if err := st.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	// Changes after the backup are undone by the restore.
	if err := st.DeleteAnnotation(ctx, ann.ID); err != nil {
		t.Fatal(err)
	}
	mustImport(t, st, newDoc("Dam", "Hill Herald", "Dam fine, says board", "", "The board said the dam is sound."))
	st.Close()

	if err := storage.Restore(ctx, backup, path); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left after restore: %v", suffix, err)
		}
	}
	kept, _ := filepath.Glob(filepath.Join(dir, storage.BackupDir, "factdesk.pre-restore.*.db"))
	if len(kept) != 1 {
		t.Errorf("copies of the replaced store = %v, want one", kept)
	}

	st = mustOpenAt(t, path)
	arts, _ := st.Articles(ctx, storage.ArticleFilter{})
	if len(arts) != 1 || arts[0].Title != "Dam inspection" {
		t.Errorf("articles after restore = %+v", arts)
	}
	got, err := st.Annotation(ctx, ann.ID)
	if err != nil || got.Note != "seepage report" || !slices.Equal(got.Tags, []string{"dam"}) {
		t.Errorf("annotation after restore = %+v, %v", got, err)
	}
	if hits, _ := st.Search(ctx, "seepage", 10); len(hits) != 2 {
		t.Errorf("search after restore: %d hits, want 2", len(hits))
	}
	// The replaced store is itself a sound store holding the later changes.
	if len(kept) == 1 {
		old := mustOpenAt(t, kept[0])
		if arts, _ := old.Articles(ctx, storage.ArticleFilter{}); len(arts) != 2 {
			t.Errorf("kept copy has %d articles, want 2", len(arts))
		}
	}
}

func TestRestoreRefusesBadBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "factdesk.db")
	st := mustOpenAt(t, path)
	mustImport(t, st, newDoc("Dam", "Valley Post", "Dam inspection", "", "Inspectors found seepage at the dam."))
	st.Close()
	before := readFile(t, path)

	notDB := filepath.Join(dir, "notes.txt")
	os.WriteFile(notDB, []byte("just some notes, not a database at all"), 0o644)
	other := filepath.Join(dir, "other.sqlite")
	db := rawDB(t, other)
	db.Exec(`CREATE TABLE t (x)`)
	db.Close()
	damaged := filepath.Join(dir, "damaged.db")
	data := bytes.Clone(before)
	for i := 4096; i < len(data) && i < 4096*3; i++ {
		data[i] = 0xA5
	}
	os.WriteFile(damaged, data, 0o644)

	for name, backup := range map[string]string{"text": notDB, "other program": other, "damaged": damaged, "missing": filepath.Join(dir, "nope.db")} {
		if err := storage.Restore(ctx, backup, path); err == nil {
			t.Errorf("Restore(%s) succeeded", name)
		}
		if !bytes.Equal(before, readFile(t, path)) {
			t.Fatalf("Restore(%s) changed the store", name)
		}
	}
}

func TestRollingBackup(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	mustImport(t, st, newDoc("Dam", "Valley Post", "Dam inspection", "", "Inspectors found seepage at the dam."))
	dir := filepath.Join(t.TempDir(), "daily")
	day := time.Date(2031, 6, 1, 8, 0, 0, 0, time.Local)
	st.SetClock(func() time.Time { return day })

	var made []string
	for i := range 5 {
		day = time.Date(2031, 6, 1+i, 8, 0, 0, 0, time.Local)
		p, err := st.RollingBackup(ctx, dir, 3)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, p)
		// A second call on the same day writes nothing new.
		info, _ := os.Stat(p)
		day = day.Add(6 * time.Hour)
		p2, err := st.RollingBackup(ctx, dir, 3)
		if err != nil || p2 != p {
			t.Fatalf("second backup of the day = %q, %v; want %q", p2, err, p)
		}
		if info2, _ := os.Stat(p); !info2.ModTime().Equal(info.ModTime()) {
			t.Error("second backup of the day rewrote the file")
		}
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"factdesk.daily.2031-06-03.db", "factdesk.daily.2031-06-04.db", "factdesk.daily.2031-06-05.db"}
	if !slices.Equal(names, want) {
		t.Errorf("backups kept = %q, want %q", names, want)
	}
	if filepath.Base(made[4]) != want[2] {
		t.Errorf("last backup path %q", made[4])
	}
	b := mustOpenAt(t, made[4])
	if arts, _ := b.Articles(ctx, storage.ArticleFilter{}); len(arts) != 1 {
		t.Errorf("backup holds %d articles, want 1", len(arts))
	}
}
