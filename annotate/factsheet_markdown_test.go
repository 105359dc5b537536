package annotate_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"

	"factdesk/annotate"
)

// TestMarkdownStructure renders each fixture's Markdown with a CommonMark +
// GFM renderer that lets raw HTML through, and checks the document has
// exactly the structure the sheet writes: article text opened no heading,
// table, list, link, code span or HTML of its own.
func TestMarkdownStructure(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	for name, in := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			fs := annotate.BuildFactSheet(in)
			var out bytes.Buffer
			if err := md.Convert(render(t, fs, annotate.ExportMarkdown), &out); err != nil {
				t.Fatal(err)
			}
			doc, err := html.Parse(&out)
			if err != nil {
				t.Fatal(err)
			}
			allowed := map[string]bool{}
			for _, s := range fs.Sources {
				if s.URL != "" {
					allowed[s.URL] = true
				}
			}
			count := map[string]int{}
			var text strings.Builder
			var h2 []string
			for n := range doc.Descendants() {
				if n.Type == html.TextNode {
					text.WriteString(n.Data)
				}
				if n.Type != html.ElementNode {
					continue
				}
				count[n.Data]++
				switch n.Data {
				case "h2":
					h2 = append(h2, nodeText(n))
				case "a":
					for _, a := range n.Attr {
						if a.Key == "href" {
							base, _, _ := strings.Cut(a.Val, ":~:")
							base = strings.TrimSuffix(base, "#")
							if !allowed[base] {
								t.Errorf("link to %q, not an article", a.Val)
							}
						}
					}
				case "tr":
					if cells := countChildren(n, "td") + countChildren(n, "th"); cells != 3 {
						t.Errorf("table row with %d cells: %q", cells, nodeText(n))
					}
				}
			}
			for _, el := range []string{"script", "style", "img", "iframe", "code", "textarea", "ol", "hr"} {
				if count[el] > 0 && !(el == "hr" && count[el] == 1) {
					t.Errorf("%d <%s> elements", count[el], el)
				}
			}
			unlinked := 0
			if len(fs.Unlinked) > 0 {
				unlinked = 1
			}
			if count["h1"] != 1 || len(h2) != 3+unlinked || count["table"] != 1 ||
				count["h3"] != len(fs.Facts)+len(fs.Speakers)+len(fs.Unlinked) || count["h4"]+count["h5"]+count["h6"] > 0 {
				t.Errorf("headings h1 %d h2 %q h3 %d, tables %d", count["h1"], h2, count["h3"], count["table"])
			}
			if name == "hostile" {
				got := text.String()
				for _, s := range []string{hostileScript, hostileMDLink, hostileTable, hostileHeading, hostileEntities, "`rm -rf /`"} {
					if !strings.Contains(got, s) {
						t.Errorf("hostile text %q not shown as text", s)
					}
				}
			}
		})
	}
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

func countChildren(n *html.Node, tag string) int {
	c := 0
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && ch.Data == tag {
			c++
		}
	}
	return c
}
