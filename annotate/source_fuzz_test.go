package annotate_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"factdesk/annotate"
)

// fuzzTimeLimit bounds one parse of a fuzz input. Inputs are small, so this
// only trips on a real blow-up, not on a slow machine.
const fuzzTimeLimit = 5 * time.Second

// addFixtureSeeds adds every import fixture with one of exts to f's corpus.
func addImportSeeds(f *testing.F, exts ...string) {
	f.Helper()
	paths, err := filepath.Glob(filepath.Join(importDir, "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		for _, ext := range exts {
			if filepath.Ext(p) == ext {
				data, err := os.ReadFile(p)
				if err != nil {
					f.Fatal(err)
				}
				f.Add(data)
			}
		}
	}
}

// checkParse parses data as name and checks the importer's promises: no
// panic, a known error or a clean document, in bounded time.
func checkParse(t *testing.T, name string, data []byte) {
	start := time.Now()
	doc, err := annotate.ParseDocument(name, data, annotate.Meta{})
	if d := time.Since(start); d > fuzzTimeLimit {
		t.Errorf("parsing %d bytes took %v", len(data), d)
	}
	if err != nil {
		var ie *annotate.InputError
		if !errors.As(err, &ie) {
			t.Fatalf("error %v is not an *InputError", err)
		}
		known := false
		for _, sentinel := range []error{annotate.ErrEmpty, annotate.ErrBinary, annotate.ErrInvalidUTF8, annotate.ErrTooLarge} {
			known = known || errors.Is(err, sentinel)
		}
		if !known {
			t.Fatalf("unexpected error %v", err)
		}
		return
	}
	if doc.Body == "" {
		t.Fatal("empty body without an error")
	}
	if !utf8.ValidString(doc.Body) {
		t.Fatalf("body is not valid UTF-8: %q", doc.Body)
	}
	if again := annotate.NormalizeBody(doc.Body); again != doc.Body {
		t.Fatalf("body is not normalised:\n%q\n->\n%q", doc.Body, again)
	}
	for _, v := range []string{doc.Title, doc.Outlet, doc.URL, doc.Byline, doc.Story} {
		if !utf8.ValidString(v) || strings.ContainsAny(v, "\n\r") {
			t.Fatalf("metadata value %q is not one clean line", v)
		}
	}
	if doc.Title == "" {
		t.Fatal("no title")
	}
}

func FuzzParseText(f *testing.F) {
	addImportSeeds(f, ".txt")
	for _, s := range []string{
		"title: T\n\nBody.",
		" date 2026-02-26 The council met.",
		"date: 2026-02-26T10:00:00Z Text",
		"Outlet: X\r\nDate: Feb. 26, 2026\r\n\r\nBy Ana Ruiz\r\n\r\nText\u2028more\u2029end",
		"\ufeff\u200b  \n\n\n\ttext \u00a0 \v\f",
		"Headline\n\nBy A B\n\nBody.",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "fuzz.txt", data)
	})
}

func FuzzParseMarkdown(f *testing.F) {
	addImportSeeds(f, ".md")
	for _, s := range []string{
		"---\ntitle: 'a'\n---\n# H\n\n*x* [l](u) ![i](j) `c` \\* &amp;",
		"> > - 1. [a](\n\n| a | b |\n|---|---|\n| c | d |",
		"```\ncode\n```\n<div>\n<p>x</p>\n</div>\n\n~~s~~ <https://a.example>",
		strings.Repeat("[", 100) + strings.Repeat("*a_", 100),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "fuzz.md", data)
	})
}

func FuzzParseHTML(f *testing.F) {
	addImportSeeds(f, ".html")
	for _, s := range []string{
		"<p>a<br>b</p><p>c &amp; d</p>",
		"<title>T</title><meta property='og:title' content='O'><article><h1>T</h1><p>x</p></article>",
		"<pre>a\n b</pre><table><tr><td>1<td>2</table><ul><li>x<li>y</ul>",
		strings.Repeat("<div>", 600) + "deep",
		"<svg><title>i</title></svg><noscript><p>n</p></noscript><template>t</template>",
		"<meta charset=shift_jis><p>\x93\xfa\x96\x7b \x82</p>",
		"<meta http-equiv=Content-Type content='text/html; charset=koi8-r'><title>\xf0</title><p>\xc1\xc2</p>",
		"<meta charset=utf-16le><p>\xff\xfe</p>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "fuzz.html", data)
	})
}

func FuzzNormalizeBody(f *testing.F) {
	for _, s := range []string{"", "a\r\n\r\n\r\nb", "\ufeff\u200b x \u00a0 y\u2029z", "a\xffb\x00c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := annotate.NormalizeBody(s)
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8: %q", got)
		}
		if again := annotate.NormalizeBody(got); again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, got, again)
		}
		if strings.Contains(got, "\n\n\n") || strings.Contains(got, "  ") || strings.ContainsRune(got, '\r') {
			t.Fatalf("not normalised: %q", got)
		}
		// Every letter and digit survives.
		keep := func(s string) string {
			return strings.Map(func(r rune) rune {
				if r == utf8.RuneError || r == '\ufeff' || strings.ContainsRune(" \t\n\r\v\f\u00a0\u0085\u2028\u2029", r) || r < 0x20 || (r >= 0x7f && r <= 0x9f) {
					return -1
				}
				return r
			}, strings.ToValidUTF8(s, ""))
		}
		const junk = "\u200b\u200c\u200d\u2060"
		if a, b := strings.TrimLeft(keep(s), junk), strings.TrimLeft(keep(got), junk); a != b {
			t.Fatalf("text changed: %q -> %q", a, b)
		}
	})
}
