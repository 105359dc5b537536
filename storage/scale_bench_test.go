package storage_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"factdesk/annotate"
	"factdesk/storage"
	"factdesk/storage/ingest"
)

// Scale benchmarks run against a large store on disk, named by environment
// variables so that `go test` stays fast; without them they skip. Build the
// store once and reuse it (see docs/BENCHMARKS.md, "Scale"):
//
//	factdesk gen-corpus --articles 20000 -o /tmp/corpus
//	FACTDESK_SCALE_CORPUS=/tmp/corpus FACTDESK_SCALE_DB=/tmp/big.db \
//	  go test -tags sqlite_fts5 -run '^$' -bench ScaleImport -benchtime 1x ./storage/
//	FACTDESK_SCALE_DB=/tmp/big.db \
//	  go test -tags sqlite_fts5 -run '^$' -bench ScaleRead -benchtime 20x ./storage/

// BenchmarkScaleImport imports the corpus in $FACTDESK_SCALE_CORPUS into a
// new store at $FACTDESK_SCALE_DB as `factdesk import` does (one
// transaction per file, then matching every stale story), once. With
// $FACTDESK_SCALE_BATCH=N it imports N files per transaction with
// ImportDocuments instead.
func BenchmarkScaleImport(b *testing.B) {
	corpus, path := os.Getenv("FACTDESK_SCALE_CORPUS"), os.Getenv("FACTDESK_SCALE_DB")
	if corpus == "" || path == "" {
		b.Skip("set FACTDESK_SCALE_CORPUS and FACTDESK_SCALE_DB")
	}
	if _, err := os.Stat(path); err == nil {
		b.Fatalf("%s exists; the import needs a new store", path)
	}
	ctx := context.Background()
	st, err := storage.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	cpu0 := cpuSeconds()
	start := time.Now()
	b.ResetTimer()
	for range b.N {
		if batch, _ := strconv.Atoi(os.Getenv("FACTDESK_SCALE_BATCH")); batch > 0 {
			importBatched(b, st, corpus, batch)
			continue
		}
		if rep := ingest.Paths(ctx, st, []string{corpus}, annotate.Meta{}, nil); !rep.OK() {
			b.Fatalf("import: %s", rep.Summary())
		}
	}
	b.StopTimer()
	b.ReportMetric(time.Since(start).Seconds(), "wall-s")
	b.ReportMetric(cpuSeconds()-cpu0, "cpu-s")
}

// importBatched imports the files under dir batch at a time with
// ImportDocuments, then matches the stale stories.
func importBatched(b *testing.B, st *storage.Store, dir string, batch int) {
	ctx := context.Background()
	files, errs := annotate.CollectFiles([]string{dir})
	if len(errs) > 0 {
		b.Fatal(errs[0])
	}
	docs := make([]annotate.Document, 0, batch)
	flush := func() {
		_, errs, err := st.ImportDocuments(ctx, docs)
		if err != nil {
			b.Fatal(err)
		}
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
		docs = docs[:0]
	}
	for _, f := range files {
		doc, err := annotate.ReadDocument(f, annotate.Meta{})
		if err != nil {
			b.Fatal(err)
		}
		if docs = append(docs, doc); len(docs) == batch {
			flush()
		}
	}
	flush()
	if err := ingest.Rematch(ctx, st, nil); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkScaleRead times what the window asks of a large store in
// $FACTDESK_SCALE_DB: opening it, switching to a story (its articles,
// annotations, quotes and groups), opening an article, and full-text
// search.
func BenchmarkScaleRead(b *testing.B) {
	path := os.Getenv("FACTDESK_SCALE_DB")
	if path == "" {
		b.Skip("set FACTDESK_SCALE_DB")
	}
	ctx := context.Background()
	b.Run("open", func(b *testing.B) {
		for range b.N {
			st, err := storage.Open(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := st.Stories(ctx); err != nil {
				b.Fatal(err)
			}
			st.Close()
		}
	})
	st, err := storage.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	stories, err := st.Stories(ctx)
	if err != nil || len(stories) == 0 {
		b.Fatalf("stories: %d, %v", len(stories), err)
	}
	// Switch between stories spread over the store.
	story := func(i int) annotate.Story { return stories[(i*7919)%len(stories)] }

	b.Run("stories", func(b *testing.B) {
		for range b.N {
			if _, err := st.Stories(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("switch-story", func(b *testing.B) {
		// What selecting a story loads: its article list, annotations,
		// quotes and quote groups (without their diffs, as the window
		// reads them).
		for i := range b.N {
			id := story(i).ID
			if _, err := st.Articles(ctx, storage.ArticleFilter{StoryID: id}); err != nil {
				b.Fatal(err)
			}
			if _, err := st.Annotations(ctx, storage.AnnotationFilter{StoryID: id}); err != nil {
				b.Fatal(err)
			}
			if _, err := st.Quotes(ctx, storage.QuoteFilter{StoryID: id}); err != nil {
				b.Fatal(err)
			}
			if _, err := st.GroupsWithoutDiffs(ctx, id); err != nil {
				b.Fatal(err)
			}
		}
	})
	var articles []annotate.Article
	for i := range 20 {
		as, err := st.Articles(ctx, storage.ArticleFilter{StoryID: story(i).ID})
		if err != nil {
			b.Fatal(err)
		}
		articles = append(articles, as...)
	}
	b.Run("open-article", func(b *testing.B) {
		// The body, its annotations and its quotes.
		for i := range b.N {
			id := articles[i%len(articles)].ID
			if _, err := st.Article(ctx, id); err != nil {
				b.Fatal(err)
			}
			if _, err := st.Annotations(ctx, storage.AnnotationFilter{ArticleID: id}); err != nil {
				b.Fatal(err)
			}
			if _, err := st.Quotes(ctx, storage.QuoteFilter{ArticleID: id}); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, q := range []struct{ name, query string }{
		{"common-word", "council"},
		{"rare-word", "Fenwick"},
		{"two-words", "transport director"},
		{"phrase", `"protect the city"`},
		{"name-and-word", "Okonkwo transport"},
	} {
		b.Run("search/"+q.name, func(b *testing.B) {
			hits := 0
			for range b.N {
				hs, err := st.Search(ctx, q.query, storage.DefaultSearchLimit)
				if err != nil {
					b.Fatal(err)
				}
				hits = len(hs)
			}
			b.ReportMetric(float64(hits), "hits")
		})
	}
}
