package storage_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"factdesk/annotate"
	"factdesk/storage"
)

// TestImportDocuments imports batches that mix good, invalid and duplicate
// documents and checks each document's outcome and what was stored.
func TestImportDocuments(t *testing.T) {
	ctx := context.Background()
	doc := func(i int, body string) annotate.Document {
		return annotate.Document{
			Meta: annotate.Meta{Story: "Harbour tunnel", Outlet: fmt.Sprintf("Outlet %d", i%2),
				Title: fmt.Sprintf("Dispatch %d", i), URL: fmt.Sprintf("https://outlet.example/%d", i)},
			Body: body,
		}
	}
	good := func(i int) annotate.Document {
		return doc(i, fmt.Sprintf("Dispatch %d. “We will open the harbour tunnel in spring,” said Mara Quill, the port director.", i))
	}
	tests := []struct {
		name    string
		docs    []annotate.Document
		wantErr []bool
		want    []storage.ImportOutcome
	}{
		{"all good", []annotate.Document{good(1), good(2), good(3)},
			[]bool{false, false, false}, []storage.ImportOutcome{storage.OutcomeCreated, storage.OutcomeCreated, storage.OutcomeCreated}},
		{"empty body and bad UTF-8", []annotate.Document{good(1), doc(2, ""), doc(3, "caf\xe9"), good(4)},
			[]bool{false, true, true, false}, []storage.ImportOutcome{storage.OutcomeCreated, "", "", storage.OutcomeCreated}},
		{"duplicate within the batch", []annotate.Document{good(1), good(1)},
			[]bool{false, false}, []storage.ImportOutcome{storage.OutcomeCreated, storage.OutcomeDuplicate}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := mustOpen(t)
			results, errs, err := st.ImportDocuments(ctx, tt.docs)
			if err != nil {
				t.Fatal(err)
			}
			stored := 0
			for i := range tt.docs {
				if (errs[i] != nil) != tt.wantErr[i] {
					t.Errorf("doc %d: error %v, want error %v", i, errs[i], tt.wantErr[i])
				}
				if results[i].Outcome != tt.want[i] {
					t.Errorf("doc %d: outcome %q, want %q", i, results[i].Outcome, tt.want[i])
				}
				if tt.want[i] == storage.OutcomeCreated {
					stored++
				}
			}
			arts, err := st.Articles(ctx, storage.ArticleFilter{Story: "Harbour tunnel"})
			if err != nil && stored > 0 {
				t.Fatal(err)
			}
			if len(arts) != stored {
				t.Errorf("%d articles stored, want %d", len(arts), stored)
			}
		})
	}
}

// TestImportDocumentsFailure fails one document of a batch half way
// through and checks that the batch's other documents are stored and the
// failed one left no trace.
func TestImportDocumentsFailure(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	corpus := newSynthCorpus(800)
	docs := []annotate.Document{corpus.doc(0), corpus.doc(1), corpus.doc(2)}
	// The second document fails after its article row is written, each
	// time it is tried: in the batch, then on its own. Documents are
	// counted by the "article" step each passes.
	articles := 0
	st.SetHook(func(step string) error {
		switch {
		case step == "article":
			articles++
		case step == "version" && articles%2 == 0:
			return errors.New("injected failure")
		}
		return nil
	})
	_, errs, err := st.ImportDocuments(ctx, docs)
	if err != nil {
		t.Fatal(err)
	}
	if errs[0] != nil || errs[1] == nil || errs[2] != nil {
		t.Fatalf("errors %v; want only the second document to fail", errs)
	}
	st.SetHook(nil)
	for i, d := range docs {
		hits, err := st.Search(ctx, fmt.Sprintf(`"Dispatch %d"`, i), 5)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range hits {
			found = found || h.Title == d.Title
		}
		if found != (i != 1) {
			t.Errorf("document %d in the search index: %v, want %v", i, found, i != 1)
		}
	}
	qs, err := st.Quotes(ctx, storage.QuoteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if a, err := st.Article(ctx, q.ArticleID); err != nil || a.Title == docs[1].Title {
			t.Errorf("quote %d of article %q (%v): the failed document left quotes", q.ID, a.Title, err)
		}
	}
}

// BenchmarkImportBatched is BenchmarkImport with 100 documents per
// transaction (ImportDocuments), each in its own savepoint.
func BenchmarkImportBatched(b *testing.B) {
	const batch = 100
	ctx := context.Background()
	st := mustOpen(b)
	corpus := newSynthCorpus(5000)
	docs := make([]annotate.Document, b.N)
	var total int64
	for i := range docs {
		docs[i] = corpus.doc(i)
		total += int64(len(docs[i].Body))
	}
	b.SetBytes(total / int64(b.N))
	b.ResetTimer()
	start := time.Now()
	for lo := 0; lo < b.N; lo += batch {
		_, errs, err := st.ImportDocuments(ctx, docs[lo:min(lo+batch, b.N)])
		if err != nil {
			b.Fatal(err)
		}
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "docs/s")
}
