package cli_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

const factsBlog = `outlet: Riverside Blog
date: 2026-03-06
title: What the council didn't say
story: Harbour vote

Nobody told the fishing co-operative. The council voted 7–2, but the debate was <script>alert(1)</script> short.
`

// factsStore imports the harbour story into a new store and annotates it;
// it returns the store path and the annotation ids by name.
func factsStore(t *testing.T) (string, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	src := filepath.Join(dir, "src")
	write(t, src, "wire.txt", harbourWire)
	write(t, src, "daily.txt", harbourDaily)
	write(t, src, "blog.txt", factsBlog)
	if code, _, errs := run(t, db, "import", src); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	arts := decode[[]article](t, factsRun(t, db, "articles", "--json"))
	id := map[string]int64{}
	body := map[string]string{}
	for _, a := range arts {
		id[a.Outlet] = a.ID
		body[a.Outlet] = factsRun(t, db, "article", strconv.FormatInt(a.ID, 10))
	}
	ann := func(outlet, text string, args ...string) string {
		t.Helper()
		b := body[outlet]
		at := strings.Index(b, text)
		if at < 0 {
			t.Fatalf("%s has no %q", outlet, text)
		}
		start := len([]rune(b[:at]))
		end := start + len([]rune(text))
		out := factsRun(t, db, append([]string{"annotate", "--article", strconv.FormatInt(id[outlet], 10),
			"--start", strconv.Itoa(start), "--end", strconv.Itoa(end)}, args...)...)
		return strings.TrimSpace(out)
	}
	ids := map[string]string{
		"wire-vote":  ann("Coastline Wire", "voted 7–2 on Tuesday", "--kind", "fact", "--tag", "vote"),
		"blog-vote":  ann("Riverside Blog", "The council voted 7–2", "--kind", "fact"),
		"blog-short": ann("Riverside Blog", "<script>alert(1)</script> short", "--kind", "claim", "--note", "=HYPERLINK(\"x\")"),
		"daily-late": ann("Daily Lantern", "After a late-night session", "--kind", "note", "--status", "disputed"),
	}
	return db, ids
}

func factsRun(t *testing.T, db string, args ...string) string {
	t.Helper()
	code, out, errs := run(t, db, args...)
	if code != 0 {
		t.Fatalf("%s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	return out
}

func TestFactCommands(t *testing.T) {
	db, ids := factsStore(t)
	fid := strings.TrimSpace(factsRun(t, db, "fact", "add", "--story", "Harbour vote", "--text", "The council voted 7–2", "--status", "confirmed", "--note", "Minutes checked."))
	if _, err := strconv.Atoi(fid); err != nil {
		t.Fatalf("fact add printed %q, not an id", fid)
	}
	factsRun(t, db, "fact", "link", fid, ids["wire-vote"])
	factsRun(t, db, "fact", "link", fid, ids["blog-vote"])
	factsRun(t, db, "fact", "link", "--contradicts", fid, ids["daily-late"])

	type voice struct {
		Outlets []string `json:"outlets"`
	}
	facts := decode[[]struct {
		ID            int64   `json:"id"`
		Story         string  `json:"story"`
		Text          string  `json:"text"`
		Status        string  `json:"status"`
		Note          string  `json:"note"`
		Supporting    []voice `json:"supporting"`
		Contradicting []voice `json:"contradicting"`
		Silent        []voice `json:"silent"`
		Links         []struct {
			AnnotationID int64 `json:"annotation_id"`
			Contradicts  bool  `json:"contradicts"`
		} `json:"links"`
	}](t, factsRun(t, db, "facts", "--story", "Harbour vote", "--json"))
	if len(facts) != 1 {
		t.Fatalf("%d facts", len(facts))
	}
	f := facts[0]
	if strconv.FormatInt(f.ID, 10) != fid || f.Story != "Harbour vote" || f.Status != "confirmed" || f.Note != "Minutes checked." ||
		len(f.Supporting) != 2 || len(f.Contradicting) != 1 || f.Contradicting[0].Outlets[0] != "Daily Lantern" ||
		len(f.Silent) != 0 || len(f.Links) != 3 {
		t.Errorf("fact %+v", f)
	}

	// Plain text names the outlets on each side.
	out := factsRun(t, db, "facts")
	for _, want := range []string{"[confirmed] The council voted 7–2", "Coastline Wire, Riverside Blog", "contradicted by  Daily Lantern"} {
		if !strings.Contains(out, want) {
			t.Errorf("facts output lacks %q:\n%s", want, out)
		}
	}

	factsRun(t, db, "fact", "set", fid, "--status", "disputed", "--note", "")
	factsRun(t, db, "fact", "unlink", fid, ids["daily-late"])
	out = factsRun(t, db, "facts", "--json")
	if !strings.Contains(out, `"status": "disputed"`) || !strings.Contains(out, `"note": ""`) || !strings.Contains(out, `"contradicting": []`) {
		t.Errorf("after set/unlink: %s", out)
	}
	factsRun(t, db, "fact", "delete", fid)
	if out := factsRun(t, db, "facts", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("after delete: %s", out)
	}

	// Errors are reported, with a non-zero exit.
	for _, args := range [][]string{
		{"fact", "add", "--story", "No such story", "--text", "x"},
		{"fact", "add", "--story", "Harbour vote", "--text", "x", "--status", "maybe"},
		{"fact", "link", "999", ids["wire-vote"]},
		{"fact", "set", "999", "--text", "x"},
	} {
		if code, _, errs := run(t, db, args...); code == 0 || errs == "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, errs)
		}
	}
}

func TestExportCommand(t *testing.T) {
	db, ids := factsStore(t)
	fid := strings.TrimSpace(factsRun(t, db, "fact", "add", "--story", "Harbour vote", "--text", "The council voted 7–2", "--status", "confirmed"))
	factsRun(t, db, "fact", "link", fid, ids["wire-vote"])
	dir := t.TempDir()

	// Every format to stdout and to a file: the same bytes but for the
	// footer's time, and no temporary file left behind.
	for _, f := range []string{"md", "html", "json", "csv", "claimreview", "pdf"} {
		path := filepath.Join(dir, "sheet."+f)
		factsRun(t, db, "export", "--story", "Harbour vote", "--format", f, "-o", path)
		data, err := os.ReadFile(path)
		if err != nil || len(data) == 0 {
			t.Fatalf("%s: %v, %d bytes", f, err, len(data))
		}
		if f == "pdf" {
			if !bytes.HasPrefix(data, []byte("%PDF-")) {
				t.Errorf("pdf starts %q", data[:8])
			}
			continue
		}
		out := factsRun(t, db, "export", "--story", "Harbour vote", "--format", f)
		if len(out) == 0 {
			t.Errorf("%s: nothing on stdout", f)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}

	// The HTML is one inert page with the fact and the hostile text as text.
	doc, err := html.Parse(strings.NewReader(factsRun(t, db, "export", "--story", "Harbour vote", "--format", "html")))
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "script" {
			t.Error("script element in the HTML export")
		}
		if n.Type == html.TextNode {
			text.WriteString(n.Data)
		}
	}
	if !strings.Contains(text.String(), "The council voted 7–2") || !strings.Contains(text.String(), "<script>alert(1)</script> short") {
		t.Error("HTML export lacks the fact or the escaped article text")
	}

	// The CSV neutralises the formula in the note.
	rows, err := csv.NewReader(strings.NewReader(factsRun(t, db, "export", "--story", "Harbour vote", "--format", "csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 {
		t.Fatalf("%d CSV rows", len(rows))
	}
	found := false
	for _, r := range rows {
		for _, c := range r {
			if strings.Contains(c, "HYPERLINK") {
				found = true
				if !strings.HasPrefix(c, "'=") {
					t.Errorf("formula cell %q not neutralised", c)
				}
			}
		}
	}
	if !found {
		t.Error("note with a formula missing from the CSV")
	}

	// A failed export leaves an existing file as it was.
	keep := filepath.Join(dir, "keep.md")
	write(t, dir, "keep.md", "old sheet")
	if code, _, _ := run(t, db, "export", "--story", "No such story", "--format", "md", "-o", keep); code == 0 {
		t.Error("export of an unknown story succeeded")
	}
	if b, _ := os.ReadFile(keep); string(b) != "old sheet" {
		t.Errorf("failed export changed the file: %q", b)
	}
	if code, _, _ := run(t, db, "export", "--story", "Harbour vote", "--format", "docx"); code == 0 {
		t.Error("unknown format accepted")
	}
}

// TestExportImportW3C exports a store's annotations as W3C JSON-LD and
// imports them into a new store with the same articles.
func TestExportImportW3C(t *testing.T) {
	db, _ := factsStore(t)
	path := filepath.Join(t.TempDir(), "harbour.json")
	factsRun(t, db, "export", "--story", "Harbour vote", "--format", "json", "-o", path)

	// A second store with the same articles, imported in another order.
	dir := t.TempDir()
	db2 := filepath.Join(dir, "g.db")
	src := filepath.Join(dir, "src")
	write(t, src, "a-blog.txt", factsBlog)
	write(t, src, "b-daily.txt", harbourDaily)
	write(t, src, "c-wire.txt", harbourWire)
	factsRun(t, db2, "import", src)

	out := factsRun(t, db2, "import", "--format", "w3c", path)
	if !strings.Contains(out, "4 created, 0 duplicates, 0 skipped") {
		t.Errorf("import: %s", out)
	}
	strip := func(as []annotation) []string {
		var out []string
		for _, a := range as {
			out = append(out, strings.Join([]string{a.Outlet, strconv.Itoa(a.Start), strconv.Itoa(a.End), a.Text, a.Kind,
				a.Speaker, strings.Join(a.Tags, "|"), a.Status, a.Note}, "\x1f"))
		}
		return out
	}
	want := strip(decode[[]annotation](t, factsRun(t, db, "annotations", "--json")))
	got := strip(decode[[]annotation](t, factsRun(t, db2, "annotations", "--json")))
	if len(got) != len(want) {
		t.Fatalf("got %d annotations, want %d", len(got), len(want))
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			t.Errorf("annotation %q not imported", w)
		}
	}

	// Again: nothing new. A broken file: exit 1 and a clear message.
	out = factsRun(t, db2, "import", "--format", "w3c", "--json", path)
	if !strings.Contains(out, `"duplicates": 4`) {
		t.Errorf("second import: %s", out)
	}
	bad := write(t, dir, "bad.json", `{"type": "Annotation", "target": {"source": "https://x.test/"}}`)
	code, _, errs := run(t, db2, "import", "--format", "w3c", bad)
	if code != 1 || !strings.Contains(errs, "bad.json") || !strings.Contains(errs, "no TextQuoteSelector or TextPositionSelector") {
		t.Errorf("bad file: exit %d, stderr %q", code, errs)
	}
}
