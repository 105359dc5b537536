package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"factdesk/annotate"
	"factdesk/assets"
	"factdesk/storage"
	"factdesk/storage/ingest"
)

func openStore(t *testing.T) *storage.Store {
	t.Helper()
	st, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// The embedded sample corpus seeds a new store: every story file imported,
// the updates folder skipped, a page with no story header joining its folder.
func TestFSSeedsSample(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	var stages []ingest.Stage
	rep := ingest.FS(ctx, st, assets.Sample, assets.SampleDir, []string{"updates"}, func(p ingest.Progress) {
		if len(stages) == 0 || stages[len(stages)-1] != p.Stage {
			stages = append(stages, p.Stage)
		}
	})
	if !rep.OK() {
		for _, f := range rep.Files {
			if f.Err != nil {
				t.Errorf("%s: %v", f.Path, f.Err)
			}
		}
		t.Fatalf("seed: %s (match: %v)", rep.Summary(), rep.MatchErr)
	}
	want := 0
	entries, _ := assets.Sample.ReadDir(assets.SampleDir)
	for _, e := range entries {
		if e.IsDir() && e.Name() != "updates" {
			files, _ := assets.Sample.ReadDir(assets.SampleDir + "/" + e.Name())
			want += len(files)
		}
	}
	if rep.Created != want || want < 8 {
		t.Fatalf("created %d articles, want %d", rep.Created, want)
	}
	stories, err := st.Stories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(stories) != len(entries)-1 {
		t.Fatalf("got %d stories, want %d: %+v", len(stories), len(entries)-1, stories)
	}
	for _, s := range stories {
		if s.Name == storage.DefaultStory {
			t.Fatalf("a sample article landed in %q", s.Name)
		}
	}
	if stages[len(stages)-1] != ingest.StageDone {
		t.Fatalf("stages %v do not end with done", stages)
	}
	for _, want := range []ingest.Stage{ingest.StageImport, ingest.StageMatch, ingest.StageIndex} {
		if !slices.Contains(stages, want) {
			t.Errorf("stages %v lack %s", stages, want)
		}
	}
	// The import indexed its articles for search and matched every story.
	if n, err := st.PendingIndex(ctx); err != nil || n != 0 {
		t.Errorf("%d articles left to index (%v)", n, err)
	}
	if stale, err := st.StaleStories(ctx); err != nil || len(stale) != 0 {
		t.Errorf("stale stories after the import: %v, %v", stale, err)
	}
	// seeding again finds every article already there
	rep = ingest.FS(ctx, st, assets.Sample, assets.SampleDir, []string{"updates"}, nil)
	if rep.Duplicates != want || rep.Created != 0 {
		t.Fatalf("second seed: %s", rep.Summary())
	}
}

// A folder with good and bad files imports the good ones and names the bad.
func TestPathsReportsBadFiles(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := t.TempDir()
	files := map[string]string{
		"a.txt":     "outlet: Tide Post\ntitle: Pier reopens\nstory: Pier\n\nThe pier reopened on Monday.\n",
		"b.md":      "---\noutlet: Gull Gazette\nstory: Pier\n---\n# Pier open again\n\nCrowds returned to the *pier*.\n",
		"empty.txt": "",
		"bin.txt":   "\x00\x01\x02",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep := ingest.Paths(ctx, st, []string{dir}, annotate.Meta{}, nil)
	if rep.Created != 2 || rep.Failed != 2 || rep.OK() {
		t.Fatalf("report: %s", rep.Summary())
	}
	arts, err := st.Articles(ctx, storage.ArticleFilter{Story: "Pier"})
	if err != nil || len(arts) != 2 {
		t.Fatalf("articles in Pier: %d, %v", len(arts), err)
	}
	// a cancelled context imports nothing more and says why
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	os.WriteFile(filepath.Join(dir, "c.txt"), []byte("outlet: Tide Post\ntitle: Later\n\nMore news.\n"), 0o644)
	rep = ingest.Paths(cctx, st, []string{filepath.Join(dir, "c.txt")}, annotate.Meta{}, nil)
	if rep.Failed != 1 {
		t.Fatalf("cancelled import: %s", rep.Summary())
	}
}
