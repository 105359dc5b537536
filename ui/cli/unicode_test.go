package cli_test

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Offsets are code points into the body as stored, whatever the script:
// right-to-left text, combining characters and emoji keep their offsets
// through import, `annotate`, `annotations --json`, and re-anchoring when a
// changed version is imported.
func TestUnicodeOffsetsEndToEnd(t *testing.T) {
	targets := []string{
		"שלום עולם",                 // Hebrew
		"قال الوزير",                // Arabic
		"Zoe\u0308’s cafe\u0301",    // combining diaeresis and acute
		"👩🏽‍⚕️ nurse",               // skin tone, ZWJ, variation selector
		"🇫🇷 flag",                   // regional indicators
		"a\u202eRLO\u202c override", // bidi override characters, kept as text
	}
	var body strings.Builder
	for i, s := range targets {
		body.WriteString("Item " + strconv.Itoa(i) + ": " + s + ", then more words.\n\n")
	}
	header := "outlet: Coastline Wire\nurl: https://coastline-wire.test/unicode\ntitle: Unicode at the harbour\nstory: Unicode\n\n"
	dir := t.TempDir()
	db := dir + "/f.db"
	v1 := write(t, dir, "v1.txt", header+body.String())
	if code, _, errs := run(t, db, "import", v1); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	_, out, _ := run(t, db, "articles", "--json")
	arts := decode[[]article](t, out)
	if len(arts) != 1 {
		t.Fatalf("articles: %s", out)
	}
	id := strconv.FormatInt(arts[0].ID, 10)
	_, stored, _ := run(t, db, "article", id)

	// Annotate each target at offsets computed from the body the CLI printed.
	spans := map[int64][2]int{}
	for _, s := range targets {
		i := strings.Index(stored, s)
		if i < 0 {
			t.Fatalf("the stored body lost %q", s)
		}
		start := utf8.RuneCountInString(stored[:i])
		end := start + utf8.RuneCountInString(s)
		code, out, errs := run(t, db, "annotate", "--article", id, "--start", strconv.Itoa(start), "--end", strconv.Itoa(end), "--kind", "quote", "--note", s)
		if code != 0 {
			t.Fatalf("annotate %q: %s", s, errs)
		}
		aid, _ := strconv.ParseInt(strings.TrimSpace(out), 10, 64)
		spans[aid] = [2]int{start, end}
	}
	check := func(when string, shift int, anchor string) {
		t.Helper()
		_, out, _ := run(t, db, "annotations", "--json")
		anns := decode[[]annotation](t, out)
		if len(anns) != len(targets) {
			t.Fatalf("%s: %d annotations, want %d", when, len(anns), len(targets))
		}
		_, body, _ := run(t, db, "article", id)
		runes := []rune(body)
		for _, a := range anns {
			want := spans[a.ID]
			if a.Start != want[0]+shift || a.End != want[1]+shift || a.Text != a.Note || a.Anchor != anchor {
				t.Errorf("%s: annotation %d at %d-%d %q (%s), want %d-%d %q (%s)", when, a.ID, a.Start, a.End, a.Text, a.Anchor, want[0]+shift, want[1]+shift, a.Note, anchor)
			}
			if got := string(runes[a.Start:a.End]); got != a.Note {
				t.Errorf("%s: the body at %d-%d holds %q, want %q", when, a.Start, a.End, got, a.Note)
			}
		}
	}
	check("after annotating", 0, "anchored")

	// The outlet adds a line at the top, itself full of such characters.
	added := "Update: 🚢 ferries resume — עדכון.\n\n"
	v2 := write(t, dir, "v2.txt", header+added+body.String())
	if code, out, errs := run(t, db, "import", "--json", v2); code != 0 || !strings.Contains(out, `"new_versions": 1`) {
		t.Fatalf("import of the changed version: %s %s", out, errs)
	}
	check("after the new version", utf8.RuneCountInString(added), "moved")
}
