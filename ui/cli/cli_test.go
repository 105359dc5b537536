package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"factdesk/ui/cli"
)

// run runs the CLI in-process against db and returns exit code, stdout, stderr.
func run(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cli.Env{Ctx: context.Background(), Stdout: &out, Stderr: &errb, Version: "test"}
	if db != "" {
		args = append([]string{args[0], "--db", db}, args[1:]...)
	}
	code := cli.Run(env, args)
	return code, out.String(), errb.String()
}

func write(t *testing.T, dir, name, content string) string {
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

const harbourWire = `outlet: Coastline Wire
url: https://coastline-wire.test/harbour-vote
date: 2026-03-04
title: Council approves harbour plan
story: Harbour vote

The council voted 7–2 on Tuesday to approve the harbour plan.

“This is the most important decision we’ll make this decade,” said Mayor Inès Okafor. “The waterfront belongs to everyone.”
`

const harbourDaily = `outlet: Daily Lantern
url: https://lantern.test/harbour
date: 2026-03-05
title: Harbour plan passes after late-night vote
story: Harbour vote

After a late-night session, councillors backed the redevelopment.

Mayor Okafor said: "This is the most important decision we'll make this decade."
`

type article struct {
	ID      int64  `json:"id"`
	Story   string `json:"story"`
	Outlet  string `json:"outlet"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	Date    string `json:"date"`
	Chars   int    `json:"chars"`
	Version int    `json:"version"`
}

type annotation struct {
	ID        int64    `json:"id"`
	ArticleID int64    `json:"article_id"`
	Outlet    string   `json:"outlet"`
	Start     int      `json:"start"`
	End       int      `json:"end"`
	Text      string   `json:"text"`
	Kind      string   `json:"kind"`
	Speaker   string   `json:"speaker"`
	Tags      []string `json:"tags"`
	Status    string   `json:"status"`
	Note      string   `json:"note"`
	Anchor    string   `json:"anchor"`
	CreatedAt string   `json:"created_at"`
	UpdatedAt string   `json:"updated_at"`
}

func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, s)
	}
	return v
}

func TestImportListAnnotate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "store", "f.db")
	src := filepath.Join(dir, "src")
	write(t, src, "wire.txt", harbourWire)
	write(t, src, "daily.txt", harbourDaily)
	write(t, src, "bad/empty.txt", "")
	write(t, src, "bad/blob.txt", "abc\x00\x01\x02def")
	write(t, src, "bad/latin1.txt", "caf\xe9 au lait\n")

	code, out, errs := run(t, db, "import", "--json", src)
	if code != 1 {
		t.Fatalf("import with bad files: exit %d, want 1\nstderr: %s", code, errs)
	}
	rep := decode[struct {
		Created int `json:"created"`
		Failed  int `json:"failed"`
		Files   []struct {
			Path, Outcome, Error string
		} `json:"files"`
	}](t, out)
	if rep.Created != 2 || rep.Failed != 3 {
		t.Fatalf("created %d failed %d, want 2 and 3: %s", rep.Created, rep.Failed, out)
	}
	for _, want := range []string{"empty.txt", "blob.txt", "latin1.txt"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr does not name %s:\n%s", want, errs)
		}
	}

	code, out, _ = run(t, db, "articles", "--json")
	if code != 0 {
		t.Fatalf("articles: exit %d", code)
	}
	arts := decode[[]article](t, out)
	if len(arts) != 2 {
		t.Fatalf("got %d articles, want 2: %s", len(arts), out)
	}
	var wire article
	for _, a := range arts {
		if a.Outlet == "Coastline Wire" {
			wire = a
		}
	}
	if wire.Story != "Harbour vote" || wire.Date != "2026-03-04" || wire.Version != 1 || wire.URL == "" {
		t.Fatalf("wire article metadata: %+v", wire)
	}

	// article prints the body exactly as stored; offsets are code points into it
	code, body, _ := run(t, db, "article", strconv.FormatInt(wire.ID, 10))
	if code != 0 || utf8.RuneCountInString(body) != wire.Chars {
		t.Fatalf("article: exit %d, %d code points, articles says %d", code, utf8.RuneCountInString(body), wire.Chars)
	}
	quote := "the most important decision we’ll make this decade"
	bi := strings.Index(body, quote)
	if bi < 0 {
		t.Fatalf("body lost its typography: %q", body)
	}
	start := utf8.RuneCountInString(body[:bi])
	end := start + utf8.RuneCountInString(quote)

	code, out, errs = run(t, db, "annotate", "--article", strconv.FormatInt(wire.ID, 10),
		"--start", strconv.Itoa(start), "--end", strconv.Itoa(end), "--kind", "quote",
		"--speaker", "Inès Okafor", "--tag", "harbour", "--tag", "mayor", "--note", "check the minutes", "--status", "confirmed")
	if code != 0 {
		t.Fatalf("annotate: exit %d: %s", code, errs)
	}
	id, err := strconv.ParseInt(strings.TrimSpace(out), 10, 64)
	if err != nil || id <= 0 {
		t.Fatalf("annotate printed %q, want an id", out)
	}

	code, out, _ = run(t, db, "annotations", "--json", "--article", strconv.FormatInt(wire.ID, 10))
	if code != 0 {
		t.Fatalf("annotations: exit %d", code)
	}
	anns := decode[[]annotation](t, out)
	if len(anns) != 1 {
		t.Fatalf("got %d annotations, want 1", len(anns))
	}
	a := anns[0]
	if a.ID != id || a.Text != quote || a.Start != start || a.End != end || a.Kind != "quote" ||
		a.Speaker != "Inès Okafor" || a.Status != "confirmed" || a.Note != "check the minutes" ||
		strings.Join(a.Tags, ",") != "harbour,mayor" || a.Outlet != "Coastline Wire" || a.Anchor != "anchored" || a.CreatedAt == "" {
		t.Fatalf("annotation round trip: %+v", a)
	}

	// a span past the end of the body is refused with a message, exit 1
	code, _, errs = run(t, db, "annotate", "--article", strconv.FormatInt(wire.ID, 10), "--start", "5", "--end", "100000", "--kind", "fact")
	if code != 1 || !strings.Contains(errs, "outside") {
		t.Fatalf("out-of-range span: exit %d, stderr %q", code, errs)
	}

	code, out, _ = run(t, db, "search", "--json", "waterfront")
	hits := decode[[]struct {
		ArticleID int64  `json:"article_id"`
		Snippet   string `json:"snippet"`
		Offset    int    `json:"offset"`
	}](t, out)
	if code != 0 || len(hits) != 1 || hits[0].ArticleID != wire.ID {
		t.Fatalf("search waterfront: exit %d, %s", code, out)
	}
	if got := string([]rune(body)[hits[0].Offset:][:10]); !strings.EqualFold(got[:10], "waterfront") {
		t.Fatalf("search offset %d points at %q", hits[0].Offset, got)
	}
}

func TestImportDedupeAndVersions(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	p := write(t, dir, "wire.txt", harbourWire)
	if code, _, errs := run(t, db, "import", p); code != 0 {
		t.Fatalf("first import: exit %d: %s", code, errs)
	}
	code, out, _ := run(t, db, "import", "--json", p)
	if code != 0 || !strings.Contains(out, `"duplicates": 1`) {
		t.Fatalf("second import of the same file: exit %d\n%s", code, out)
	}
	// the outlet updates the article: same url, changed text
	p2 := write(t, dir, "wire-v2.txt", strings.Replace(harbourWire, "7–2", "seven to two", 1))
	code, out, _ = run(t, db, "import", "--json", p2)
	if code != 0 || !strings.Contains(out, `"new_versions": 1`) {
		t.Fatalf("changed import: exit %d\n%s", code, out)
	}
	_, out, _ = run(t, db, "articles", "--json")
	arts := decode[[]article](t, out)
	if len(arts) != 1 || arts[0].Version != 2 {
		t.Fatalf("want one article at version 2, got %+v", arts)
	}
	_, out, _ = run(t, db, "versions", "--json", strconv.FormatInt(arts[0].ID, 10))
	if vs := decode[[]article](t, out); len(vs) != 2 {
		t.Fatalf("want 2 versions, got %s", out)
	}
	code, out, _ = run(t, db, "versions", "--diff", "1,2", strconv.FormatInt(arts[0].ID, 10))
	if code != 0 || !strings.Contains(out, "seven to two") {
		t.Fatalf("versions --diff: exit %d\n%s", code, out)
	}
}

func TestDiff(t *testing.T) {
	a := "We will not back down on tariffs, not now and not ever."
	b := "We will not back down on tariffs — not now, not ever."
	code, out, _ := run(t, "", "diff", "--json", a, b)
	if code != 0 {
		t.Fatalf("diff: exit %d", code)
	}
	d := decode[struct {
		Similarity float64 `json:"similarity"`
		Ops        []struct{ Op, Text string }
	}](t, out)
	var ra, rb strings.Builder
	for _, o := range d.Ops {
		if o.Op != "insert" {
			ra.WriteString(o.Text)
		}
		if o.Op != "delete" {
			rb.WriteString(o.Text)
		}
	}
	if ra.String() != a || rb.String() != b {
		t.Fatalf("ops do not rebuild the texts:\n%q\n%q", ra.String(), rb.String())
	}
	if d.Similarity <= 0.5 || d.Similarity >= 1 {
		t.Fatalf("similarity %v out of the plausible range", d.Similarity)
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	notDB := write(t, dir, "notes.db", "these are my notes, not a database\n")
	before, _ := os.ReadFile(notDB)
	tests := []struct {
		name     string
		args     []string
		code     int
		stderrIs string
	}{
		{"not a store", []string{"articles", "--db", notDB}, 1, "not"},
		{"unknown command", []string{"frobnicate"}, 2, "unexpected"},
		{"bad kind", []string{"annotate", "--db", filepath.Join(dir, "x.db"), "--article", "1", "--start", "0", "--end", "1", "--kind", "opinion"}, 2, "kind"},
		{"missing article", []string{"article", "--db", filepath.Join(dir, "y.db"), "42"}, 1, "article 42"},
		{"missing path", []string{"import", "--db", filepath.Join(dir, "z.db"), filepath.Join(dir, "nope")}, 1, "nope"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := run(t, "", tc.args...)
			if code != tc.code || !strings.Contains(strings.ToLower(errs), tc.stderrIs) {
				t.Fatalf("exit %d (want %d), stderr %q (want it to mention %q)", code, tc.code, errs, tc.stderrIs)
			}
		})
	}
	after, _ := os.ReadFile(notDB)
	if !bytes.Equal(before, after) {
		t.Fatal("a file that is not a store was modified")
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := run(t, "", "version")
	if code != 0 || out != "factdesk test\n" {
		t.Fatalf("version: %d %q", code, out)
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"import", "--help"}, {"annotate", "--help"}} {
		code, out, errs := run(t, "", args...)
		if code != 0 || !strings.Contains(out, "Usage: factdesk") || errs != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
}
