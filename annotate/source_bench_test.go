package annotate_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"factdesk/annotate"
)

// readFixture returns an import fixture.
func readImportFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(importDir, name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// benchParse parses data as name b.N times, reporting throughput.
func benchImport(b *testing.B, name string, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := annotate.ParseDocument(name, data, annotate.Meta{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseText(b *testing.B) {
	article := readImportFixture(b, "harbour-fire.txt")
	b.Run("article", func(b *testing.B) { benchImport(b, "a.txt", article) })
	big := []byte(strings.Repeat(string(article)+"\n\n", (1<<20)/len(article)))
	b.Run("1MB", func(b *testing.B) { benchImport(b, "a.txt", big) })
}

func BenchmarkParseMarkdown(b *testing.B) {
	article := readImportFixture(b, "ferry-strike.md")
	b.Run("article", func(b *testing.B) { benchImport(b, "a.md", article) })
}

func BenchmarkParseHTML(b *testing.B) {
	page := readImportFixture(b, "bridge-closure.html")
	b.Run("page", func(b *testing.B) { benchImport(b, "a.html", page) })
	head, rest, _ := strings.Cut(string(page), "<div class=\"article-body\">")
	para := "<p>Drivers face a diversion of 14 miles via Castleford, the council said on Wednesday &mdash; weather permitting.</p>\n"
	big := []byte(head + "<div class=\"article-body\">" + strings.Repeat(para, (1<<20)/len(para)) + rest)
	b.Run("1MB", func(b *testing.B) { benchImport(b, "a.html", big) })
}

// TestParseLargeInputs checks that inputs of several megabytes, tame or
// hostile, parse in bounded time.
func TestParseLargeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs skipped in -short mode")
	}
	repeat := func(s string, size int) []byte { return []byte(strings.Repeat(s, size/len(s))) }
	tests := []struct {
		name string
		file string
		data []byte
	}{
		{"20 MB of text", "a.txt", repeat("The quick brown fox jumps over the lazy dog.\n", annotate.MaxFileSize-100)},
		{"5 MB of paragraphs", "a.html", repeat("<p>The council said the bridge would close for repairs, and drivers face a diversion.</p>\n", 5<<20)},
		{"100k nested divs", "a.html", []byte(strings.Repeat("<div>", 100000) + "x" + strings.Repeat("</div>", 100000))},
		{"deep trees side by side", "a.html", []byte(strings.Repeat(strings.Repeat("<div>", 500)+"<p>x, y.</p>"+strings.Repeat("</div>", 500), 100))},
		{"1 MB of <br>", "a.html", repeat("a<br>", 1<<20)},
		{"1M nested quotes", "a.md", []byte(strings.Repeat(">", 1<<20) + " x")},
		{"unclosed links", "a.md", repeat("[a](\n\n", 5<<20)},
		{"unmatched emphasis", "a.md", repeat("*a_ ", 5<<20)},
		{"nested lists", "a.md", repeat("- - - - - - - - - - - - - - - x\n", 2<<20)},
		{"tables", "a.md", repeat("|a|b|\n|-|-|\n|x|y|\n\n", 2<<20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			doc, err := annotate.ParseDocument(tt.file, tt.data, annotate.Meta{})
			elapsed := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Body == "" {
				t.Error("no text")
			}
			t.Logf("%d bytes in %v", len(tt.data), elapsed)
			if elapsed > 20*time.Second {
				t.Errorf("took %v", elapsed)
			}
		})
	}
}
