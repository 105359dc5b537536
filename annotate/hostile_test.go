package annotate_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"factdesk/annotate"
)

// Hostile and broken input, as issue 7 lists it: every case ends with a clear
// per-file error or a clean document, in bounded time, and never blocks.

// hangLimit is far beyond what any case needs (see the logged times); it
// only catches a hang or a blow-up, not a slow machine.
const hangLimit = 60 * time.Second

// within runs fn and fails the test if it has not returned after limit.
func within(t *testing.T, limit time.Duration, what string, fn func()) time.Duration {
	t.Helper()
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
		return time.Since(start)
	case <-time.After(limit):
		t.Fatalf("%s did not return within %v", what, limit)
		return 0
	}
}

// hostileFile writes content to dir/name and returns the path.
func hostileFile(t *testing.T, dir, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkInputError checks err is an *InputError naming path, matching want,
// on one line.
func checkInputError(t *testing.T, err error, path string, want error) {
	t.Helper()
	var ie *annotate.InputError
	switch {
	case err == nil:
		t.Fatalf("%s: no error, want %v", path, want)
	case !errors.As(err, &ie):
		t.Fatalf("%s: error %v is not an *InputError", path, err)
	case ie.Path != path:
		t.Errorf("error names %q, want %q", ie.Path, path)
	case want != nil && !errors.Is(err, want):
		t.Errorf("%s: error %v, want %v", path, err, want)
	case strings.ContainsAny(err.Error(), "\n\r"):
		t.Errorf("error message is not one line: %q", err)
	}
}

func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()

	// A 1 GB file, sparse so the test writes nothing: refused from its size
	// alone. The message gives the size, which only Stat knows: the read is
	// capped far below it.
	huge := filepath.Join(dir, "huge.txt")
	if err := os.WriteFile(huge, []byte("title: Huge\n\nText"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 1<<30); err != nil {
		t.Fatal(err)
	}
	var err error
	d := within(t, 5*time.Second, "reading a 1 GB file", func() { _, err = annotate.ReadDocument(huge, annotate.Meta{}) })
	checkInputError(t, err, huge, annotate.ErrTooLarge)
	if err != nil && !strings.Contains(err.Error(), "1.0 GB") {
		t.Errorf("error %q does not give the file's size", err)
	}
	t.Logf("1 GB file refused in %v: %v", d, err)

	folder := filepath.Join(dir, "folder.txt")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	nul := hostileFile(t, dir, "nul.txt", []byte("title: NUL\n\nText with a \x00 in it."))
	latin1 := hostileFile(t, dir, "latin1.txt", []byte("Caf\xe9 cr\xe8me, the mayor said."))
	utf16 := hostileFile(t, dir, "utf16.txt", []byte("\xff\xfeH\x00i\x00"))
	blank := hostileFile(t, dir, "blank.md", []byte(" \n\t\u00a0\n\u200b\n"))
	newline := hostileFile(t, dir, "line\nbreak.txt", []byte("\x07"+strings.Repeat("\x01", 40)))

	tests := []struct {
		name, path string
		want       error
	}{
		{"directory with a source name", folder, annotate.ErrNotRegular},
		{"NUL byte", nul, annotate.ErrBinary},
		{"Latin-1", latin1, annotate.ErrInvalidUTF8},
		{"UTF-16", utf16, annotate.ErrBinary},
		{"only white space", blank, annotate.ErrEmpty},
		{"newline in the name, binary content", newline, annotate.ErrBinary},
		{"missing", filepath.Join(dir, "missing.txt"), os.ErrNotExist},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			within(t, hangLimit, tc.name, func() { _, err = annotate.ReadDocument(tc.path, annotate.Meta{}) })
			checkInputError(t, err, tc.path, tc.want)
		})
	}

	// A good file whose name holds a newline, right-to-left text and emoji
	// imports like any other; only its display is quoted.
	odd := hostileFile(t, dir, "שלום\n🚢 report.txt", []byte("title: Odd name\n\nThe ferry 🚢 left at noon."))
	doc, err := annotate.ReadDocument(odd, annotate.Meta{})
	if err != nil || doc.Source != odd || doc.Body != "The ferry 🚢 left at noon." {
		t.Errorf("odd name: %+v, %v", doc, err)
	}
}

// Markup built to blow up a parser: deep nesting, unclosed tags by the
// million, a huge attribute, header bombs. Each returns an error or a clean
// document, in bounded time.
func TestHostileMarkup(t *testing.T) {
	type input struct {
		name string
		data func() []byte
		big  bool // several MB; skipped in -short mode
	}
	rep := func(s string, n int) string { return strings.Repeat(s, n) }
	inputs := []input{
		{"100k nested divs.html", func() []byte {
			return []byte("<html><body>" + rep("<div>", 100_000) + "Deep text." + rep("</div>", 100_000) + "</body></html>")
		}, false},
		{"30k unclosed nested tags.html", func() []byte { return []byte(rep("<div><span><i>", 30_000) + "text") }, false},
		{"50k nested tables.html", func() []byte { return []byte(rep("<table>", 50_000) + "cell") }, false},
		{"10 MB of unclosed b.html", func() []byte {
			return []byte("<html><body><p>Start " + rep("<b>x ", 10<<20/5) + "</p></body></html>")
		}, true},
		{"10 MB of less-than.html", func() []byte { return []byte(rep("<", 10<<20)) }, true},
		{"10 MB attribute.html", func() []byte { return []byte(`<p title="` + rep("x", 10<<20) + `">hi</p>`) }, true},
		{"2M entities.html", func() []byte { return []byte("<p>" + rep("&amp;", 2<<20) + "</p>") }, true},
		{"100k nested quotes.md", func() []byte { return []byte(rep(">", 100_000) + " deep\n") }, false},
		{"2000-level list.md", func() []byte {
			var b strings.Builder
			for i := range 2000 {
				b.WriteString(rep("  ", i) + "- item\n")
			}
			return []byte(b.String())
		}, false},
		{"5 MB of brackets.md", func() []byte { return []byte("Text " + rep("[", 5<<20) + "\n") }, true},
		{"5 MB of backticks.md", func() []byte { return []byte("Text " + rep("`", 5<<20) + "\n") }, true},
		{"1M unclosed links.md", func() []byte { return []byte("Text " + rep("[a](", 1<<20) + "\n") }, true},
		{"300k header lines.txt", func() []byte {
			var b strings.Builder
			for i := range 300_000 {
				fmt.Fprintf(&b, "key%d: value\n", i)
			}
			return []byte("title: Headers\n" + b.String() + "\nBody text.\n")
		}, true},
		{"15 MB title.txt", func() []byte { return []byte("title: " + rep("x", 15<<20) + "\n\nBody.\n") }, true},
		{"one 15 MB line.txt", func() []byte { return []byte(rep("word ", 3<<20)) }, true},
		{"combining marks on one letter.txt", func() []byte { return []byte("Zalgo a" + rep("\u0301\u0316", 200_000) + " text.") }, false},
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			if in.big && testing.Short() {
				t.Skip("several MB; skipped in -short mode")
			}
			data := in.data()
			var doc annotate.Document
			var err error
			d := within(t, hangLimit, in.name, func() { doc, err = annotate.ParseDocument(in.name, data, annotate.Meta{}) })
			t.Logf("%d bytes in %v: body %d bytes, err %v", len(data), d.Round(time.Millisecond), len(doc.Body), err)
			if err != nil {
				checkInputError(t, err, in.name, nil)
				return
			}
			if doc.Body == "" || !utf8.ValidString(doc.Body) || annotate.NormalizeBody(doc.Body) != doc.Body {
				t.Errorf("body of %d bytes is empty, invalid or not normalised", len(doc.Body))
			}
			if utf8.RuneCountInString(doc.Title) > 500 || strings.ContainsAny(doc.Title, "\n\r") {
				t.Errorf("title of %d code points is not one bounded line", utf8.RuneCountInString(doc.Title))
			}
		})
	}
}

// Right-to-left text, combining characters and emoji keep their offsets: the
// importer keeps them as they are, a span over them holds exactly their text,
// and re-anchoring after an edit before them moves the span by exactly the
// inserted code points.
func TestHostileUnicodeSpans(t *testing.T) {
	targets := []string{
		"שלום עולם",              // Hebrew
		"قال الوزير",             // Arabic
		"Zoë’s café",             // precomposed
		"Zoe\u0308’s cafe\u0301", // combining diaeresis and acute
		"👩🏽‍⚕️ nurse",            // emoji with skin tone, ZWJ and variation selector
		"🇫🇷 flag",                // regional indicators
		"a\u202eRLO\u202c",       // a bidi override, kept as text
	}
	body := "Opening line.\n\n"
	for i, s := range targets {
		body += fmt.Sprintf("Item %d: %s, then more words.\n\n", i, s)
	}
	body = strings.TrimSpace(body)
	for _, format := range []struct{ name, src string }{
		{"text.txt", "title: Unicode\n\n" + body},
		{"page.md", "# Unicode\n\n" + body},
		{"page.html", "<html><head><title>Unicode</title></head><body><article><h1>Unicode</h1><p>" +
			strings.ReplaceAll(body, "\n\n", "</p><p>") + "</p></article></body></html>"},
	} {
		t.Run(format.name, func(t *testing.T) {
			doc, err := annotate.ParseDocument(format.name, []byte(format.src), annotate.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			edited := "Update: 🚢 ferries resume — עדכון.\n\n" + doc.Body
			shift := utf8.RuneCountInString("Update: 🚢 ferries resume — עדכון.\n\n")
			for _, s := range targets {
				i := strings.Index(doc.Body, s)
				if i < 0 {
					t.Errorf("the importer changed %q: %q", s, doc.Body)
					continue
				}
				sp := annotate.Span{Start: utf8.RuneCountInString(doc.Body[:i])}
				sp.End = sp.Start + utf8.RuneCountInString(s)
				a, err := annotate.NewAnnotation(1, doc.Body, sp, annotate.KindQuote)
				if err != nil || a.Exact != s {
					t.Errorf("span %v holds %q, want %q (%v)", sp, a.Exact, s, err)
					continue
				}
				got := annotate.Reanchor(doc.Body, edited, a)
				want := annotate.Span{Start: sp.Start + shift, End: sp.End + shift}
				if got.Span != want || got.Exact != s || got.Anchor != annotate.AnchorMoved {
					t.Errorf("%q re-anchored to %v %q (%s), want %v moved", s, got.Span, got.Exact, got.Anchor, want)
				}
			}
		})
	}
}
