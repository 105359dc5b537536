package cli_test

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// updateCompare rewrites testdata/compare.golden; it has its own name so
// it cannot clash with another test file's -update flag.
var updateCompare = flag.Bool("update-compare", false, "rewrite testdata/compare.golden")

type coverageOut struct {
	Story *struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"story"`
	Coverage struct {
		Unit     string `json:"unit"`
		Articles []struct {
			ArticleID       int64   `json:"article_id"`
			Outlet          string  `json:"outlet"`
			Title           string  `json:"title"`
			Words           int     `json:"words"`
			SharedWords     int     `json:"shared_words"`
			Shared          float64 `json:"shared"`
			Sentences       int     `json:"sentences"`
			SharedSentences int     `json:"shared_sentences"`
			Cluster         *int    `json:"cluster"`
		} `json:"articles"`
		Outlets []struct {
			Outlet   string  `json:"outlet"`
			Articles int     `json:"articles"`
			Shared   float64 `json:"shared"`
		} `json:"outlets"`
		Pairs []struct {
			A        int64 `json:"a"`
			B        int64 `json:"b"`
			Links    int   `json:"links"`
			NearCopy bool  `json:"near_copy"`
		} `json:"pairs"`
		Clusters [][]int64 `json:"clusters"`
		Sources  int       `json:"sources"`
	} `json:"coverage"`
	Alignments []struct {
		A          int64 `json:"a"`
		B          int64 `json:"b"`
		SentencesA []struct {
			Start int    `json:"start"`
			End   int    `json:"end"`
			Text  string `json:"text"`
		} `json:"sentences_a"`
		SentencesB []struct {
			Text string `json:"text"`
		} `json:"sentences_b"`
		Links []struct {
			A          []int   `json:"a"`
			B          []int   `json:"b"`
			Similarity float64 `json:"similarity"`
			Exact      bool    `json:"exact"`
			Ops        []struct {
				Op   string `json:"op"`
				Text string `json:"text"`
			} `json:"ops"`
		} `json:"links"`
		OnlyA []int `json:"only_a"`
		OnlyB []int `json:"only_b"`
	} `json:"alignments"`
}

// importGlassworks imports the five articles of testdata/compare (a wire
// story, two reprints of it, a broadsheet's own report and a blog) and
// returns the article ids by outlet.
func importGlassworks(t *testing.T, db string) map[string]int64 {
	t.Helper()
	if code, _, errs := run(t, db, "import", filepath.Join("testdata", "compare")); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	code, out, _ := run(t, db, "articles", "--json")
	if code != 0 {
		t.Fatal("articles failed")
	}
	ids := map[string]int64{}
	for _, a := range decode[[]article](t, out) {
		ids[a.Outlet] = a.ID
	}
	if len(ids) != 5 {
		t.Fatalf("articles %v", ids)
	}
	return ids
}

func TestCompareStory(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	ids := importGlassworks(t, db)

	code, out, errs := run(t, db, "compare", "--story", "Glassworks strike", "--json")
	if code != 0 {
		t.Fatalf("compare: exit %d: %s", code, errs)
	}
	res := decode[coverageOut](t, out)
	if res.Story == nil || res.Story.Name != "Glassworks strike" || res.Coverage.Unit != "words" {
		t.Errorf("story %+v, unit %q", res.Story, res.Coverage.Unit)
	}
	wire := []int64{ids["Allied Newswire"], ids["Valley Courier"], ids["Kestrell Post"]}
	slices.Sort(wire)
	if len(res.Coverage.Clusters) != 1 || !slices.Equal(res.Coverage.Clusters[0], wire) {
		t.Errorf("clusters %v, want [%v]", res.Coverage.Clusters, wire)
	}
	if res.Coverage.Sources != 3 {
		t.Errorf("sources %d, want 3", res.Coverage.Sources)
	}
	for _, a := range res.Coverage.Articles {
		inWire := slices.Contains(wire, a.ArticleID)
		if inWire != (a.Cluster != nil) || (a.Cluster != nil && *a.Cluster != 0) {
			t.Errorf("%s cluster %v", a.Outlet, a.Cluster)
		}
		if a.Title == "" || a.Words == 0 || a.Sentences == 0 {
			t.Errorf("article line %+v", a)
		}
		if inWire && a.Shared < 0.95 || a.Outlet == "The Chronicle" && a.Shared != 0 {
			t.Errorf("%s shares %.2f", a.Outlet, a.Shared)
		}
	}
	if len(res.Coverage.Outlets) != 5 {
		t.Errorf("%d outlets", len(res.Coverage.Outlets))
	}
	if len(res.Alignments) != 10 {
		t.Fatalf("%d alignments, want every pair of 5 articles (10)", len(res.Alignments))
	}
	for _, al := range res.Alignments {
		if al.OnlyA == nil || al.OnlyB == nil {
			t.Errorf("only_a/only_b must be arrays: %+v", al)
		}
		for _, l := range al.Links {
			if l.Ops == nil {
				t.Errorf("ops must be an array")
			}
			if len(l.A) == 0 || len(l.B) == 0 || l.Similarity <= 0 {
				t.Errorf("link %+v", l)
			}
		}
		for _, s := range al.SentencesA {
			if s.End <= s.Start || s.Text == "" {
				t.Errorf("sentence %+v", s)
			}
		}
	}

	code, text, errs := run(t, db, "compare", "--story", "Glassworks strike")
	if code != 0 {
		t.Fatalf("compare: exit %d: %s", code, errs)
	}
	golden := filepath.Join("testdata", "compare.golden")
	if *updateCompare {
		if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if want, err := os.ReadFile(golden); err != nil {
		t.Fatalf("%v (rerun with -update-compare to create it)", err)
	} else if text != string(want) {
		t.Errorf("compare output differs from %s (rerun with -update-compare and read the diff):\n%s", golden, text)
	}
}

func TestComparePair(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	ids := importGlassworks(t, db)
	a, b := ids["Allied Newswire"], ids["Kestrell Post"]
	code, out, errs := run(t, db, "compare", "--a", strconv.FormatInt(a, 10), "--b", strconv.FormatInt(b, 10), "--json")
	if code != 0 {
		t.Fatalf("compare pair: exit %d: %s", code, errs)
	}
	res := decode[coverageOut](t, out)
	if len(res.Alignments) != 1 || res.Alignments[0].A != a || res.Alignments[0].B != b {
		t.Fatalf("alignments %+v", res.Alignments)
	}
	al := res.Alignments[0]
	// The trimmed reprint: its five sentences all link, the lede with the
	// dateline dropped; the wire's last five are only in the wire.
	if len(al.Links) != 5 || len(al.OnlyB) != 0 || len(al.OnlyA) != len(al.SentencesA)-5 {
		t.Errorf("links %d, only a %v, only b %v", len(al.Links), al.OnlyA, al.OnlyB)
	}
	lede := al.Links[0]
	if lede.Exact || len(lede.Ops) < 2 || lede.Ops[0].Op != "delete" || !strings.Contains(lede.Ops[0].Text, "KESTRELL") {
		t.Errorf("lede link %+v, want a near match that deletes the dateline", lede)
	}
	// The coverage still covers the whole story.
	if len(res.Coverage.Articles) != 5 {
		t.Errorf("coverage of %d articles, want the story's 5", len(res.Coverage.Articles))
	}
}

func TestCompareErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	importGlassworks(t, db)
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"nothing to compare", []string{"compare"}, "--story"},
		{"half a pair", []string{"compare", "--a", "1"}, "together"},
		{"same article twice", []string{"compare", "--a", "1", "--b", "1"}, "same article"},
		{"unknown story", []string{"compare", "--story", "Nope"}, "not found"},
		{"unknown article", []string{"compare", "--a", "1", "--b", "999"}, "not found"},
		{"pair outside the story", []string{"compare", "--story", "Other", "--a", "1", "--b", "2"}, "not both in story"},
	} {
		code, _, errs := run(t, db, tt.args...)
		if code == 0 || !strings.Contains(errs, tt.want) {
			t.Errorf("%s: exit %d, stderr %q, want it to mention %q", tt.name, code, errs, tt.want)
		}
	}
}

type groupOut struct {
	Group *struct {
		ID        int64   `json:"id"`
		Speaker   string  `json:"speaker"`
		Canonical string  `json:"canonical"`
		QuoteIDs  []int64 `json:"quote_ids"`
	} `json:"group"`
}

type quotesOut struct {
	Quotes []struct {
		ID      int64  `json:"id"`
		Outlet  string `json:"outlet"`
		Text    string `json:"text"`
		InTitle bool   `json:"in_title"`
	} `json:"quotes"`
	Groups []struct {
		ID        int64   `json:"id"`
		Speaker   string  `json:"speaker"`
		Canonical string  `json:"canonical"`
		QuoteIDs  []int64 `json:"quote_ids"`
	} `json:"groups"`
}

const harbourBlog = `outlet: Harbour Watch
title: The vote, seen from the quay
story: Harbour vote
date: 2026-03-06

Down on the quay, few were celebrating.

“This is the most important decision we will make this decade,” Okafor told the chamber, to applause.
`

const harbourLate = `outlet: Valley Post
title: Harbour plan approved
story: Harbour vote
date: 2026-03-07

The plan was approved.

“This is the most important decision we’ll make this decade,” Mayor Okafor said.
`

func TestGroupCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	src := filepath.Join(dir, "src")
	write(t, src, "wire.txt", harbourWire)
	write(t, src, "daily.txt", harbourDaily)
	write(t, src, "blog.txt", harbourBlog)
	if code, _, errs := run(t, db, "import", src); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	quotes := func() quotesOut {
		t.Helper()
		code, out, errs := run(t, db, "quotes", "--json")
		if code != 0 {
			t.Fatalf("quotes: %s", errs)
		}
		return decode[quotesOut](t, out)
	}
	q := quotes()
	var decade int
	for i, g := range q.Groups {
		if strings.Contains(g.Canonical, "decade") {
			decade = i
		}
	}
	g := q.Groups[decade]
	outletOf := map[int64]string{}
	textOf := map[int64]string{}
	for _, x := range q.Quotes {
		outletOf[x.ID], textOf[x.ID] = x.Outlet, x.Text
	}
	outlets := func(ids []int64) []string {
		var out []string
		for _, id := range ids {
			if !slices.Contains(out, outletOf[id]) {
				out = append(out, outletOf[id])
			}
		}
		slices.Sort(out)
		return out
	}
	// The wire's quote is interrupted by its attribution: two quotes.
	if got := outlets(g.QuoteIDs); len(g.QuoteIDs) != 4 || !slices.Equal(got, []string{"Coastline Wire", "Daily Lantern", "Harbour Watch"}) {
		t.Fatalf("decade group %+v from %v", g, got)
	}
	var blog int64
	for _, id := range g.QuoteIDs {
		if outletOf[id] == "Harbour Watch" {
			blog = id
		}
	}
	gid := strconv.FormatInt(g.ID, 10)

	code, out, errs := run(t, db, "group", "speaker", "--json", gid, "Inès Okafor")
	if code != 0 {
		t.Fatalf("group speaker: %s", errs)
	}
	if r := decode[groupOut](t, out); r.Group == nil || r.Group.Speaker != "Inès Okafor" {
		t.Errorf("after speaker: %s", out)
	}
	code, out, errs = run(t, db, "group", "canonical", "--json", gid, strconv.FormatInt(blog, 10))
	if code != 0 {
		t.Fatalf("group canonical: %s", errs)
	}
	r := decode[groupOut](t, out)
	if r.Group == nil || r.Group.Canonical != textOf[blog] {
		t.Errorf("after canonical: %s", out)
	}
	gid = strconv.FormatInt(r.Group.ID, 10)

	code, out, errs = run(t, db, "group", "annotate", "--json", "--tag", "decade", gid)
	if code != 0 {
		t.Fatalf("group annotate: %s", errs)
	}
	anns := decode[[]annotation](t, out)
	if len(anns) != 4 {
		t.Fatalf("%d annotations, want one per quote: %s", len(anns), out)
	}
	for _, a := range anns {
		if a.Kind != "quote" || a.Speaker != "Inès Okafor" || !slices.Equal(a.Tags, []string{"decade"}) {
			t.Errorf("annotation %+v", a)
		}
	}

	// A late article arrives: the corrections hold after matching again.
	write(t, src, "late.txt", harbourLate)
	if code, _, errs := run(t, db, "import", filepath.Join(src, "late.txt")); code != 0 {
		t.Fatalf("import late: %s", errs)
	}
	q = quotes()
	for _, x := range q.Quotes {
		outletOf[x.ID], textOf[x.ID] = x.Outlet, x.Text
	}
	found := false
	for _, g := range q.Groups {
		if slices.Contains(g.QuoteIDs, blog) {
			found = true
			if len(g.QuoteIDs) != 5 || g.Speaker != "Inès Okafor" || g.Canonical != textOf[blog] {
				t.Errorf("after a new article: %+v, want 5 quotes, the pinned text and speaker", g)
			}
			gid = strconv.FormatInt(g.ID, 10)
		}
	}
	if !found {
		t.Fatal("pinned quote in no group")
	}

	// Split the blog off alone: it leaves every group.
	code, out, errs = run(t, db, "group", "split", "--json", gid, strconv.FormatInt(blog, 10))
	if code != 0 {
		t.Fatalf("group split: %s", errs)
	}
	if r := decode[groupOut](t, out); r.Group != nil {
		t.Errorf("a quote split off alone is in group %+v", r.Group)
	}
	code, out, _ = run(t, db, "group", "move", strconv.FormatInt(blog, 10), gid)
	if code != 0 || !strings.Contains(out, "group ") {
		t.Errorf("group move: exit %d, %s", code, out)
	}
	if code, _, errs := run(t, db, "group", "merge", gid, gid); code == 0 || !strings.Contains(errs, "itself") {
		t.Errorf("merging a group with itself: exit %d, %s", code, errs)
	}
}
