//go:build unix

package ingest_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"factdesk/annotate"
	"factdesk/storage"
)

var crashSeed = flag.Uint64("crash.seed", 0, "seed of the kill tests' schedule (0: from the clock); each run logs its seed so a failure can be replayed")

// killBudget bounds the kill loops: every scenario stops starting children
// once its budget is spent (or its iteration cap is reached).
func killBudget(full time.Duration) time.Duration {
	if testing.Short() {
		return full / 4
	}
	return full
}

func scheduleSeed(t *testing.T) uint64 {
	seed := *crashSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano() % 1_000_000)
	}
	t.Logf("schedule seed %d (replay: go test -tags sqlite_fts5 ./storage/ingest -run '^%s$' -args -crash.seed=%d)", seed, t.Name(), seed)
	return seed
}

// TestKillDuringImport kills a child importing a folder of 300 files at
// random points (while it starts, creates and migrates the store, in the
// middle of a file's transaction, between files, while it re-matches quotes)
// and checks after every kill that the store opens, passes integrity_check,
// holds every acknowledged import whole and nothing half-written. The import
// is then run again, as a user would, until one run finishes: each run picks
// up where the last stopped, and the finished one reports the files stored
// before it as duplicates and creates exactly the rest. Rounds on fresh
// stores repeat this within the time budget.
func TestKillDuringImport(t *testing.T) {
	seed := scheduleSeed(t)
	rng := rand.New(rand.NewPCG(seed, 1))
	dir := t.TempDir()
	const files = 300
	src := writeCorpus(t, filepath.Join(dir, "corpus"), "article", annotate.GenerateCorpus(int64(seed), files, 30))

	// What each file should become, read the way the importer reads it.
	want := map[string]string{} // path -> body hash
	wanted := map[string]bool{}
	paths, errs := annotate.CollectFiles([]string{src})
	if len(errs) > 0 || len(paths) != files {
		t.Fatalf("corpus: %d files, errors %v", len(paths), errs)
	}
	for _, p := range paths {
		doc, err := annotate.ReadDocument(p, annotate.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		want[p] = annotate.ContentHash(doc.Body)
		wanted[want[p]] = true
	}
	if len(wanted) != files {
		t.Fatalf("the corpus has %d distinct texts, want %d", len(wanted), files)
	}

	budget, start := killBudget(20*time.Second), time.Now()
	iterations, acked, kills, rounds := 0, 0, 0, 0
	for time.Since(start) < budget && iterations < 80 {
		rounds++
		db := filepath.Join(dir, fmt.Sprintf("round-%d", rounds), "factdesk.db")
		articleOf := map[string]int64{} // path -> article, from acknowledgements
		stored := 0                     // articles in the store before this run
		for ; ; iterations++ {
			c := startChild(t, "import", map[string]string{envDB: db, envSrc: src})
			var evs []event
			var plan string
			if stored == 0 || rng.IntN(6) == 0 {
				// Early: while the process starts, opens (or creates and
				// migrates) the store and scans the folder.
				d := time.Duration(rng.IntN(250)) * time.Millisecond
				plan = fmt.Sprintf("kill %v after start", d)
				time.Sleep(d)
			} else {
				// The files stored already come first, acknowledged as
				// duplicates; then k new ones, plus a jitter that lands in
				// the next transaction, or after the last, re-matching.
				k := stored + 1 + rng.IntN(files-stored+10)
				jitter := time.Duration(rng.IntN(15000)) * time.Microsecond
				if k >= files {
					k, jitter = files, time.Duration(rng.IntN(600))*time.Millisecond
				}
				plan = fmt.Sprintf("kill %v after %d acknowledgements", jitter, k)
				evs = collect(c, k)
				time.Sleep(jitter)
			}
			if time.Since(start) > budget {
				plan += ", then let it finish (time is up)"
			} else {
				c.kill()
			}
			rest, finished := c.wait(t)
			evs = append(evs, rest...)
			if !finished {
				kills++
			}
			t.Logf("round %d, iteration %d: %s: %d acknowledged, finished=%v", rounds, iterations, plan, countType(evs, "ACK"), finished)

			for _, ev := range evs {
				if ev.Type != "ACK" {
					continue
				}
				acked++
				if ev.Hash != want[ev.Path] {
					t.Fatalf("acknowledged %s with hash %.12s, the file's is %.12s", ev.Path, ev.Hash, want[ev.Path])
				}
				if prev, ok := articleOf[ev.Path]; ok && prev != ev.Article {
					t.Fatalf("%s became article %d, earlier %d: a duplicate", ev.Path, ev.Article, prev)
				}
				articleOf[ev.Path] = ev.Article
				if ev.Outcome == string(storage.OutcomeNewVersion) || ev.Version != 1 {
					t.Fatalf("%s imported as %s v%d; every file is a distinct article", ev.Path, ev.Outcome, ev.Version)
				}
			}
			s := verifyStore(t, db)
			for p, id := range articleOf {
				if s.versions[versionKey{id, 1}] != want[p] {
					t.Fatalf("acknowledged import of %s (article %d) is not in the store whole", p, id)
				}
			}
			for k, h := range s.versions {
				if !wanted[h] || k.version != 1 {
					t.Fatalf("article %d v%d holds text of no corpus file", k.article, k.version)
				}
			}
			if finished {
				done := evs[len(evs)-1]
				if done.Type != "DONE" || done.Created != files-stored || done.Duplicates != stored || done.Failed != 0 || done.Versions != 0 || done.MatchErr != "" {
					t.Errorf("the run that finished reported %+v; want %d created and %d duplicates", done, files-stored, stored)
				}
				if len(s.versions) != files || s.stale != 0 {
					t.Errorf("after a finished import: %d articles, %d stories with stale quote groups; want %d and 0", len(s.versions), s.stale, files)
				}
			}
			if t.Failed() {
				t.Fatalf("stopping after round %d, iteration %d (%s); replay with -args -crash.seed=%d", rounds, iterations, plan, seed)
			}
			stored = len(s.versions)
			if finished {
				iterations++
				break
			}
		}
	}
	t.Logf("import: %d rounds, %d children, %d killed, %d acknowledged imports checked", rounds, iterations, kills, acked)
}

// collect reads events until k acknowledgements have arrived or the child
// has ended.
func collect(c *child, k int) []event {
	var evs []event
	n := 0
	for n < k {
		ev, ok := <-c.events
		if !ok {
			break
		}
		evs = append(evs, ev)
		if ev.Type == "ACK" {
			n++
		}
	}
	return evs
}

func countType(evs []event, typ string) int {
	n := 0
	for _, ev := range evs {
		if ev.Type == typ {
			n++
		}
	}
	return n
}

// annState is what the kill test compares of an annotation.
type annState struct {
	note, kind, status string
	tags               string
	span               annotate.Span
}

func (a annState) String() string {
	return fmt.Sprintf("%q %s/%s [%s] %d-%d", a.note, a.kind, a.status, a.tags, a.span.Start, a.span.End)
}

func stateOfEvent(ev event) annState {
	tags := slices.Clone(ev.Tags)
	slices.Sort(tags)
	return annState{ev.Token, ev.Kind, ev.Status, strings.Join(tags, ","), annotate.Span{Start: ev.Start, End: ev.End}}
}

// TestKillDuringAnnotationEdits kills a child making annotation edits
// (create, update, delete) at random points and checks after every kill that
// every acknowledged edit is in the store, that the one edit in flight is
// either wholly there or wholly absent, and that nothing else changed.
func TestKillDuringAnnotationEdits(t *testing.T) {
	seed := scheduleSeed(t)
	rng := rand.New(rand.NewPCG(seed, 2))
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "factdesk.db")
	st, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range annotate.GenerateCorpus(int64(seed), 4, 1) {
		d.Source = fmt.Sprintf("seed-%d.txt", i)
		if _, err := st.ImportDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	model := map[int64]annState{} // what the store must hold
	budget, start := killBudget(10*time.Second), time.Now()
	iterations, acked := 0, 0
	for ; iterations < 80 && time.Since(start) < budget; iterations++ {
		c := startChild(t, "annotate", map[string]string{envDB: db, envSeed: strconv.FormatUint(seed*1000+uint64(iterations), 10),
			envOps: "100000", envTok: fmt.Sprintf("k%d", iterations), envOwn: "k"})
		k := 1 + rng.IntN(120)
		jitter := time.Duration(rng.IntN(3000)) * time.Microsecond
		evs := collect(c, k)
		time.Sleep(jitter)
		c.kill()
		rest, _ := c.wait(t)
		evs = append(evs, rest...)

		// Replay the acknowledged edits; remember the one in flight.
		var pending *event
		for i := range evs {
			ev := evs[i]
			switch ev.Type {
			case "OP":
				pending = &evs[i]
			case "ACK":
				acked++
				pending = nil
				switch ev.Op {
				case "create", "update":
					model[ev.ID] = stateOfEvent(ev)
				case "delete":
					delete(model, ev.ID)
				}
			}
		}

		s := verifyStore(t, db)
		for id, want := range model {
			got, ok := s.annotations[id]
			inFlight := pending != nil && pending.ID == id
			switch {
			case !ok && inFlight && pending.Op == "delete":
			case !ok:
				t.Errorf("iteration %d: acknowledged annotation %d (%v) is gone", iterations, id, want)
			case got != want && !(inFlight && got == stateOfEvent(*pending)):
				t.Errorf("iteration %d: annotation %d is %v, acknowledged %v", iterations, id, got, want)
			}
		}
		for id, got := range s.annotations {
			if _, ok := model[id]; ok {
				continue
			}
			if pending != nil && pending.Op == "create" && got == stateOfEvent(*pending) {
				continue // the create in flight committed before the kill
			}
			t.Errorf("iteration %d: annotation %d (%v) was never acknowledged", iterations, id, got)
		}
		if t.Failed() {
			t.Fatalf("stopping after iteration %d (kill %v after %d acknowledgements); replay with -args -crash.seed=%d", iterations, jitter, k, seed)
		}
		model = s.annotations
	}
	t.Logf("annotations: %d children killed, %d acknowledged edits checked, %d annotations at the end", iterations, acked, len(model))
}

// TestKillDuringBackupAndExport kills `factdesk backup -o FILE` and
// `factdesk export -o FILE` (fact sheets as W3C JSON, CSV, HTML and PDF) at
// random points: the file is then either absent or complete, and the store
// is unharmed.
func TestKillDuringBackupAndExport(t *testing.T) {
	seed := scheduleSeed(t)
	rng := rand.New(rand.NewPCG(seed, 3))
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "factdesk.db")
	st, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	const articles = 400
	docs := annotate.GenerateCorpus(int64(seed), articles, 40)
	for _, d := range docs {
		if _, err := st.ImportDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	// A story with many annotations, for the fact sheets.
	story := docs[0].Story
	arts, err := st.Articles(ctx, storage.ArticleFilter{Story: story})
	if err != nil {
		t.Fatal(err)
	}
	const annotations = 300
	for i := range annotations {
		a := arts[i%len(arts)]
		start := (i * 37) % (a.Chars - 40)
		if _, err := st.CreateAnnotation(ctx, annotate.Annotation{ArticleID: a.ID, Span: annotate.Span{Start: start, End: start + 25},
			Kind: annotate.Kinds[i%len(annotate.Kinds)], Note: fmt.Sprintf("Check point %d.", i), Tags: []string{"t" + strconv.Itoa(i%7)}}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	jobs := []struct {
		name   string
		args   []string
		budget time.Duration
		check  func(t *testing.T, path string)
	}{
		{"backup", []string{"backup", "--db", db}, 4 * time.Second, func(t *testing.T, p string) { checkBackup(t, p, articles) }},
		{"export json", []string{"export", "--db", db, "--story", story, "--format", "json"}, 2 * time.Second, func(t *testing.T, p string) {
			anns, err := annotate.ParseW3C(readFile(t, p))
			if err != nil || len(anns) != annotations {
				t.Errorf("%s: %d W3C annotations, %v; want %d", p, len(anns), err, annotations)
			}
		}},
		{"export csv", []string{"export", "--db", db, "--story", story, "--format", "csv"}, 1 * time.Second, func(t *testing.T, p string) {
			rows, err := csv.NewReader(bytes.NewReader(readFile(t, p))).ReadAll()
			if err != nil || len(rows) != annotations+1 {
				t.Errorf("%s: %d CSV rows, %v; want a header and %d", p, len(rows), err, annotations)
			}
		}},
		{"export html", []string{"export", "--db", db, "--story", story, "--format", "html"}, 1 * time.Second, func(t *testing.T, p string) {
			if b := bytes.TrimSpace(readFile(t, p)); !bytes.HasSuffix(b, []byte("</html>")) {
				t.Errorf("%s: HTML of %d bytes does not end with </html>", p, len(b))
			}
		}},
		{"export pdf", []string{"export", "--db", db, "--story", story, "--format", "pdf"}, 2 * time.Second, func(t *testing.T, p string) {
			if b := bytes.TrimSpace(readFile(t, p)); !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.HasSuffix(b, []byte("%%EOF")) {
				t.Errorf("%s: PDF of %d bytes is cut", p, len(b))
			}
		}},
	}
	for _, job := range jobs {
		t.Run(job.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "file")
			leftovers := func() []string {
				left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*"))
				return left
			}
			args, _ := json.Marshal(append(slices.Clone(job.args), "-o", out))
			env := map[string]string{envArgs: string(args)}

			// How long an uninterrupted run takes, process start included:
			// the median of three.
			var runs []time.Duration
			for range 3 {
				began := time.Now()
				if _, ok := startChild(t, "cli", env).wait(t); !ok {
					t.Fatalf("%s failed", job.name)
				}
				runs = append(runs, time.Since(began))
				job.check(t, out)
			}
			slices.Sort(runs)
			full := runs[1]

			budget, start := killBudget(job.budget), time.Now()
			iterations, complete, midWrite := 0, 0, 0
			for ; iterations < 40 && time.Since(start) < budget; iterations++ {
				for _, p := range append(leftovers(), out) {
					os.Remove(p)
				}
				c := startChild(t, "cli", env)
				// Anywhere in the run, or (half the time) in its second half,
				// where the file is written.
				d := time.Duration(rng.Int64N(int64(full) * 5 / 4))
				if rng.IntN(2) == 0 {
					d = full/2 + time.Duration(rng.Int64N(int64(full)*3/4))
				}
				time.Sleep(d)
				c.kill()
				evs, _ := c.wait(t)
				if len(leftovers()) > 0 {
					midWrite++ // killed while the temporary file was being written
				}
				_, err := os.Stat(out)
				switch {
				case err == nil:
					complete++
					job.check(t, out)
				case countType(evs, "ACK") > 0:
					t.Fatalf("acknowledged but %s is missing: %v", out, err)
				}
				if t.Failed() {
					t.Fatalf("stopping after iteration %d (kill %v after start); replay with -args -crash.seed=%d", iterations, d, seed)
				}
			}
			// A run to the end cleans up what killed ones left.
			if _, ok := startChild(t, "cli", env).wait(t); !ok {
				t.Fatalf("%s failed", job.name)
			}
			if left := leftovers(); len(left) > 0 && job.name == "backup" {
				t.Errorf("temporary files left after a complete backup: %v", left)
			}
			t.Logf("%s: %d children killed (uninterrupted run %v, process start included), %d while writing the file; %d left a complete file, %d none",
				job.name, iterations, full.Round(time.Millisecond), midWrite, complete, iterations-complete)
		})
	}
	if s := verifyStore(t, db); len(s.versions) != articles || len(s.annotations) != annotations {
		t.Errorf("store holds %d versions and %d annotations after the kills, want %d and %d", len(s.versions), len(s.annotations), articles, annotations)
	}
}

// checkBackup fails unless the file at path is a sound store holding n
// articles.
func checkBackup(t *testing.T, path string, n int) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	var count int
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("backup %s: integrity_check %q, %v", path, check, err)
		return
	}
	if err := db.QueryRow(`SELECT count(*) FROM article_versions`).Scan(&count); err != nil || count != n {
		t.Errorf("backup %s holds %d versions (%v), want %d", path, count, err, n)
	}
}

// versionKey names an article version.
type versionKey struct {
	article int64
	version int
}

// storeState is what verifyStore read from a sound store.
type storeState struct {
	versions    map[versionKey]string // body hash
	hashes      map[string]bool
	annotations map[int64]annState
	stale       int
}

// verifyStore checks the store at path as a user's next start would find
// it: it opens, passes PRAGMA integrity_check and foreign_key_check, its
// search indices match their content, and nothing is half-written: every
// article has its latest version, every version's body matches its hash and
// length, every annotation and quote lies inside the text it indexes and
// holds the text it claims, and no text is stored twice.
func verifyStore(t *testing.T, path string) storeState {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatalf("the store does not open: %v", err)
	}
	anns, err := st.Annotations(ctx, storage.AnnotationFilter{})
	if err != nil {
		t.Fatalf("annotations: %v", err)
	}
	stale, err := st.StaleStories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Articles stored but not yet indexed for search when the process died
	// are indexed now, and the index must then agree with them.
	if _, err := st.IndexPending(ctx, nil); err != nil {
		t.Fatal(err)
	}
	st.Close()

	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := storeState{versions: map[versionKey]string{}, hashes: map[string]bool{}, annotations: map[int64]annState{}, stale: len(stale)}

	var check string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q, %v", check, err)
	}
	if rows := queryStrings(t, db, `SELECT "table" || ' row ' || rowid FROM pragma_foreign_key_check`); len(rows) > 0 {
		t.Errorf("foreign_key_check: %v", rows)
	}
	for _, fts := range []string{"article_fts", "annotation_fts"} {
		if _, err := db.Exec(`INSERT INTO ` + fts + `(` + fts + `, rank) VALUES ('integrity-check', 1)`); err != nil {
			t.Errorf("%s integrity-check: %v", fts, err)
		}
	}

	bodies := map[versionKey]annotate.Text{}
	rows, err := db.Query(`SELECT article_id, version, body, chars, hash FROM article_versions`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k versionKey
		var body, hash string
		var chars int
		if err := rows.Scan(&k.article, &k.version, &body, &chars, &hash); err != nil {
			t.Fatal(err)
		}
		if body == "" || !utf8.ValidString(body) || annotate.ContentHash(body) != hash || utf8.RuneCountInString(body) != chars {
			t.Errorf("article %d v%d: body of %d bytes does not match its hash or length", k.article, k.version, len(body))
		}
		if s.hashes[hash] {
			t.Errorf("article %d v%d: the same text is stored twice", k.article, k.version)
		}
		s.versions[k], s.hashes[hash] = hash, true
		bodies[k] = annotate.NewText(body)
	}
	rows.Close()

	for _, r := range queryStrings(t, db, `SELECT a.id || ' latest ' || a.latest_version || ' has ' || count(v.version) || ' versions, max ' || coalesce(max(v.version), 0)
		FROM articles a LEFT JOIN article_versions v ON v.article_id = a.id GROUP BY a.id
		HAVING count(v.version) <> a.latest_version OR coalesce(max(v.version), 0) <> a.latest_version`) {
		t.Errorf("article %s: half-written", r)
	}

	rows, err = db.Query(`SELECT id, article_id, article_version, span_start, span_end, exact FROM annotations`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var k versionKey
		var sp annotate.Span
		var exact string
		if err := rows.Scan(&id, &k.article, &k.version, &sp.Start, &sp.End, &exact); err != nil {
			t.Fatal(err)
		}
		body, ok := bodies[k]
		switch {
		case !ok:
			t.Errorf("annotation %d indexes article %d v%d, which is not stored", id, k.article, k.version)
		case sp.Check(body.Len()) != nil || sp.Empty():
			t.Errorf("annotation %d: span %d-%d outside its body of %d code points", id, sp.Start, sp.End, body.Len())
		case body.Slice(sp) != exact:
			t.Errorf("annotation %d: span holds %q, exact text %q", id, body.Slice(sp), exact)
		}
	}
	rows.Close()

	rows, err = db.Query(`SELECT q.id, q.article_id, q.last_version, q.span_start, q.span_end, q.text, q.in_title, v.title
		FROM quotes q LEFT JOIN article_versions v ON v.article_id = q.article_id AND v.version = q.last_version`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var k versionKey
		var sp annotate.Span
		var text string
		var inTitle bool
		var title sql.NullString
		if err := rows.Scan(&id, &k.article, &k.version, &sp.Start, &sp.End, &text, &inTitle, &title); err != nil {
			t.Fatal(err)
		}
		in, ok := bodies[k]
		if inTitle {
			in = annotate.NewText(title.String)
		}
		if !ok || sp.Check(in.Len()) != nil || in.Slice(sp) != text {
			t.Errorf("quote %d of article %d v%d: span %d-%d does not hold its text", id, k.article, k.version, sp.Start, sp.End)
		}
	}
	rows.Close()

	for _, a := range anns {
		s.annotations[a.ID] = annState{a.Note, string(a.Kind), string(a.Status), strings.Join(a.Tags, ","), a.Span}
	}
	return s
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func queryStrings(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}
