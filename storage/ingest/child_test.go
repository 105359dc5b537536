//go:build unix

package ingest_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"factdesk/annotate"
	"factdesk/storage"
	"factdesk/storage/ingest"
	"factdesk/ui/cli"
)

// The kill and multi-process tests run this test binary again as a child
// process (os.Args[0] -test.run=^TestChildProcess$), so no separate build is
// needed. The child learns what to do from environment variables and reports
// on stdout, one JSON event per line:
//
//	OP  {...}  before it starts a change (annotation edits)
//	ACK {...}  after the change is committed: acknowledged, like the CLI
//	           printing an id or the window showing the edit
//	DONE {...} at the end of a run
//	ERR text   when something reached the "user" as an error
const (
	envMode = "FACTDESK_CHILD"      // import, annotate, mixed, cli
	envDB   = "FACTDESK_CHILD_DB"   // store path
	envSrc  = "FACTDESK_CHILD_SRC"  // folder to import
	envSeed = "FACTDESK_CHILD_SEED" // seed of the child's own random choices
	envOps  = "FACTDESK_CHILD_OPS"  // annotation edits to make
	envTok  = "FACTDESK_CHILD_TOK"  // prefix of the tokens of its edits
	envOwn  = "FACTDESK_CHILD_OWN"  // prefix of the notes of the annotations it may change
	envArgs = "FACTDESK_CHILD_ARGS" // command line, as a JSON array, of a cli child
)

// event is one line of the child's report.
type event struct {
	Type string `json:"-"` // OP, ACK, DONE
	Op   string `json:"op"`
	// imports
	Path    string `json:"path,omitempty"`
	Article int64  `json:"article,omitempty"`
	Version int    `json:"version,omitempty"`
	Outcome string `json:"outcome,omitempty"`
	Hash    string `json:"hash,omitempty"`
	// annotation edits: Token is written into the note and names the edit
	Token  string   `json:"token,omitempty"`
	ID     int64    `json:"id,omitempty"`
	Start  int      `json:"start,omitempty"`
	End    int      `json:"end,omitempty"`
	Kind   string   `json:"kind,omitempty"`
	Status string   `json:"status,omitempty"`
	Tags   []string `json:"tags,omitempty"`
	// Rev is the store's revision read after the commit.
	Rev int64 `json:"rev,omitempty"`
	// DONE of an import
	Created    int    `json:"created,omitempty"`
	Duplicates int    `json:"duplicates,omitempty"`
	Versions   int    `json:"versions,omitempty"`
	Failed     int    `json:"failed,omitempty"`
	MatchErr   string `json:"match_err,omitempty"`
	// arrived is when the parent read the line.
	arrived time.Time
}

// TestChildProcess is not a test of its own: it is the body of the child
// processes the kill and multi-process tests start and skips otherwise.
func TestChildProcess(t *testing.T) {
	mode := os.Getenv(envMode)
	if mode == "" {
		t.Skip("runs only as the child process of the kill and multi-process tests")
	}
	out := &reporter{w: os.Stdout}
	if err := runChild(context.Background(), mode, out); err != nil {
		fmt.Fprintf(os.Stdout, "ERR %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
		os.Exit(3)
	}
	os.Exit(0)
}

// reporter writes events, one line and one write each, so a kill never
// leaves half a line before a complete one.
type reporter struct {
	mu sync.Mutex
	w  io.Writer
}

func (r *reporter) send(typ string, ev event) {
	b, _ := json.Marshal(ev)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.w.Write([]byte(typ + " " + string(b) + "\n"))
}

func runChild(ctx context.Context, mode string, out *reporter) error {
	db := os.Getenv(envDB)
	seed, _ := strconv.ParseUint(os.Getenv(envSeed), 10, 64)
	ops, _ := strconv.Atoi(os.Getenv(envOps))
	if mode == "cli" {
		// A command, as a user or a script would run it.
		var args []string
		if err := json.Unmarshal([]byte(os.Getenv(envArgs)), &args); err != nil {
			return err
		}
		var stderr strings.Builder
		env := &cli.Env{Ctx: ctx, Stdout: io.Discard, Stderr: &stderr, Version: "child"}
		if code := cli.Run(env, args); code != 0 {
			return fmt.Errorf("%s: exit %d: %s", args[0], code, stderr.String())
		}
		out.send("ACK", event{Op: args[0]})
		return nil
	}

	st, err := storage.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	switch mode {
	case "import":
		return childImport(ctx, st, os.Getenv(envSrc), out)
	case "annotate":
		return childAnnotate(ctx, st, rand.New(rand.NewPCG(seed, 7)), ops, os.Getenv(envTok), os.Getenv(envOwn), out)
	case "mixed":
		// Imports and annotation edits at once, as the app and a script would.
		errs := make(chan error, 2)
		go func() { errs <- childImport(ctx, st, os.Getenv(envSrc), out) }()
		go func() {
			errs <- childAnnotate(ctx, st, rand.New(rand.NewPCG(seed, 7)), ops, os.Getenv(envTok), os.Getenv(envOwn), out)
		}()
		return errors.Join(<-errs, <-errs)
	}
	return fmt.Errorf("unknown child mode %q", mode)
}

// ackStore acknowledges every committed import.
type ackStore struct {
	*storage.Store
	out *reporter
}

func (s ackStore) ImportPrepared(ctx context.Context, p storage.Prepared) (storage.ImportResult, error) {
	res, err := s.Store.ImportPrepared(ctx, p)
	if err != nil {
		return res, err
	}
	doc := p.Doc
	rev, _ := s.Revision(ctx)
	s.out.send("ACK", event{Op: "import", Path: doc.Source, Article: res.ArticleID, Version: res.Version,
		Outcome: string(res.Outcome), Hash: annotate.ContentHash(doc.Body), Rev: rev})
	return res, nil
}

// childImport imports the folder src with ingest.Paths, as the CLI and the
// window do; every file of the test corpora is valid, so any failure is an
// error.
func childImport(ctx context.Context, st *storage.Store, src string, out *reporter) error {
	rep := ingest.Paths(ctx, ackStore{st, out}, []string{src}, annotate.Meta{}, nil)
	ev := event{Op: "import", Created: rep.Created, Duplicates: rep.Duplicates, Versions: rep.Versions, Failed: rep.Failed}
	if rep.MatchErr != nil {
		ev.MatchErr = rep.MatchErr.Error()
	}
	out.send("DONE", ev)
	var errs []error
	for _, f := range rep.Files {
		errs = append(errs, f.Err)
	}
	return errors.Join(append(errs, rep.MatchErr)...)
}

// childAnnotate makes ops random annotation edits of the seeded articles:
// creates, updates and deletes (of annotations whose note starts with owner,
// so that concurrent editors keep to their own). Each edit is announced (OP)
// and acknowledged once committed (ACK), with a unique token, prefix-i, as
// its note.
func childAnnotate(ctx context.Context, st *storage.Store, rng *rand.Rand, ops int, prefix, owner string, out *reporter) error {
	arts, err := st.Articles(ctx, storage.ArticleFilter{})
	if err != nil {
		return err
	}
	lengths := map[int64]int{}
	var ids []int64
	for _, a := range arts {
		if a.Source == "" || !strings.Contains(a.Source, "seed") {
			continue // annotate the seeded articles only
		}
		lengths[a.ID] = a.Chars
		ids = append(ids, a.ID)
	}
	if len(ids) == 0 {
		return errors.New("no seeded article to annotate")
	}
	anns, err := st.Annotations(ctx, storage.AnnotationFilter{})
	if err != nil {
		return err
	}
	var mine []annotate.Annotation
	for _, a := range anns {
		if strings.HasPrefix(a.Note, owner) {
			mine = append(mine, a)
		}
	}
	kinds := annotate.Kinds
	statuses := annotate.Statuses
	span := func(article int64) annotate.Span {
		n := lengths[article]
		l := 3 + rng.IntN(min(60, n-3))
		s := rng.IntN(n - l + 1)
		return annotate.Span{Start: s, End: s + l}
	}
	for i := range ops {
		token := fmt.Sprintf("%s-%d", prefix, i)
		tags := []string{"t" + strconv.Itoa(rng.IntN(5)), "op" + strconv.Itoa(i)}
		kind, status := kinds[rng.IntN(len(kinds))], statuses[rng.IntN(len(statuses))]
		r := rng.IntN(100)
		switch {
		case r < 45 || len(mine) == 0:
			article := ids[rng.IntN(len(ids))]
			sp := span(article)
			ev := event{Op: "create", Token: token, Article: article, Start: sp.Start, End: sp.End, Kind: string(kind), Status: string(status), Tags: tags}
			out.send("OP", ev)
			a, err := st.CreateAnnotation(ctx, annotate.Annotation{ArticleID: article, Span: sp, Kind: kind, Status: status, Note: token, Tags: tags})
			if err != nil {
				return err
			}
			mine = append(mine, a)
			ev.ID = a.ID
			ev.Rev, _ = st.Revision(ctx)
			out.send("ACK", ev)
		case r < 80:
			k := rng.IntN(len(mine))
			a := mine[k]
			a.Note, a.Kind, a.Status, a.Tags = token, kind, status, tags
			if rng.IntN(2) == 0 {
				a.Span = span(a.ArticleID)
			}
			ev := event{Op: "update", Token: token, ID: a.ID, Article: a.ArticleID, Start: a.Start, End: a.End, Kind: string(kind), Status: string(status), Tags: tags}
			out.send("OP", ev)
			if _, err := st.UpdateAnnotation(ctx, a); err != nil {
				return err
			}
			mine[k] = a
			ev.Rev, _ = st.Revision(ctx)
			out.send("ACK", ev)
		default:
			k := rng.IntN(len(mine))
			ev := event{Op: "delete", Token: token, ID: mine[k].ID}
			out.send("OP", ev)
			if err := st.DeleteAnnotation(ctx, mine[k].ID); err != nil {
				return err
			}
			mine = append(mine[:k], mine[k+1:]...)
			ev.Rev, _ = st.Revision(ctx)
			out.send("ACK", ev)
		}
	}
	return nil
}

// child is a running child process and what it has reported.
type child struct {
	cmd    *exec.Cmd
	events chan event // closed when its stdout ends
	stderr *strings.Builder
	errs   chan string
}

// startChild runs the test binary as a child in mode with the given
// environment variables.
func startChild(t *testing.T, mode string, env map[string]string) *child {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestChildProcess$", "-test.count=1", "-test.timeout=5m")
	cmd.Env = append(os.Environ(), envMode+"="+mode)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, events: make(chan event, 4096), stderr: &strings.Builder{}, errs: make(chan string, 16)}
	cmd.Stderr = &lockedWriter{w: c.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(c.events)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			ev, err := parseEvent(line)
			switch {
			case err != nil:
				c.errs <- err.Error()
			case ev.Type == "ERR":
				select {
				case c.errs <- ev.Op:
				default:
				}
			case ev.Type != "":
				c.events <- ev
			}
		}
	}()
	return c
}

// parseEvent reads one line of a child's report. Lines that are not events
// (the test framework's own) give an event with no Type; an ERR line gives
// Type ERR with the message in Op.
func parseEvent(line string) (event, error) {
	typ, payload, _ := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
	var ev event
	switch typ {
	case "OP", "ACK", "DONE":
		if err := json.Unmarshal([]byte(payload), &ev); err != nil {
			return ev, fmt.Errorf("bad line %q: %v", line, err)
		}
	case "ERR":
		ev.Op = payload
	default:
		return ev, nil
	}
	ev.Type, ev.arrived = typ, time.Now()
	return ev, nil
}

// kill ends the child with SIGKILL: no deferred call, no Close, no flush.
func (c *child) kill() {
	c.cmd.Process.Signal(syscall.SIGKILL)
}

// wait waits for the child to exit and returns every event it reported and
// whether it exited normally with status 0.
func (c *child) wait(t *testing.T) ([]event, bool) {
	t.Helper()
	var evs []event
	for ev := range c.events {
		evs = append(evs, ev)
	}
	err := c.cmd.Wait()
	close(c.errs)
	for e := range c.errs {
		t.Errorf("child reported an error: %s", e)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled() {
		return evs, false
	}
	if err != nil {
		t.Errorf("child: %v\nstderr:\n%s", err, c.stderr)
	}
	return evs, err == nil
}

// lockedWriter serialises writes to w.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// writeCorpus writes docs as header-format text files, one folder per
// story, prefixing file names with prefix, and returns the folder. Titles
// get the file's name, so that no two files are versions of one article
// (the generator may give an outlet the same headline twice).
func writeCorpus(t *testing.T, dir, prefix string, docs []annotate.Document) string {
	t.Helper()
	for i, d := range docs {
		d.Title = fmt.Sprintf("%s (%s-%04d)", d.Title, prefix, i)
		var b strings.Builder
		for _, kv := range [][2]string{{"outlet", d.Outlet}, {"url", d.URL}, {"title", d.Title}, {"byline", d.Byline}, {"story", d.Story}} {
			if kv[1] != "" {
				fmt.Fprintf(&b, "%s: %s\n", kv[0], kv[1])
			}
		}
		if !d.Published.IsZero() {
			fmt.Fprintf(&b, "date: %s\n", d.Published.Format(annotate.DateLayout))
		}
		fmt.Fprintf(&b, "\n%s\n", d.Body)
		p := filepath.Join(dir, fmt.Sprintf("story-%03d", i%40), fmt.Sprintf("%s-%04d.txt", prefix, i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
