package annotate_test

import (
	"strings"
	"testing"
	"time"

	"factdesk/annotate"
)

func TestParseMarkdown(t *testing.T) {
	tests := []struct {
		name  string
		md    string
		title string // "" means the name-derived title "story"
		body  string
	}{
		{"heading becomes title", "# Ferry strike\n\nCrews voted.", "Ferry strike", "Crews voted."},
		{"setext heading", "Ferry strike\n============\n\nCrews voted.", "Ferry strike", "Crews voted."},
		{"second-level heading is not the title", "## Background\n\nCrews voted.", "", "Background\n\nCrews voted."},
		{"heading markup stripped", "# The *big* `vote`\n\nText.", "The big vote", "Text."},
		{"emphasis", "Crews voted **overwhelmingly** and _quickly_, ***really***.", "", "Crews voted overwhelmingly and quickly, really."},
		{"links keep their text", "Said [Dmitri Holm](https://x.example/holm \"t\") and [ref][1].\n\n[1]: https://x.example", "", "Said Dmitri Holm and ref."},
		{"images dropped", "Before ![a photo](p.jpg) after.", "", "Before after."},
		{"autolinks kept", "See <https://x.example/a>.", "", "See https://x.example/a."},
		{"code span kept raw", "Run `a *b* &amp;` now.", "", "Run a *b* &amp; now."},
		{"escapes and entities", `A \*literal\* star &amp; an &mdash; dash &#x2019;s`, "", "A *literal* star & an — dash ’s"},
		{"soft line breaks kept", "One sentence.\nAnother sentence.", "", "One sentence.\nAnother sentence."},
		{"hard line breaks", "One  \nTwo\\\nThree", "", "One\nTwo\nThree"},
		{"lists become paragraphs", "- one\n- two\n\n1. three\n2. four", "", "one\n\ntwo\n\nthree\n\nfour"},
		{"block quotes", "> “Quote one,” he said.\n> Still quoting.", "", "“Quote one,” he said.\nStill quoting."},
		{"fenced code kept", "```\nline 1\n  line 2\n```", "", "line 1\nline 2"},
		{"thematic break", "Part one.\n\n---\n\nPart two.", "", "Part one.\n\nPart two."},
		{"strikethrough keeps words", "It was ~~false~~ true.", "", "It was false true."},
		{"table rows become lines", "| Reservoir | Level |\n|---|---|\n| Hollins | 31% |\n| Fairmere | 44% |", "", "Reservoir Level\nHollins 31%\nFairmere 44%"},
		{"inline HTML dropped, text kept", "Some <b>bold</b> text.", "", "Some bold text."},
		{"HTML block reduced to text", "<div class=\"note\">\n<p>Inside &amp; out</p>\n</div>\n\nAfter.", "", "Inside & out\n\nAfter."},
		{"typography kept", "“It’s — frankly — absurd,” she said… naïve 東京", "", "“It’s — frankly — absurd,” she said… naïve 東京"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := annotate.ParseDocument("story.md", []byte(tt.md), annotate.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			want := tt.title
			if want == "" {
				want = "story"
			}
			if doc.Title != want {
				t.Errorf("title = %q, want %q", doc.Title, want)
			}
			if doc.Body != tt.body {
				t.Errorf("body\n got %q\nwant %q", doc.Body, tt.body)
			}
			checkImportedDoc(t, doc)
		})
	}
}

func TestParseMarkdownFrontMatter(t *testing.T) {
	tests := []struct {
		name string
		md   string
		want annotate.Meta
		body string
	}{
		{
			name: "quoted values, comments, nested YAML skipped",
			md:   "---\ntitle: 'It''s official: strike'\noutlet: \"Valley \\\"Beacon\\\"\" \nbyline: Priya Castellanos # staff\ntags:\n  - a\n  - b\nextra:\n  outlet: Nested\n---\nBody.",
			want: annotate.Meta{Title: "It's official: strike", Outlet: `Valley "Beacon"`, Byline: "Priya Castellanos"},
			body: "Body.",
		},
		{
			name: "front matter title and a different heading",
			md:   "---\ntitle: From front matter\ndate: 2026-02-27\n...\n# A different heading\n\nBody.",
			want: annotate.Meta{Title: "From front matter", Published: utcDay(2026, time.February, 27)},
			body: "A different heading\n\nBody.",
		},
		{
			name: "unclosed front matter is text",
			md:   "---\ntitle: x\n\nBody.",
			want: annotate.Meta{Title: "story"},
			body: "title: x\n\nBody.",
		},
		{
			name: "thematic breaks around prose are not front matter",
			md:   "---\nIntro paragraph, title: none.\n\n---\n\nRest.",
			want: annotate.Meta{Title: "story"},
			body: "Intro paragraph, title: none.\n\nRest.",
		},
		{
			name: "plain header lines instead of front matter",
			md:   "outlet: Ledger\ntitle: Header title\n\nBody *text*.",
			want: annotate.Meta{Outlet: "Ledger", Title: "Header title"},
			body: "Body text.",
		},
		{
			name: "date token",
			md:   " date 2026-02-26 The **council** met.",
			want: annotate.Meta{Title: "story", Published: utcDay(2026, time.February, 26)},
			body: "The council met.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := annotate.ParseDocument("story.markdown", []byte(tt.md), annotate.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Meta != tt.want {
				t.Errorf("meta:\n got %+v\nwant %+v", doc.Meta, tt.want)
			}
			if doc.Body != tt.body {
				t.Errorf("body\n got %q\nwant %q", doc.Body, tt.body)
			}
		})
	}
}

// TestParseMarkdownLarge checks that a large document is parsed in chunks
// with the same text as a whole, and that nothing is lost at chunk edges.
func TestParseMarkdownLarge(t *testing.T) {
	var md, want strings.Builder
	for i := 0; md.Len() < 200<<10; i++ {
		md.WriteString("Paragraph with **bold** words and a [link](https://x.example) number ")
		md.WriteString(strings.Repeat("x", i%7))
		md.WriteString(".\nSecond line.\n\n")
		if want.Len() > 0 {
			want.WriteString("\n\n")
		}
		want.WriteString("Paragraph with bold words and a link number " + strings.Repeat("x", i%7) + ".\nSecond line.")
	}
	doc, err := annotate.ParseDocument("big.md", []byte(md.String()), annotate.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Body != want.String() {
		t.Errorf("chunked body differs from the expected text (len %d, want %d)", len(doc.Body), want.Len())
	}
}
