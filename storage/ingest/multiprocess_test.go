//go:build unix

package ingest_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"factdesk/annotate"
	"factdesk/storage"
)

// revisionLag is the longest a window may take to notice another process's
// write; the app polls Revision about once a second.
const revisionLag = 3 * time.Second

// TestMultiProcessWriters runs two child processes and the test itself
// writing to one store at once, each importing a folder and making
// annotation edits, as two editors' windows and a script would. No write may
// fail (no "database is locked" reaches anyone), everything acknowledged
// must be in the store afterwards, and a reader polling Revision in the test
// must see each child's write soon after the child acknowledged it.
func TestMultiProcessWriters(t *testing.T) {
	seed := scheduleSeed(t)
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "shared.db")
	files, ops := 150, 150
	if testing.Short() {
		files, ops = 40, 40
	}

	st, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i, d := range annotate.GenerateCorpus(int64(seed), 3, 1) {
		d.Source = fmt.Sprintf("seed-%d.txt", i)
		if _, err := st.ImportDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	// Each writer imports its own folder: articles of other outlets' stories.
	corpus := annotate.GenerateCorpus(int64(seed)+1, 3*files, 3*files/10)
	srcs := make([]string, 3)
	for w := range srcs {
		srcs[w] = writeCorpus(t, filepath.Join(dir, fmt.Sprintf("writer-%d", w)), fmt.Sprintf("w%d", w), corpus[w*files:(w+1)*files])
	}

	// A reader polls the revision as an open window does, but more often.
	reader, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	type seen struct {
		at  time.Time
		rev int64
	}
	var (
		pollMu sync.Mutex
		polls  []seen
	)
	stopPoll := make(chan struct{})
	pollDone := make(chan struct{})
	go func() {
		defer close(pollDone)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			rev, err := reader.Revision(ctx)
			if err != nil {
				t.Errorf("reader: %v", err)
				return
			}
			pollMu.Lock()
			polls = append(polls, seen{time.Now(), rev})
			pollMu.Unlock()
			select {
			case <-stopPoll:
				return
			case <-tick.C:
			}
		}
	}()

	children := make([]*child, 2)
	for i := range children {
		children[i] = startChild(t, "mixed", map[string]string{envDB: db, envSrc: srcs[i],
			envSeed: strconv.FormatUint(seed*10+uint64(i), 10), envOps: strconv.Itoa(ops),
			envTok: fmt.Sprintf("c%d", i), envOwn: fmt.Sprintf("c%d-", i)})
	}
	// The test itself is the third writer, in process, through the same code.
	var mine []event
	var mineMu sync.Mutex
	out := &reporter{w: writerFunc(func(p []byte) (int, error) {
		ev, err := parseEvent(string(p))
		if err != nil {
			t.Error(err)
		}
		if ev.Type == "ACK" {
			mineMu.Lock()
			mine = append(mine, ev)
			mineMu.Unlock()
		}
		return len(p), nil
	})}
	own, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer own.Close()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := childImport(ctx, own, srcs[2], out); err != nil {
			t.Errorf("import in the test process: %v", err)
		}
	}()
	go func() {
		defer wg.Done()
		if err := childAnnotate(ctx, own, rand.New(rand.NewPCG(seed, 99)), ops, "p", "p-", out); err != nil {
			t.Errorf("annotation edits in the test process: %v", err)
		}
	}()
	var acks []event
	for i, c := range children {
		evs, ok := c.wait(t)
		if !ok {
			t.Errorf("child %d failed", i)
		}
		for _, ev := range evs {
			if ev.Type == "ACK" {
				acks = append(acks, ev)
			}
		}
	}
	wg.Wait()
	time.Sleep(100 * time.Millisecond)
	close(stopPoll)
	<-pollDone

	// How long the reader took to see each child's acknowledged write.
	var lags []time.Duration
	for _, ev := range acks {
		i, _ := slices.BinarySearchFunc(polls, ev.arrived, func(s seen, at time.Time) int { return s.at.Compare(at) })
		lag := time.Duration(-1)
		for j := max(i-1, 0); j < len(polls); j++ {
			if polls[j].rev >= ev.Rev {
				lag = max(polls[j].at.Sub(ev.arrived), 0)
				break
			}
		}
		if lag < 0 {
			t.Errorf("the reader never saw revision %d (%s by a child)", ev.Rev, ev.Op)
			continue
		}
		lags = append(lags, lag)
	}
	slices.Sort(lags)
	if len(lags) > 0 {
		if worst := lags[len(lags)-1]; worst > revisionLag {
			t.Errorf("the reader saw a child's write %v after it was acknowledged, want under %v", worst, revisionLag)
		}
		t.Logf("revision seen by the reader after a child's acknowledgement: median %v, worst %v (%d writes, polling every 20ms)",
			lags[len(lags)/2], lags[len(lags)-1], len(lags))
	}

	// Everything acknowledged by anyone is there, in its last acknowledged state.
	all := append(acks, mine...)
	s := verifyStore(t, db)
	last := map[int64]event{}
	deleted := map[int64]bool{}
	imports := 0
	for _, ev := range all {
		switch ev.Op {
		case "import":
			imports++
			if s.versions[versionKey{ev.Article, ev.Version}] != ev.Hash {
				t.Errorf("acknowledged import of %s (article %d v%d) is not in the store", ev.Path, ev.Article, ev.Version)
			}
		case "create", "update":
			last[ev.ID] = ev // each writer edits only its own annotations, in order
		case "delete":
			deleted[ev.ID] = true
			delete(last, ev.ID)
		}
	}
	for id, ev := range last {
		if got, ok := s.annotations[id]; !ok || got != stateOfEvent(ev) {
			t.Errorf("annotation %d is %v (present %v), acknowledged %v", id, got, ok, stateOfEvent(ev))
		}
	}
	for id := range deleted {
		if _, ok := s.annotations[id]; ok {
			t.Errorf("annotation %d was deleted (acknowledged) but is in the store", id)
		}
	}
	if want := 3 * files; imports != want {
		t.Errorf("%d imports acknowledged, want %d", imports, want)
	}
	t.Logf("3 writers (2 processes and the test): %d imports and %d annotation edits acknowledged and checked, none failed",
		imports, len(all)-imports)
}

// writerFunc adapts a function to io.Writer.
type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
