package annotate_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"factdesk/annotate"
)

func init() {
	// Other test files of the package may define -update too; share it.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/")
	}
}

// updateGolden reports whether the test run was asked to rewrite goldens.
func importUpdate() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// importDir holds the import fixtures.
const importDir = "testdata/import"

// date returns midnight UTC of the given day.
func utcDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// checkGolden compares got with the golden file, or rewrites it with -update.
func checkImportGolden(t *testing.T, golden, got string) {
	t.Helper()
	if importUpdate() {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("body differs from %s (run with -update to accept):\n--- got\n%s\n--- want\n%s", golden, got, want)
	}
}

// checkBodyInvariants checks what every parsed body must satisfy.
func checkImportedDoc(t *testing.T, doc annotate.Document) {
	t.Helper()
	if doc.Body == "" {
		t.Error("empty body without an error")
	}
	if !utf8.ValidString(doc.Body) {
		t.Error("body is not valid UTF-8")
	}
	if again := annotate.NormalizeBody(doc.Body); again != doc.Body {
		t.Errorf("body is not normalised:\n%q\nnormalises to\n%q", doc.Body, again)
	}
	for _, v := range []string{doc.Title, doc.Outlet, doc.URL, doc.Byline, doc.Story} {
		if !utf8.ValidString(v) || strings.ContainsAny(v, "\n\r\t") || v != strings.TrimSpace(v) {
			t.Errorf("metadata value %q is not one clean line", v)
		}
	}
}

func TestParseDocumentFixtures(t *testing.T) {
	tests := []struct {
		file string
		want annotate.Meta
		// words that must not reach the body
		absent []string
	}{
		{
			file: "harbour-fire.txt",
			want: annotate.Meta{
				Story:     "Pier 9 fire",
				Outlet:    "The Harbour Gazette",
				URL:       "https://harbourgazette.example/news/2026/02/26/warehouse-fire",
				Title:     "Warehouse fire at Pier 9 contained after six hours",
				Byline:    "Mara Okonkwo-Lind",
				Published: utcDay(2026, time.February, 26),
			},
			absent: []string{"Section:", "Local", "Outlet:"},
		},
		{
			file: "council-vote.txt",
			want: annotate.Meta{
				Title:     "council vote",
				Published: utcDay(2026, time.February, 26),
			},
			absent: []string{"date", "2026-02-26"},
		},
		{
			file: "ferry-timetable.txt",
			want: annotate.Meta{
				Title:  "Ferry timetable cut to two sailings a day",
				Byline: "Aaron Vesely",
			},
			absent: []string{"By Aaron"},
		},
		{
			file: "ferry-strike.md",
			want: annotate.Meta{
				Outlet:    "Valley Beacon",
				URL:       "https://valleybeacon.example/2026/02/27/ferry-strike",
				Title:     "Ferry crews vote to strike: what it means for islanders",
				Byline:    "Priya Castellanos",
				Published: utcDay(2026, time.February, 27),
			},
			absent: []string{"**", "_overwhelmingly_", "](", "kestrel.jpg", "Picture of", "&mdash;", "`", "# ", "tags", "ferries", "what it means for islanders"},
		},
		{
			file: "bridge-closure.html",
			want: annotate.Meta{
				Outlet:    "The Riverside Courier",
				URL:       "https://riversidecourier.example/news/old-mill-bridge",
				Title:     "Old Mill Bridge to close for a year of repairs",
				Byline:    "Helena Marsh",
				Published: utcDay(2026, time.February, 25),
			},
			absent: []string{
				"Sport", "Subscribe", "Advertisement", "Sponsored", "dataLayer", "font-family",
				"Related stories", "riverwatcher", "rattling", "All rights reserved", "Privacy",
				"pageview", "Old Mill Bridge to close", "&rsquo;", "&nbsp;",
			},
		},
		{
			file: "broken.html",
			want: annotate.Meta{
				Title: "Reservoir levels fall to record low",
			},
			absent: []string{"<", ">", "&amp;", "hre"},
		},
		{
			// A page saved in windows-1252, as its meta declares: curly
			// quotes, accents and dashes come out as themselves.
			file: "quay-levy-cp1252.html",
			want: annotate.Meta{
				Title:  "Café owners fight quay levy",
				Byline: "Renée Ostrow",
			},
			absent: []string{"\ufffd", "Ã", "\u0093"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(importDir, tt.file)
			doc, err := annotate.ReadDocument(path, annotate.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Meta != tt.want {
				t.Errorf("meta:\n got %+v\nwant %+v", doc.Meta, tt.want)
			}
			if doc.Source != path {
				t.Errorf("Source = %q, want %q", doc.Source, path)
			}
			checkImportedDoc(t, doc)
			for _, s := range tt.absent {
				if strings.Contains(doc.Body, s) {
					t.Errorf("body contains %q", s)
				}
			}
			checkImportGolden(t, path+".golden", doc.Body)
		})
	}
}

func TestParseDocumentErrors(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		data    []byte
		want    error
		message string // expected err.Error(), or a part of it when partial
		partial bool
	}{
		{name: "NUL byte", file: "notes/x.txt", data: []byte("Twelve bytes\x00 and more"), want: annotate.ErrBinary,
			message: "import notes/x.txt: binary file (NUL byte at offset 12)"},
		{name: "PNG header", file: "photo.html", data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), want: annotate.ErrBinary,
			message: "NUL byte at offset 8", partial: true},
		{name: "UTF-16", file: "x.txt", data: []byte("\xff\xfeH\x00i\x00"), want: annotate.ErrBinary,
			message: "import x.txt: binary file (UTF-16 text; save it as UTF-8)"},
		{name: "control bytes", file: "x.md", data: []byte(strings.Repeat("\x01\x02\x03abc", 100)), want: annotate.ErrBinary,
			message: "control bytes", partial: true},
		{name: "Latin-1", file: "x.txt", data: []byte("Caf\xe9 owner said: yes"), want: annotate.ErrInvalidUTF8,
			message: "import x.txt: invalid UTF-8 (byte 0xE9 at offset 3; save the file as UTF-8)"},
		{name: "truncated rune", file: "x.html", data: []byte("<p>ok “quote</p>\xe2\x80"), want: annotate.ErrInvalidUTF8,
			message: "byte 0xE2 at offset 18", partial: true},
		{name: "Latin-1 page declaring nothing", file: "x.html", data: []byte("<p>Caf\xe9 owner said: yes</p>"), want: annotate.ErrInvalidUTF8,
			message: "import x.html: invalid UTF-8 (byte 0xE9 at offset 6; save the file as UTF-8)"},
		{name: "page declaring UTF-8 but Latin-1", file: "x.html", data: []byte("<meta charset=utf-8><p>Caf\xe9</p>"), want: annotate.ErrInvalidUTF8,
			message: "byte 0xE9 at offset 26", partial: true},
		{name: "page declaring UTF-16", file: "x.html", data: []byte("<meta charset=utf-16le><p>Caf\xe9</p>"), want: annotate.ErrInvalidUTF8,
			message: "byte 0xE9 at offset 29", partial: true},
		{name: "unknown charset", file: "x.html", data: []byte("<meta charset=x-martian><p>Caf\xe9</p>"), want: annotate.ErrInvalidUTF8,
			message: `import x.html: invalid UTF-8 (the page declares charset "x-martian", which Factdesk does not know; save it as UTF-8)`},
		{name: "Latin-1 text file declaring a charset", file: "x.txt", data: []byte("<meta charset=windows-1252>\nCaf\xe9"), want: annotate.ErrInvalidUTF8,
			message: "byte 0xE9 at offset 31", partial: true},
		{name: "empty", file: "empty.txt", data: nil, want: annotate.ErrEmpty,
			message: "import empty.txt: empty file"},
		{name: "white space", file: "x.md", data: []byte(" \t\r\n\u00a0\n\ufeff "), want: annotate.ErrEmpty,
			message: "import x.md: empty file (only white space)"},
		{name: "header only", file: "x.txt", data: []byte("title: Nothing here\noutlet: Nobody\n\n\n"), want: annotate.ErrEmpty,
			message: "import x.txt: empty file (no readable text)"},
		{name: "HTML without text", file: "x.html", data: []byte("<html><head><title>T</title><script>var a = 1;</script></head><body><img src=a.png><!-- nothing --></body></html>"),
			want: annotate.ErrEmpty, message: "no readable text", partial: true},
		{name: "Markdown only an image", file: "x.md", data: []byte("![alt text](a.png)\n"), want: annotate.ErrEmpty,
			message: "no readable text", partial: true},
		{name: "too large", file: "big.txt", data: []byte(strings.Repeat("a", annotate.MaxFileSize+1)), want: annotate.ErrTooLarge,
			message: "import big.txt: file too large (20971521 bytes, limit 20971520)"},
		{name: "PDF", file: "report.pdf", data: []byte("%PDF-1.7"), want: annotate.ErrUnsupported,
			message: `import report.pdf: unsupported file type ".pdf" (want .txt, .md, .markdown, .html or .htm)`},
		{name: "no extension", file: "README", data: []byte("text"), want: annotate.ErrUnsupported,
			message: "no extension", partial: true},
		{name: "newline in name", file: "a\nb.txt", data: nil, want: annotate.ErrEmpty,
			message: `import "a\nb.txt": empty file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := annotate.ParseDocument(tt.file, tt.data, annotate.Meta{Outlet: "Default Outlet"})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var ie *annotate.InputError
			if !errors.As(err, &ie) || ie.Path != tt.file {
				t.Errorf("err = %#v, want an *InputError for %q", err, tt.file)
			}
			if tt.partial && !strings.Contains(err.Error(), tt.message) {
				t.Errorf("message %q does not contain %q", err, tt.message)
			}
			if !tt.partial && err.Error() != tt.message {
				t.Errorf("message\n got %q\nwant %q", err, tt.message)
			}
			if doc != (annotate.Document{}) {
				t.Errorf("document %+v returned with an error", doc)
			}
		})
	}
}

func TestParseDocumentExtensions(t *testing.T) {
	for _, name := range []string{"a.txt", "a.TXT", "a.md", "a.Markdown", "a.html", "a.HTM", "dir.d/a.md"} {
		if !annotate.IsSupported(name) {
			t.Errorf("IsSupported(%q) = false", name)
		}
		if _, err := annotate.ParseDocument(name, []byte("Some text."), annotate.Meta{}); err != nil {
			t.Errorf("ParseDocument(%q): %v", name, err)
		}
	}
	for _, name := range []string{"a.pdf", "a.docx", "a", "a.txt.gz", ".txt.bak"} {
		if annotate.IsSupported(name) {
			t.Errorf("IsSupported(%q) = true", name)
		}
	}
}

func TestParseDocumentDefaults(t *testing.T) {
	defaults := annotate.Meta{
		Story:     "CLI story",
		Outlet:    "CLI Outlet",
		URL:       "https://cli.example/",
		Title:     "CLI title",
		Byline:    "CLI Byline",
		Published: utcDay(2020, time.January, 1),
	}
	tests := []struct {
		name string
		file string
		data string
		want annotate.Meta
	}{
		{
			name: "file wins everywhere",
			file: "x.txt",
			data: "story: File story\noutlet: File Outlet\nurl: https://file.example/a\ntitle: File title\nbyline: File Byline\ndate: 2026-03-01\n\nBody.",
			want: annotate.Meta{Story: "File story", Outlet: "File Outlet", URL: "https://file.example/a",
				Title: "File title", Byline: "File Byline", Published: utcDay(2026, time.March, 1)},
		},
		{
			name: "defaults fill gaps",
			file: "x.txt",
			data: "outlet: File Outlet\n\nThe body is one sentence.",
			want: annotate.Meta{Story: "CLI story", Outlet: "File Outlet", URL: "https://cli.example/",
				Title: "CLI title", Byline: "CLI Byline", Published: utcDay(2020, time.January, 1)},
		},
		{
			name: "unparseable file date falls back to default",
			file: "x.txt",
			data: "date: sometime last week\n\nBody.",
			want: annotate.Meta{Story: "CLI story", Outlet: "CLI Outlet", URL: "https://cli.example/",
				Title: "CLI title", Byline: "CLI Byline", Published: utcDay(2020, time.January, 1)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := annotate.ParseDocument(tt.file, []byte(tt.data), defaults)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Meta != tt.want {
				t.Errorf("meta:\n got %+v\nwant %+v", doc.Meta, tt.want)
			}
			checkImportedDoc(t, doc)
		})
	}
}

func TestParseTextHeaders(t *testing.T) {
	tests := []struct {
		name string
		data string
		want annotate.Meta // Title "" means the name-derived title "notes"
		body string
	}{
		{
			name: "synonyms and case",
			data: "SOURCE: Ledger\nLink: https://l.example/x\nHeadline: Big news\nAuthor: Ana Ruiz\nPublished: 2026-02-26\nStory: Budget\n\nText.",
			want: annotate.Meta{Outlet: "Ledger", URL: "https://l.example/x", Title: "Big news", Byline: "Ana Ruiz",
				Published: utcDay(2026, time.February, 26), Story: "Budget"},
			body: "Text.",
		},
		{
			name: "publication key and CRLF",
			data: "Publication: The Ledger\r\nTitle: Rates rise\r\n\r\nFirst line.\r\nSecond line.\r\n",
			want: annotate.Meta{Outlet: "The Ledger", Title: "Rates rise"},
			body: "First line.\nSecond line.",
		},
		{
			name: "unknown keys inside the header are dropped",
			data: "title: T\nsection: Local\nword-count: 300\n\nBody text.",
			want: annotate.Meta{Title: "T"},
			body: "Body text.",
		},
		{
			name: "header ends at the first line that is not a key",
			data: "title: T\nThe mayor said: no comment.\nMore.",
			want: annotate.Meta{Title: "T"},
			body: "The mayor said: no comment.\nMore.",
		},
		{
			name: "first key unknown: no header",
			data: "Note: this draft is embargoed.\n\nThe text.",
			want: annotate.Meta{Title: "notes"},
			body: "Note: this draft is embargoed.\n\nThe text.",
		},
		{
			name: "a URL on the first line is not a header",
			data: "https://example.org/x\n\nThe text.",
			want: annotate.Meta{Title: "https://example.org/x"},
			body: "The text.",
		},
		{
			name: "first occurrence of a key wins",
			data: "title: First\ntitle: Second\n\nBody.",
			want: annotate.Meta{Title: "First"},
			body: "Body.",
		},
		{
			name: "leading blank lines and BOM before the header",
			data: "\ufeff\n  \ntitle: T\n\nBody.",
			want: annotate.Meta{Title: "T"},
			body: "Body.",
		},
		{
			name: "unknown date format is dropped, not kept in the body",
			data: "title: T\ndate: the day after tomorrow\n\nBody.",
			want: annotate.Meta{Title: "T"},
			body: "Body.",
		},
		{
			name: "date token",
			data: " date 2026-02-26 The council met on Wednesday.\nIt voted.",
			want: annotate.Meta{Title: "notes", Published: utcDay(2026, time.February, 26)},
			body: "The council met on Wednesday.\nIt voted.",
		},
		{
			name: "date token with a time and a colon",
			data: "date: 2026-02-26T10:00:00Z The council met.",
			want: annotate.Meta{Title: "notes", Published: utcDay(2026, time.February, 26)},
			body: "The council met.",
		},
		{
			name: "date token with a written date",
			data: " Date February 26, 2026 The council met.",
			want: annotate.Meta{Title: "notes", Published: utcDay(2026, time.February, 26)},
			body: "The council met.",
		},
		{
			name: "date token after a header",
			data: "outlet: Ledger\n\n date 2026-02-26 The council met.",
			want: annotate.Meta{Title: "notes", Outlet: "Ledger", Published: utcDay(2026, time.February, 26)},
			body: "The council met.",
		},
		{
			name: "impossible date token stays in the text",
			data: " date 2026-02-31 The council met.",
			want: annotate.Meta{Title: "notes"},
			body: "date 2026-02-31 The council met.",
		},
		{
			name: "the word date inside the text is not a token",
			data: "The date 2026-02-26 was chosen.",
			want: annotate.Meta{Title: "notes"},
			body: "The date 2026-02-26 was chosen.",
		},
		{
			name: "short first line is the title",
			data: "Tram extension delayed\n\nThe council voted.",
			want: annotate.Meta{Title: "Tram extension delayed"},
			body: "The council voted.",
		},
		{
			name: "question headline",
			data: "Will the tram ever come?\n\nThe council voted.",
			want: annotate.Meta{Title: "Will the tram ever come?"},
			body: "The council voted.",
		},
		{
			name: "first line ending a sentence is not a title",
			data: "The council voted.\n\nIt was late.",
			want: annotate.Meta{Title: "notes"},
			body: "The council voted.\n\nIt was late.",
		},
		{
			name: "first line ending a quoted sentence is not a title",
			data: "“We will appeal.”\n\nThe company said so.",
			want: annotate.Meta{Title: "notes"},
			body: "“We will appeal.”\n\nThe company said so.",
		},
		{
			name: "long first line is not a title",
			data: strings.Repeat("word ", 50) + "\n\nMore.",
			want: annotate.Meta{Title: "notes"},
			body: strings.TrimSpace(strings.Repeat("word ", 50)) + "\n\nMore.",
		},
		{
			name: "multi-line first paragraph is not a title",
			data: "One line\nand another\n\nMore.",
			want: annotate.Meta{Title: "notes"},
			body: "One line\nand another\n\nMore.",
		},
		{
			name: "a lone paragraph is not taken as title",
			data: "Just a fragment",
			want: annotate.Meta{Title: "notes"},
			body: "Just a fragment",
		},
		{
			name: "header title repeated as first paragraph",
			data: "title: Tram delayed\n\nTram  delayed\n\nThe council voted.",
			want: annotate.Meta{Title: "Tram delayed"},
			body: "The council voted.",
		},
		{
			name: "byline paragraph after the title",
			data: "Tram delayed\n\nBy Ana Ruiz and Li Wei\n\nThe council voted.",
			want: annotate.Meta{Title: "Tram delayed", Byline: "Ana Ruiz and Li Wei"},
			body: "The council voted.",
		},
		{
			name: "sentence starting with By is kept",
			data: "Tram delayed\n\nBy the end of the night the council had voted.\n\nMore.",
			want: annotate.Meta{Title: "Tram delayed"},
			body: "By the end of the night the council had voted.\n\nMore.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := annotate.ParseDocument("drafts/notes.txt", []byte(tt.data), annotate.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Meta != tt.want {
				t.Errorf("meta:\n got %+v\nwant %+v", doc.Meta, tt.want)
			}
			if doc.Body != tt.body {
				t.Errorf("body:\n got %q\nwant %q", doc.Body, tt.body)
			}
			checkImportedDoc(t, doc)
		})
	}
}

func TestParseDates(t *testing.T) {
	feb26 := utcDay(2026, time.February, 26)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2026-02-26", feb26},
		{"2026-2-6", utcDay(2026, time.February, 6)},
		{"2026-02-26T10:00:00Z", feb26},
		{"2026-02-26T23:30:00-05:00", feb26}, // the day as written, not shifted to UTC
		{"2026-02-26T01:30:00.123+09:00", feb26},
		{"2026-02-26 10:00", feb26},
		{"2026/02/26", feb26},
		{"February 26, 2026", feb26},
		{"february 26 2026", feb26},
		{"Feb. 26, 2026", feb26},
		{"Feb 26, 2026", feb26},
		{"Sept. 3, 2026", utcDay(2026, time.September, 3)},
		{"February 26th, 2026", feb26},
		{"26 February 2026", feb26},
		{"26 Feb. 2026", feb26},
		{"1st March 2026", utcDay(2026, time.March, 1)},
		{"Thursday, February 26, 2026", feb26},
		{"Thu, 26 Feb 2026 10:00:00 GMT", feb26},
		{"26 February 2026, 10:00 GMT", feb26},
		// Unknown or impossible: left zero.
		{"02/26/2026", time.Time{}},
		{"26.02.2026", time.Time{}},
		{"2026-02-30", time.Time{}},
		{"2026-13-01", time.Time{}},
		{"Smarch 26, 2026", time.Time{}},
		{"yesterday", time.Time{}},
		{"2026-02-26garbage", time.Time{}},
		{"0099-01-01", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			doc, err := annotate.ParseDocument("x.txt", []byte("date: "+tt.in+"\n\nBody."), annotate.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			if !doc.Published.Equal(tt.want) {
				t.Errorf("Published = %v, want %v", doc.Published, tt.want)
			}
			if doc.Body != "Body." {
				t.Errorf("body = %q, want only the text after the header", doc.Body)
			}
		})
	}
}

func TestNormalizeBody(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"typography kept", "“It’s — frankly — absurd,” she said… «non» ‘ok’ – naïve café 東京 🙂",
			"“It’s — frankly — absurd,” she said… «non» ‘ok’ – naïve café 東京 🙂"},
		{"CRLF and CR", "a\r\nb\rc\r\n\r\nd", "a\nb\nc\n\nd"},
		{"Unicode line and paragraph separators", "a\u2028b\u2029c\u0085d", "a\nb\n\nc\nd"},
		{"runs of spaces and tabs", "a  \t b\t\tc", "a b c"},
		{"no-break spaces", "4.2\u00a0million and\u00a0\u00a0 more", "4.2 million and more"},
		{"line edges trimmed", "  one  \n\t two\t\n", "one\ntwo"},
		{"single newlines kept", "One sentence.\nAnother one.\nA third.", "One sentence.\nAnother one.\nA third."},
		{"blank lines collapse", "a\n\n\n\n\nb\n \n\t\n \nc", "a\n\nb\n\nc"},
		{"whole text trimmed", "\n\n  a  \n\n", "a"},
		{"BOM and zero-width junk at the start", "\ufeff\u200b\u2060 Title", "Title"},
		{"BOM inside removed", "a\ufeffb", "ab"},
		{"zero-width joiner in emoji kept", "family 👩\u200d👩\u200d👧 here", "family 👩\u200d👩\u200d👧 here"},
		{"zero-width space inside kept", "a\u200bb", "a\u200bb"},
		{"control characters removed", "a\x07b\x1bc\x7fd\u0090e", "abcde"},
		{"form feed and vertical tab are spaces", "a\fb\vc", "a b c"},
		{"invalid UTF-8 replaced", "a\xffb", "a\ufffdb"},
		{"right-to-left and combining kept", "\u05e9\u05dc\u05d5\u05dd e\u0301", "\u05e9\u05dc\u05d5\u05dd e\u0301"},
		{"other Unicode spaces kept", "a\u2009b\u3000c", "a\u2009b\u3000c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := annotate.NormalizeBody(tt.in)
			if got != tt.want {
				t.Errorf("NormalizeBody(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if again := annotate.NormalizeBody(got); again != got {
				t.Errorf("not idempotent: %q -> %q", got, again)
			}
		})
	}
}

func TestInputErrorUnwrap(t *testing.T) {
	err := error(&annotate.InputError{Path: "x.txt", Err: os.ErrPermission})
	if !errors.Is(err, os.ErrPermission) {
		t.Error("errors.Is does not see the wrapped error")
	}
	if got, want := err.Error(), "import x.txt: permission denied"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestParseDocumentConcurrent parses the fixtures from many goroutines at
// once (run with -race): the importer keeps no shared mutable state.
func TestParseDocumentConcurrent(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(importDir, "*.*"))
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		doc annotate.Document
		err string
	}
	want := make(map[string]result)
	for _, p := range paths {
		doc, err := annotate.ReadDocument(p, annotate.Meta{})
		want[p] = result{doc, fmt.Sprint(err)}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(paths))
	for range 8 {
		for _, p := range paths {
			wg.Go(func() {
				doc, err := annotate.ReadDocument(p, annotate.Meta{})
				if got := (result{doc, fmt.Sprint(err)}); got != want[p] {
					errs <- p
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for p := range errs {
		t.Errorf("%s parsed differently in parallel", p)
	}
}

// A page in a character set it declares is read in it; a page that is
// valid UTF-8 is read as UTF-8 whatever it declares.
func TestParseDocumentCharsets(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"ISO-8859-1 in meta charset", []byte(`<html><head><meta charset="ISO-8859-1"></head><body><p>Caf` + "\xe9" + ` owners say no.</p></body></html>`),
			"Café owners say no."},
		{"windows-1252 in http-equiv", []byte(`<meta http-equiv=content-type content='text/html;charset="windows-1252"'><p>` + "\x93Never,\x94 she said \x96 twice." + `</p>`),
			"“Never,” she said – twice."},
		{"Shift_JIS", []byte("<meta charset=shift_jis><p>\x93\xfa\x96\x7b\x82\xcc\x8a\x43</p>"),
			"日本の海"},
		{"UTF-8 declaring windows-1252", []byte(`<meta charset=windows-1252><p>Café owners say “no”.</p>`),
			"Café owners say “no”."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := annotate.ParseDocument("page.html", tt.data, annotate.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Body != tt.want {
				t.Errorf("body %q, want %q", doc.Body, tt.want)
			}
		})
	}
}
