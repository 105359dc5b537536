package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"factdesk/annotate"
	"factdesk/storage"
)

// mustOpen opens a new store in a temporary folder and closes it when the
// test ends.
func mustOpen(tb testing.TB) *storage.Store {
	tb.Helper()
	return mustOpenAt(tb, filepath.Join(tb.TempDir(), "factdesk.db"))
}

// mustOpenAt opens the store at path and closes it when the test ends.
func mustOpenAt(tb testing.TB, path string) *storage.Store {
	tb.Helper()
	st, err := storage.Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// mustImport imports doc and fails the test on error.
func mustImport(tb testing.TB, st *storage.Store, doc annotate.Document) storage.ImportResult {
	tb.Helper()
	res, err := st.ImportDocument(context.Background(), doc)
	if err != nil {
		tb.Fatalf("import %q: %v", doc.Title, err)
	}
	return res
}

// newDoc builds a document of a fictional story.
func newDoc(story, outlet, title, url, body string) annotate.Document {
	return annotate.Document{
		Meta: annotate.Meta{Story: story, Outlet: outlet, Title: title, URL: url,
			Published: time.Date(2031, 3, 14, 0, 0, 0, 0, time.UTC), Byline: "By Ines Varga"},
		Body:   body,
		Source: strings.ToLower(strings.ReplaceAll(title, " ", "-")) + ".txt",
	}
}

// rawDB opens the file at path with the driver alone, for tests that set up
// or inspect a store behind the Store's back.
func rawDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestOpenNewStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nested", "folders", "factdesk.db")
	st := mustOpenAt(t, path)

	if st.Path() != path {
		t.Errorf("Path() = %q, want %q", st.Path(), path)
	}
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := storage.KnownSchemaVersion(); v != want || want < 2 {
		t.Errorf("SchemaVersion() = %d, want %d (>= 2)", v, want)
	}
	empty, err := st.IsEmpty(ctx)
	if err != nil || !empty {
		t.Errorf("IsEmpty() = %v, %v; want true", empty, err)
	}
	mustImport(t, st, newDoc("Harbour fire", "Coastal Courier", "Fire at the harbour", "", "Smoke rose over the docks."))
	if empty, _ := st.IsEmpty(ctx); empty {
		t.Error("IsEmpty() = true after an import")
	}

	// Every pooled connection has the pragmas from the DSN.
	db := rawDB(t, path)
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}

	// Reopening a current store keeps no pre-migration copy.
	st.Close()
	mustOpenAt(t, path)
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), storage.BackupDir)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("backups folder after opening a current store: %v", err)
	}
}

func TestOpenMigratesOlderStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "desk.db")

	old, err := storage.OpenAtVersion(ctx, path, 1)
	if err != nil {
		t.Fatal(err)
	}
	res := mustImport(t, old, newDoc("Bridge closure", "Valley Post", "Bridge shut for repairs", "",
		"Engineers found cracks in the eastern pylon on Tuesday."))
	if _, err := old.CreateAnnotation(ctx, annotate.Annotation{ArticleID: res.ArticleID,
		Span: annotate.Span{Start: 0, End: 9}, Kind: annotate.KindFact, Note: "ask the ministry about inspections"}); err != nil {
		t.Fatal(err)
	}
	if v, _ := old.SchemaVersion(ctx); v != 1 {
		t.Fatalf("old store at schema %d, want 1", v)
	}
	old.Close()

	st := mustOpenAt(t, path)
	if v, _ := st.SchemaVersion(ctx); v != storage.KnownSchemaVersion() {
		t.Errorf("migrated store at schema %d, want %d", v, storage.KnownSchemaVersion())
	}
	// Search (migration 2) indexes what the version-1 store held.
	hits, err := st.Search(ctx, "pylon", 10)
	if err != nil || len(hits) != 1 || hits[0].ArticleID != res.ArticleID {
		t.Errorf("Search(pylon) after migration = %+v, %v; want the imported article", hits, err)
	}
	hits, err = st.Search(ctx, "ministry", 10)
	if err != nil || len(hits) != 1 || hits[0].Kind != storage.HitAnnotation {
		t.Errorf("Search(ministry) after migration = %+v, %v; want the annotation", hits, err)
	}

	backups, _ := filepath.Glob(filepath.Join(dir, storage.BackupDir, "desk.pre-v*.db"))
	if len(backups) != 1 {
		t.Fatalf("pre-migration backups = %v, want one", backups)
	}
	if !strings.Contains(filepath.Base(backups[0]), fmt.Sprintf(".pre-v%d.", storage.KnownSchemaVersion())) {
		t.Errorf("backup name %q does not name the target version", backups[0])
	}
	var v int
	if err := rawDB(t, backups[0]).QueryRow(`SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil || v != 1 {
		t.Errorf("backup schema version = %d, %v; want 1", v, err)
	}
}

// Each migration keeps a copy of the store; only the newest
// MigrationBackupKeep copies of that store stay, whatever their versions,
// and other stores' copies and daily backups are left alone.
func TestMigrationBackupsArePruned(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "desk.db")
	old, err := storage.OpenAtVersion(ctx, path, 1)
	if err != nil {
		t.Fatal(err)
	}
	old.Close()
	backups := filepath.Join(dir, storage.BackupDir)
	if err := os.MkdirAll(backups, 0o755); err != nil {
		t.Fatal(err)
	}
	// Earlier copies, older than the one the migration is about to make;
	// "pre-v10" sorts before "pre-v9" as text but is the newest of them.
	earlier := []string{
		"desk.pre-v9.20240101T000000Z.db",
		"desk.pre-v10.20250101T000000Z.db",
		"desk.pre-v2.20230101T000000Z.db",
		"desk.pre-v3.20230601T000000Z.db",
	}
	others := []string{
		"other.pre-v2.20200101T000000Z.db",
		"desk.daily.2020-01-01.db",
		"desk.pre-restore.20200101T000000.000Z.db",
	}
	for _, n := range append(slices.Clone(earlier), others...) {
		if err := os.WriteFile(filepath.Join(backups, n), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustOpenAt(t, path).Close()

	entries, err := os.ReadDir(backups)
	if err != nil {
		t.Fatal(err)
	}
	var mine []string
	left := map[string]bool{}
	for _, e := range entries {
		left[e.Name()] = true
		if strings.HasPrefix(e.Name(), "desk.pre-v") {
			mine = append(mine, e.Name())
		}
	}
	if len(mine) != storage.MigrationBackupKeep {
		t.Fatalf("copies kept before migrations = %v, want %d", mine, storage.MigrationBackupKeep)
	}
	for _, n := range []string{"desk.pre-v10.20250101T000000Z.db", "desk.pre-v9.20240101T000000Z.db"} {
		if !left[n] {
			t.Errorf("%s was deleted; it is one of the newest", n)
		}
	}
	for _, n := range others {
		if !left[n] {
			t.Errorf("%s was deleted; it is not this store's copy before a migration", n)
		}
	}
}

func TestOpenRefusesNewerStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "factdesk.db")
	st := mustOpenAt(t, path)
	st.Close()
	db := rawDB(t, path)
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future', '')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := readFile(t, path)

	_, err := storage.Open(ctx, path)
	if !errors.Is(err, storage.ErrTooNew) {
		t.Fatalf("Open(newer store) error = %v, want ErrTooNew", err)
	}
	if want := "schema 99, this build knows"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
	if !bytes.Equal(before, readFile(t, path)) {
		t.Error("Open changed a store it refused")
	}
}

func TestOpenRefusesNonDatabase(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 8192)
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	tests := []struct {
		name    string
		content []byte
	}{
		{"text", []byte("outlet: Valley Post\n\nThis is an article, not a database.\n")},
		{"random bytes", random},
		{"short", []byte("SQLi")},
		{"wrong header", append([]byte("SQLite format 2\x00"), random[:4080]...)},
		{"header then garbage", append([]byte("SQLite format 3\x00"), random[:4080]...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "notes.db")
			if err := os.WriteFile(path, tt.content, 0o644); err != nil {
				t.Fatal(err)
			}
			st, err := storage.Open(context.Background(), path)
			if err == nil {
				st.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, storage.ErrNotDatabase) && !errors.Is(err, storage.ErrCorrupt) {
				t.Errorf("error = %v, want ErrNotDatabase or ErrCorrupt", err)
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "left untouched") {
				t.Errorf("error %q should name the file and say it was left untouched", err)
			}
			if !bytes.Equal(tt.content, readFile(t, path)) {
				t.Error("Open changed the file")
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("Open left files next to the refused one: %v", entries)
			}
		})
	}

	t.Run("folder", func(t *testing.T) {
		_, err := storage.Open(context.Background(), t.TempDir())
		if !errors.Is(err, storage.ErrNotDatabase) {
			t.Errorf("Open(folder) error = %v, want ErrNotDatabase", err)
		}
	})

	t.Run("another program's database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "places.sqlite")
		db := rawDB(t, path)
		if _, err := db.Exec(`CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('x')`); err != nil {
			t.Fatal(err)
		}
		db.Close()
		before := readFile(t, path)
		_, err := storage.Open(context.Background(), path)
		if !errors.Is(err, storage.ErrNotDatabase) {
			t.Errorf("error = %v, want ErrNotDatabase", err)
		}
		if !bytes.Equal(before, readFile(t, path)) {
			t.Error("Open changed the file")
		}
	})
}

func TestOpenDamagedStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "factdesk.db")
	st := mustOpenAt(t, path)
	for i := range 40 {
		body := strings.Repeat("The council met again and the budget was argued over for hours. ", 60) + string(rune('A'+i%26)) + strings.Repeat("x", i)
		mustImport(t, st, newDoc("Budget", "Valley Post", "Budget day "+string(rune('A'+i%26))+strings.Repeat("!", i), "", body))
	}
	st.Close()

	data := readFile(t, path)
	const page = 4096
	if len(data) < 8*page {
		t.Fatalf("store too small to damage: %d bytes", len(data))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 2 * page; i < 6*page; i++ {
		data[i] = byte(rng.UintN(256))
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}

	_, err := storage.Open(context.Background(), path)
	if !errors.Is(err, storage.ErrCorrupt) && !errors.Is(err, storage.ErrNotDatabase) {
		t.Fatalf("Open(damaged) error = %v, want ErrCorrupt", err)
	}
	t.Logf("Open(damaged): %v", err)
	if !strings.Contains(err.Error(), "restore a backup") {
		t.Errorf("error %q should tell the user what to do", err)
	}
	if !bytes.Equal(data, readFile(t, path)) {
		t.Error("Open changed the damaged file")
	}
}

func TestRevision(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "factdesk.db")
	st := mustOpenAt(t, path)
	other := mustOpenAt(t, path)

	rev := func() int64 {
		t.Helper()
		r, err := other.Revision(ctx) // read through another Store, as another window would
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	start := rev()
	doc := newDoc("Harbour fire", "Coastal Courier", "Fire at the harbour", "", "Smoke rose over the docks at dawn.")
	res := mustImport(t, st, doc)
	var ann annotate.Annotation
	steps := []struct {
		name  string
		write func() error
		bumps bool
	}{
		{"import", func() error {
			_, err := st.ImportDocument(ctx, newDoc("Harbour fire", "Bay Times", "Docks ablaze", "", "Fire crews came."))
			return err
		}, true},
		{"duplicate import", func() error { _, err := st.ImportDocument(ctx, doc); return err }, false},
		{"create annotation", func() (err error) {
			ann, err = st.CreateAnnotation(ctx, annotate.Annotation{ArticleID: res.ArticleID, Span: annotate.Span{Start: 0, End: 5}, Kind: annotate.KindNote})
			return err
		}, true},
		{"read", func() error { _, err := st.Annotations(ctx, storage.AnnotationFilter{}); return err }, false},
		{"update annotation", func() error { ann.Note = "check"; _, err := st.UpdateAnnotation(ctx, ann); return err }, true},
		{"failed update", func() error {
			_, err := st.UpdateAnnotation(ctx, annotate.Annotation{ID: 9999, Kind: annotate.KindNote})
			if !errors.Is(err, storage.ErrNotFound) {
				return errors.New("update of a missing annotation did not fail with ErrNotFound")
			}
			return nil
		}, false},
		{"refresh quotes", func() error { return st.RefreshQuotes(ctx, res.StoryID) }, true},
		{"delete annotation", func() error { return st.DeleteAnnotation(ctx, ann.ID) }, true},
	}
	want := start + 1
	if got := rev(); got != want {
		t.Fatalf("revision after first import = %d, want %d", got, want)
	}
	for _, s := range steps {
		if err := s.write(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if s.bumps {
			want++
		}
		if got := rev(); got != want {
			t.Errorf("after %s: revision = %d, want %d", s.name, got, want)
		}
	}
}

// A store left as a killed process leaves it, with committed transactions
// still in its write-ahead log, opens with every one of them.
func TestOpenAfterCrash(t *testing.T) {
	ctx := context.Background()
	live := filepath.Join(t.TempDir(), "live.db")
	st := mustOpenAt(t, live)
	var titles []string
	for i := range 5 {
		title := fmt.Sprintf("Bulletin %d", i)
		mustImport(t, st, newDoc("Crash", "Valley Post", title, "", fmt.Sprintf("Bulletin number %d went out.", i)))
		titles = append(titles, title)
	}
	// Copy the files while the store is open: what is on disk at a kill.
	crashed := filepath.Join(t.TempDir(), "crashed.db")
	for _, suffix := range []string{"", "-wal"} {
		data := readFile(t, live+suffix)
		if suffix == "-wal" && len(data) == 0 {
			t.Fatal("nothing in the write-ahead log; the test needs uncheckpointed commits")
		}
		if err := os.WriteFile(crashed+suffix, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	re := mustOpenAt(t, crashed)
	arts, err := re.Articles(ctx, storage.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range arts {
		got = append(got, a.Title)
	}
	if !slices.Equal(got, titles) {
		t.Errorf("articles after the crash = %q, want %q", got, titles)
	}
	var check string
	if err := rawDB(t, crashed).QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q, %v", check, err)
	}
}

// Paths are passed to SQLite as URIs: characters with a meaning there must
// not change which file is opened.
func TestOpenOddPaths(t *testing.T) {
	for _, name := range []string{"with space.db", "what?.db", "hash#tag.db", "100%.db", "ünïcødé 🚢.db", "semi;colon&amp=x.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "sub folder?", name)
			st := mustOpenAt(t, path)
			mustImport(t, st, newDoc("Paths", "Valley Post", "Odd path", "", "Stored where it was asked to be."))
			st.Close()
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("store not at %q: %v", path, err)
			}
			if entries, _ := os.ReadDir(filepath.Join(dir, "sub folder?")); len(entries) != 1 {
				t.Errorf("files next to the store: %v", entries)
			}
			if empty, _ := mustOpenAt(t, path).IsEmpty(context.Background()); empty {
				t.Error("reopened store is empty")
			}
		})
	}
}
