package annotate_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"factdesk/annotate"
)

// articleHTML wraps body paragraphs in a page with enough text for the
// readability extractor to recognise an article.
func importArticleHTML(head, article string) string {
	filler := `<p>The county council confirmed the decision on Wednesday after a long meeting in which residents, traders and engineers were heard in turn, and the vote was not close.</p>
<p>Officials said a full timetable for the works would be published next month, together with the results of the inspection that led to the decision in the first place.</p>`
	return "<!DOCTYPE html><html><head>" + head + "</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>" +
		article + filler + "</article><footer>© Example Media</footer></body></html>"
}

func TestParseHTMLText(t *testing.T) {
	tests := []struct {
		name    string
		html    string
		want    []string // paragraphs the body must contain, in order
		absent  []string
		exactly string // when set, the whole body
	}{
		{
			name: "line breaks and paragraphs",
			html: importArticleHTML("", "<p>First line<br>second line</p><p>Next<br><br>paragraph</p>"),
			want: []string{"First line\nsecond line", "Next\n\nparagraph"},
		},
		{
			name: "entities decoded and white space collapsed",
			html: importArticleHTML("", "<p>Tom &amp; Jerry &ldquo;said&rdquo;\n   it&#8217;s &#x1F600;   fine&hellip;</p>"),
			want: []string{"Tom & Jerry “said” it’s 😀 fine…"},
		},
		{
			name: "inline markup joins words without extra spaces",
			html: importArticleHTML("", "<p>A <b>bold</b> and <i>ital</i>ic <a href='/x'>link</a>, then <span>more</span>.</p>"),
			want: []string{"A bold and italic link, then more."},
		},
		{
			name: "preformatted text keeps its lines",
			html: importArticleHTML("", "<pre>line one\n    indented line two</pre>"),
			want: []string{"line one\nindented line two"},
		},
		{
			name:   "hidden and script content dropped",
			html:   importArticleHTML("", "<p>Visible text here.</p><p hidden>Hidden one.</p><p style='display: none'>Hidden two.</p><p aria-hidden='true'>Hidden three.</p><script>var secret = 1;</script><style>p{}</style><noscript>Enable JS</noscript>"),
			want:   []string{"Visible text here."},
			absent: []string{"Hidden", "secret", "Enable JS", "p{}"},
		},
		{
			name: "list of facts inside the article kept",
			html: importArticleHTML("", "<p>Reservoir levels this week:</p><ul><li>Hollins: 31%</li><li>Fairmere: 44%</li></ul>"),
			want: []string{"Hollins: 31%", "Fairmere: 44%"},
		},
		{
			name:   "navigation and footer dropped",
			html:   importArticleHTML("", "<p>Article text.</p>"),
			want:   []string{"Article text."},
			absent: []string{"Home", "Example Media"},
		},
		{
			name:    "tiny page without an article falls back to its text",
			html:    "<html><body><div>Just one line of text</div></body></html>",
			exactly: "Just one line of text",
		},
		{
			name:    "fragment without html or body",
			html:    "<p>Para one.<p>Para two &amp; more.",
			exactly: "Para one.\n\nPara two & more.",
		},
		{
			name:    "text straight in body",
			html:    "Plain words, no tags at all.",
			exactly: "Plain words, no tags at all.",
		},
		{
			name:    "100000 nested divs",
			html:    strings.Repeat("<div>", 100000) + "<p>Deep text.</p>" + strings.Repeat("</div>", 100000),
			exactly: "Deep text.",
		},
		{
			name:    "deep nesting mixed with scripts and structure",
			html:    "<title>Deep</title>" + strings.Repeat("<div><span>", 2000) + "<h2>Head</h2><script>bad()</script><p>One<br>two</p><nav>menu</nav><pre>a\n b</pre>",
			exactly: "Head\n\nOne\ntwo\n\na\nb",
		},
		{
			name:    "deep nesting after a head left open",
			html:    "<html><head><title>T</title><meta charset=utf-8><style>x{}</style><body>" + strings.Repeat("<div>", 1000) + "<p>Words &amp; more.",
			exactly: "Words & more.",
		},
		{
			name:    "unclosed formatting tags many times",
			html:    "<p>" + strings.Repeat("<b><i>", 5000) + "deep words",
			exactly: "deep words",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := annotate.ParseDocument("page.html", []byte(tt.html), annotate.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			checkImportedDoc(t, doc)
			if tt.exactly != "" && doc.Body != tt.exactly {
				t.Errorf("body\n got %q\nwant %q", doc.Body, tt.exactly)
			}
			rest := doc.Body
			for _, p := range tt.want {
				i := strings.Index(rest, p)
				if i < 0 {
					t.Errorf("body lacks %q (in order) in:\n%s", p, doc.Body)
					continue
				}
				rest = rest[i+len(p):]
			}
			for _, s := range tt.absent {
				if strings.Contains(doc.Body, s) {
					t.Errorf("body contains %q:\n%s", s, doc.Body)
				}
			}
		})
	}
}

func TestParseHTMLMeta(t *testing.T) {
	tests := []struct {
		name string
		head string
		art  string
		want annotate.Meta
	}{
		{
			name: "site name removed from the title",
			head: `<title>Council delays tram | Northfield Ledger</title><meta property="og:site_name" content="Northfield Ledger">`,
			want: annotate.Meta{Title: "Council delays tram", Outlet: "Northfield Ledger"},
		},
		{
			name: "site name in front of the title",
			head: `<title>Northfield Ledger — Council delays tram</title><meta name="application-name" content="Northfield Ledger">`,
			want: annotate.Meta{Title: "Council delays tram", Outlet: "Northfield Ledger"},
		},
		{
			name: "title element only",
			head: "<title>Council delays tram | Town news</title>",
			want: annotate.Meta{Title: "Council delays tram | Town news"},
		},
		{
			name: "Open Graph",
			head: `<title>x</title><meta property="og:title" content="OG headline"><meta property="og:site_name" content="The Ledger"><meta property="og:url" content="https://ledger.example/a">`,
			want: annotate.Meta{Title: "OG headline", Outlet: "The Ledger", URL: "https://ledger.example/a"},
		},
		{
			name: "canonical wins over og:url",
			head: `<title>T</title><meta property="og:url" content="https://ledger.example/a?ref=x"><link rel="alternate canonical" href="https://ledger.example/a">`,
			want: annotate.Meta{Title: "T", URL: "https://ledger.example/a"},
		},
		{
			name: "article:published_time wins over time element",
			head: `<title>T</title><meta property="article:published_time" content="2026-02-25T17:45:00-05:00">`,
			art:  `<time datetime="2026-01-01">1 January</time>`,
			want: annotate.Meta{Title: "T", Published: utcDay(2026, time.February, 25)},
		},
		{
			name: "time element",
			head: `<title>T</title>`,
			art:  `<p>Posted <time datetime="2026-02-24T09:00:00Z">Tuesday</time></p>`,
			want: annotate.Meta{Title: "T", Published: utcDay(2026, time.February, 24)},
		},
		{
			name: "meta name=date",
			head: `<title>T</title><meta name="date" content="February 23, 2026">`,
			want: annotate.Meta{Title: "T", Published: utcDay(2026, time.February, 23)},
		},
		{
			name: "unparseable dates are ignored",
			head: `<title>T</title><meta name="date" content="last Tuesday">`,
			want: annotate.Meta{Title: "T"},
		},
		{
			name: "meta author, By prefix stripped",
			head: `<title>T</title><meta name="author" content="By Ana Ruiz">`,
			want: annotate.Meta{Title: "T", Byline: "Ana Ruiz"},
		},
		{
			name: "byline element found by readability",
			head: `<title>T</title>`,
			art:  `<p class="byline">By Li Wei</p>`,
			want: annotate.Meta{Title: "T", Byline: "Li Wei"},
		},
		{
			name: "svg title is not the page title",
			head: ``,
			art:  `<svg><title>icon</title></svg><h1>Real headline</h1>`,
			want: annotate.Meta{Title: "Real headline"},
		},
		{
			name: "no title anywhere: file name",
			want: annotate.Meta{Title: "page"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := annotate.ParseDocument("dir/page.html", []byte(importArticleHTML(tt.head, tt.art)), annotate.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Meta != tt.want {
				t.Errorf("meta:\n got %+v\nwant %+v", doc.Meta, tt.want)
			}
			checkImportedDoc(t, doc)
			first, _, _ := strings.Cut(doc.Body, "\n\n")
			if first == doc.Title || first == doc.Byline || first == "By "+doc.Byline {
				t.Errorf("body repeats the title or byline:\n%s", doc.Body)
			}
		})
	}
}

func TestParseHTMLEmpty(t *testing.T) {
	pages := []string{
		"<html><head><title>Only a title</title></head><body></body></html>",
		"<script>document.write('x')</script><style>body{}</style>",
		"<!-- just a comment -->",
		"<div><img src=a.png alt='alt text'><br><hr></div>",
		strings.Repeat("<div>", 100000),
	}
	for _, page := range pages {
		_, err := annotate.ParseDocument("x.htm", []byte(page), annotate.Meta{})
		if !errors.Is(err, annotate.ErrEmpty) {
			t.Errorf("%.60q: err = %v, want ErrEmpty", page, err)
		}
	}
}
