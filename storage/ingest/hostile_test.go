//go:build unix

package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"factdesk/annotate"
	"factdesk/storage"
	"factdesk/storage/ingest"
)

// A folder mixing good files with every kind of broken or hostile one
// imports the good ones whole and nothing of the bad ones, with one clear
// error per bad file, and never blocks.
func TestPathsHostileBatch(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "inbox")
	put := func(name, content string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := map[string]string{ // path -> outlet
		put("a-wire.txt", "outlet: Coastline Wire\ntitle: Ferry strike ends\nstory: Ferry strike\n\nThe ferry 🚢 strike ended at noon, said שרה לוי."):                      "Coastline Wire",
		put("b-daily.md", "---\ntitle: Strike over\noutlet: Daily Lantern\nstory: Ferry strike\n---\n\nCrews return on **Monday**, the union said."):                       "Daily Lantern",
		put("c-page.html", "<html><head><title>Ferries run</title></head><body><article><h1>Ferries run</h1><p>Zoe\u0308 said “we are back”.</p></article></body></html>"): "Unknown",
		put("odd\nname ⁦RTL⁩.txt", "outlet: Harbour Post\ntitle: Odd name\nstory: Ferry strike\n\nA file name with a newline imports too."):                                "Harbour Post",
	}
	var bad []string
	huge := put("bad/huge.txt", "title: Huge\n\nText")
	if err := os.Truncate(huge, 1<<30); err != nil {
		t.Fatal(err)
	}
	bad = append(bad, huge,
		put("bad/nul.txt", "outlet: Evil Corp\nstory: Evil story\n\nText \x00 with NUL."),
		put("bad/latin1.txt", "outlet: Evil Corp\nstory: Evil story\n\nCaf\xe9."),
		put("bad/empty.md", ""),
		put("bad/blank.html", "<html><body><script>alert(1)</script>   </body></html>"))
	folder := filepath.Join(dir, "bad", "folder.txt")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "bad", "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	bad = append(bad, fifo)
	loop := filepath.Join(dir, "bad", "loop")
	if err := os.Symlink(dir, loop); err != nil {
		t.Fatal(err)
	}
	bad = append(bad, loop)
	selfLink := filepath.Join(dir, "bad", "self.txt")
	if err := os.Symlink("self.txt", selfLink); err != nil {
		t.Fatal(err)
	}
	bad = append(bad, selfLink)

	st := openStore(t)
	done := make(chan ingest.Report, 1)
	go func() { done <- ingest.Paths(ctx, st, []string{dir}, annotate.Meta{}, nil) }()
	var rep ingest.Report
	select {
	case rep = <-done:
	case <-time.After(time.Minute):
		t.Fatal("the import blocked")
	}

	if rep.Created != len(good) || rep.Failed != len(bad) || rep.MatchErr != nil {
		for _, f := range rep.Files {
			t.Logf("%q: %v", f.Path, f.Err)
		}
		t.Fatalf("report %s (match %v); want %d imported and %d failed", rep.Summary(), rep.MatchErr, len(good), len(bad))
	}
	// Each bad file has its own error, naming it, on one line.
	for _, p := range bad {
		i := slices.IndexFunc(rep.Files, func(f ingest.FileResult) bool { return f.Path == p })
		switch {
		case i < 0:
			t.Errorf("no result for %s", p)
		case rep.Files[i].Err == nil:
			t.Errorf("%s imported", p)
		case !strings.Contains(rep.Files[i].Err.Error(), filepath.Base(p)) || strings.ContainsAny(rep.Files[i].Err.Error(), "\n\r"):
			t.Errorf("error %q should name %s on one line", rep.Files[i].Err, p)
		}
	}
	var ie *annotate.InputError
	for _, f := range rep.Files {
		if f.Err != nil && !errors.As(f.Err, &ie) {
			t.Errorf("%s: error %v is not an input error", f.Path, f.Err)
		}
	}

	// The good files are stored whole, exactly as the importer reads them;
	// nothing of the bad ones reached the store.
	arts, err := st.Articles(ctx, storage.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != len(good) {
		t.Fatalf("%d articles stored, want %d", len(arts), len(good))
	}
	for _, a := range arts {
		outlet, ok := good[a.Source]
		if !ok {
			t.Errorf("article %d from %q, not a good file", a.ID, a.Source)
			continue
		}
		doc, err := annotate.ReadDocument(a.Source, annotate.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		full, err := st.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if full.Body != doc.Body || full.Hash != annotate.ContentHash(doc.Body) || full.Outlet != outlet {
			t.Errorf("%q stored as %q by %s, want %q by %s", a.Source, full.Body, full.Outlet, doc.Body, outlet)
		}
	}
	stories, err := st.Stories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stories {
		if s.Name == "Evil story" {
			t.Error("a story of a refused file was created")
		}
	}
	if hits, _ := st.Search(ctx, "Evil", 10); len(hits) != 0 {
		t.Errorf("search finds text of refused files: %+v", hits)
	}
}
