package storage_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"factdesk/annotate"
	"factdesk/storage"
)

// Two Stores on one file (as two windows, or the app and a CLI script)
// write at the same time from several goroutines; no write may fail.
func TestConcurrentStores(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	stores := []*storage.Store{mustOpenAt(t, path), mustOpenAt(t, path)}
	seed := mustImport(t, stores[0], newDoc("Shared", "Valley Post", "Seed", "", "A body long enough to annotate many times over."))
	start, _ := stores[0].Revision(ctx)

	const writes = 100
	var wg sync.WaitGroup
	errs := make(chan error, 4*writes)
	for si, st := range stores {
		// Per store: one goroutine importing, one annotating.
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range writes / 2 {
				doc := newDoc("Shared", fmt.Sprintf("Outlet %d", si), fmt.Sprintf("Piece %d-%d", si, i), "",
					fmt.Sprintf("Store %d wrote piece %d about the shared story.", si, i))
				if _, err := st.ImportDocument(ctx, doc); err != nil {
					errs <- err
				}
			}
		}()
		go func() {
			defer wg.Done()
			for i := range writes / 2 {
				if _, err := st.CreateAnnotation(ctx, annotate.Annotation{ArticleID: seed.ArticleID,
					Span: annotate.Span{Start: i % 10, End: i%10 + 5}, Kind: annotate.KindNote, Tags: []string{fmt.Sprint("s", si)}}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	end, _ := stores[1].Revision(ctx)
	if want := start + int64(len(stores)*writes); end != want {
		t.Errorf("revision %d -> %d, want %d (one per write)", start, end, want)
	}
	arts, _ := stores[1].Articles(ctx, storage.ArticleFilter{})
	anns, _ := stores[0].Annotations(ctx, storage.AnnotationFilter{})
	if len(arts) != 1+len(stores)*writes/2 || len(anns) != len(stores)*writes/2 {
		t.Errorf("%d articles and %d annotations, want %d and %d", len(arts), len(anns), 1+len(stores)*writes/2, len(stores)*writes/2)
	}
}

// A write waits for another connection's transaction to finish instead of
// failing with "database is locked".
func TestWriteWaitsForLock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "locked.db")
	st := mustOpenAt(t, path)

	db := rawDB(t, path+"?_txlock=immediate")
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE meta SET revision = revision`); err != nil {
		t.Fatal(err)
	}
	released := make(chan struct{})
	go func() {
		time.Sleep(300 * time.Millisecond)
		tx.Rollback()
		close(released)
	}()
	if _, err := st.ImportDocument(ctx, newDoc("Lock", "Valley Post", "Waited", "", "Written after the lock was released.")); err != nil {
		t.Fatalf("import while another connection held the lock: %v", err)
	}
	select {
	case <-released:
	default:
		t.Error("import finished while the other transaction still held the lock")
	}
}

// When another connection keeps the store locked past the busy timeout and
// every retry, the write fails with ErrLocked and a message saying what to
// do, and writes nothing.
func TestWriteGivesUpWithErrLocked(t *testing.T) {
	if testing.Short() {
		t.Skip("waits through the retry backoff")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "locked.db")
	st, err := storage.OpenWithBusyTimeout(ctx, path, 20*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	db := rawDB(t, path+"?_txlock=immediate")
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`UPDATE meta SET revision = revision`); err != nil {
		t.Fatal(err)
	}
	_, err = st.ImportDocument(ctx, newDoc("Lock", "Valley Post", "Never written", "", "Blocked by another program."))
	if !errors.Is(err, storage.ErrLocked) {
		t.Fatalf("error = %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), "try again") {
		t.Errorf("error %q does not say what to do", err)
	}
	tx.Rollback()
	if empty, _ := st.IsEmpty(ctx); !empty {
		t.Error("the failed write left an article")
	}
}
