package annotate

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxReadabilityElements bounds the pages handed to the readability
// extractor, whose cost grows faster than the page. Larger pages go to the
// simple paragraph walk.
const maxReadabilityElements = 60000

// parseHTML reduces a saved web page to its metadata and article text.
//
// The page is parsed with golang.org/x/net/html and its article found with
// go-readability. When readability finds nothing, the text of the page's
// paragraphs, headings, quotes and list items is taken instead. A page
// nested too deeply for the tree parser (it refuses more than 512 open
// elements) is read token by token.
func parseHTML(data []byte) (Meta, string) {
	hm := scanHTMLMeta(data)
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		var tb textBuilder
		writeHTMLTokens(&tb, data)
		return hm.meta(), NormalizeBody(tb.String())
	}

	var body string
	removeAdverts(doc)
	flattenTextLists(doc)
	if art, ok := readArticle(doc); ok {
		hm.merge(art)
		var tb textBuilder
		writeHTMLNode(&tb, art.Node, false)
		body = NormalizeBody(tb.String())
	}
	if body == "" {
		// Readability changed the tree; start again from the page as saved.
		if doc, err = html.Parse(bytes.NewReader(data)); err == nil {
			removeAdverts(doc)
			body = NormalizeBody(fallbackText(doc))
		}
	}
	return hm.meta(), body
}

// readArticle runs the readability extractor on doc, which it changes. ok
// is false when the page is too large for it, when it fails or panics, or
// when it finds no article.
func readArticle(doc *html.Node) (art readability.Article, ok bool) {
	if countElements(doc) > maxReadabilityElements {
		return art, false
	}
	defer func() {
		// A bug in the third-party extractor must not take the import down;
		// the paragraph walk still gives the text.
		if recover() != nil {
			art, ok = readability.Article{}, false
		}
	}()
	parser := readability.NewParser()
	art, err := parser.ParseAndMutate(doc, nil)
	if err != nil || art.Node == nil {
		return art, false
	}
	return art, true
}

// advertWords are class and id words (split at spaces, '-' and '_') that
// mark advertising and marketing blocks.
var advertWords = map[string]bool{
	"ad": true, "ads": true, "advert": true, "adverts": true, "advertisement": true,
	"advertising": true, "sponsor": true, "sponsored": true, "promo": true,
	"newsletter": true, "outbrain": true, "taboola": true, "paywall": true,
	"cookie": true, "cookies": true, "consent": true,
}

// maxAdvertRunes is the most text an element may hold to be removed as an
// advert; anything longer is more likely an article with an unlucky class.
const maxAdvertRunes = 600

// removeAdverts removes advertising and marketing blocks from doc before
// the article is extracted: elements whose class or id has a word from
// advertWords, that hold little text and no headline.
func removeAdverts(doc *html.Node) {
	var ads []*html.Node
	walkHTML(doc, func(n *html.Node) bool {
		if n.Type == html.DocumentNode {
			return true
		}
		if n.Type != html.ElementNode {
			return false
		}
		switch n.DataAtom {
		case atom.Html, atom.Body, atom.Main, atom.Article:
			return true
		}
		if isAdvert(n) {
			ads = append(ads, n)
			return false
		}
		return true
	}, nil)
	for _, n := range ads {
		n.Parent.RemoveChild(n)
	}
}

// isAdvert reports whether n is marked as an advert and small enough to be
// one.
func isAdvert(n *html.Node) bool {
	marked := false
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(a.Val), func(r rune) bool {
			return r == ' ' || r == '-' || r == '_' || r == '\t' || r == '\n'
		}) {
			if advertWords[w] {
				marked = true
			}
		}
	}
	if !marked {
		return false
	}
	size, headline := 0, false
	walkHTML(n, func(c *html.Node) bool {
		switch {
		case size > maxAdvertRunes || headline:
			return false
		case c.Type == html.TextNode:
			size += utf8.RuneCountInString(strings.TrimSpace(c.Data))
		case c.Type == html.ElementNode && (c.DataAtom == atom.H1 || c.DataAtom == atom.Article):
			headline = true
		}
		return true
	}, nil)
	return size <= maxAdvertRunes && !headline
}

// maxListLinkDensity is the largest share of a list's text that may sit in
// links for flattenTextLists to treat it as article text, not navigation.
const maxListLinkDensity = 0.5

// flattenTextLists turns lists of prose outside navigation (<ul>, <ol> and
// their <li>) into <div> and <p> elements. Readability drops short lists as
// page furniture, but in an article a list of facts is text to keep.
func flattenTextLists(doc *html.Node) {
	var lists []*html.Node
	walkHTML(doc, func(n *html.Node) bool {
		switch {
		case n.Type == html.DocumentNode:
			return true
		case n.Type != html.ElementNode, chromeElements[n.DataAtom], n.DataAtom == atom.Header:
			return false
		case n.DataAtom == atom.Ul || n.DataAtom == atom.Ol:
			lists = append(lists, n)
		}
		return true
	}, nil)
	for _, list := range lists {
		if linkDensity(list) > maxListLinkDensity {
			continue
		}
		list.Data, list.DataAtom = "div", atom.Div
		for li := list.FirstChild; li != nil; li = li.NextSibling {
			if li.Type == html.ElementNode && li.DataAtom == atom.Li {
				li.Data, li.DataAtom = "p", atom.P
			}
		}
	}
}

// linkDensity returns the share of the text under n that sits in links.
func linkDensity(n *html.Node) float64 {
	var all, linked int
	inLink := map[*html.Node]bool{}
	walkHTML(n, func(c *html.Node) bool {
		switch c.Type {
		case html.ElementNode:
			if c.DataAtom == atom.A || (c.Parent != nil && inLink[c.Parent]) {
				inLink[c] = true
			}
		case html.TextNode:
			k := utf8.RuneCountInString(strings.TrimSpace(c.Data))
			all += k
			if c.Parent != nil && inLink[c.Parent] {
				linked += k
			}
		}
		return true
	}, nil)
	if all == 0 {
		return 1
	}
	return float64(linked) / float64(all)
}

// countElements counts the element nodes under root, without recursion.
func countElements(root *html.Node) int {
	n := 0
	walkHTML(root, func(node *html.Node) bool {
		if node.Type == html.ElementNode {
			n++
		}
		return true
	}, nil)
	return n
}

// walkHTML visits root and its descendants in document order without
// recursion. enter is called on the way down and says whether to visit the
// node's children; leave, if not nil, is called on the way up for every node
// whose children were visited (also when it has none).
func walkHTML(root *html.Node, enter func(*html.Node) bool, leave func(*html.Node)) {
	n := root
	for {
		descend := enter(n)
		if descend && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		if descend && leave != nil {
			leave(n)
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
			if leave != nil {
				leave(n)
			}
		}
		if n == root {
			return
		}
		n = n.NextSibling
	}
}

// Element classes for text extraction.
var (
	// noTextElements never hold article text.
	noTextElements = atomSet(atom.Head, atom.Title, atom.Script, atom.Style, atom.Template,
		atom.Noscript, atom.Svg, atom.Math, atom.Iframe, atom.Object, atom.Embed,
		atom.Canvas, atom.Audio, atom.Video, atom.Select, atom.Textarea, atom.Button,
		atom.Input, atom.Img, atom.Picture, atom.Map, atom.Frameset, atom.Noframes, atom.Noembed)
	// chromeElements hold site navigation and furniture rather than the article.
	chromeElements = atomSet(atom.Nav, atom.Footer, atom.Aside, atom.Form, atom.Dialog, atom.Menu)
	// blockElements start and end a paragraph.
	blockElements = atomSet(atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Body,
		atom.Caption, atom.Center, atom.Dd, atom.Details, atom.Dialog, atom.Dir, atom.Div,
		atom.Dl, atom.Dt, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Header, atom.Hgroup,
		atom.Hr, atom.Html, atom.Legend, atom.Li, atom.Main, atom.Menu, atom.Nav, atom.Ol,
		atom.P, atom.Pre, atom.Section, atom.Summary, atom.Table, atom.Tbody, atom.Tfoot,
		atom.Thead, atom.Ul)
	// paragraphElements are what the fallback walk takes text from.
	paragraphElements = atomSet(atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Blockquote, atom.Li, atom.Pre, atom.Dd, atom.Dt, atom.Figcaption)
)

// atomSet builds a lookup set of element atoms.
func atomSet(atoms ...atom.Atom) map[atom.Atom]bool {
	set := make(map[atom.Atom]bool, len(atoms))
	for _, a := range atoms {
		set[a] = true
	}
	return set
}

// isHidden reports whether an element is hidden from readers by the
// hidden attribute, aria-hidden or an inline display:none style.
func isHidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return true
			}
		case "style":
			style := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
			if strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// writeHTMLNode writes the text of the tree under root to tb: block elements
// become paragraphs, <br> a line break, table cells are separated by spaces
// and white space collapses as a browser shows it, except inside <pre>.
// Elements that never hold text, and hidden ones, are skipped; with chrome,
// so are navigation, footers, asides and forms.
func writeHTMLNode(tb *textBuilder, root *html.Node, chrome bool) {
	pre := 0
	walkHTML(root, func(n *html.Node) bool {
		switch n.Type {
		case html.TextNode:
			if pre > 0 {
				tb.write(n.Data)
			} else {
				tb.words(n.Data)
			}
			return false
		case html.ElementNode:
		case html.DocumentNode:
			return true
		default:
			return false // comments, doctype
		}
		a := tagAtom(n)
		if noTextElements[a] || (chrome && chromeElements[a]) || isHidden(n) {
			return false
		}
		htmlElementBoundary(tb, a)
		if a == atom.Pre {
			pre++
		}
		return true
	}, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch a := tagAtom(n); a {
		case atom.Pre:
			pre--
			htmlElementBoundary(tb, a)
		case atom.Br:
		default:
			htmlElementBoundary(tb, a)
		}
	})
}

// tagAtom returns the atom of an element's tag name. Readability renames
// elements without updating DataAtom, so the name is what counts.
func tagAtom(n *html.Node) atom.Atom {
	if n.DataAtom != 0 && n.DataAtom.String() == n.Data {
		return n.DataAtom
	}
	return atom.Lookup([]byte(n.Data))
}

// htmlElementBoundary writes the break an element's start or end makes.
func htmlElementBoundary(tb *textBuilder, a atom.Atom) {
	switch {
	case a == atom.Br:
		tb.lineBreak()
	case a == atom.Tr:
		tb.newLine()
	case a == atom.Td || a == atom.Th:
		tb.spaceSep()
	case blockElements[a]:
		tb.paragraph()
	}
}

// fallbackText returns the text of the page's paragraphs, headings, block
// quotes, list items and preformatted blocks outside navigation, footers
// and asides; failing that, all the visible text of the page.
func fallbackText(doc *html.Node) string {
	var tb textBuilder
	walkHTML(doc, func(n *html.Node) bool {
		switch n.Type {
		case html.DocumentNode:
			return true
		case html.ElementNode:
		default:
			return false
		}
		a := tagAtom(n)
		if noTextElements[a] || chromeElements[a] || isHidden(n) {
			return false
		}
		if paragraphElements[a] {
			tb.paragraph()
			writeHTMLNode(&tb, n, true)
			tb.paragraph()
			return false
		}
		return true
	}, nil)
	if text := tb.String(); !isBlank(text) {
		return text
	}
	tb = textBuilder{}
	writeHTMLNode(&tb, doc, true)
	return tb.String()
}

// writeHTMLTokens writes the text of an HTML document to tb straight from
// the token stream, for input the tree parser refuses. It keeps no stack of
// open elements, so nesting depth costs nothing.
func writeHTMLTokens(tb *textBuilder, data []byte) {
	z := html.NewTokenizer(bytes.NewReader(data))
	skip := make(map[atom.Atom]int) // open elements whose text is skipped
	skipping, pre := 0, 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return // io.EOF: reading from memory fails no other way
		case html.TextToken:
			switch {
			case skipping > 0:
			case pre > 0:
				tb.write(string(z.Text()))
			default:
				tb.words(string(z.Text()))
			}
			continue
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
		default:
			continue // comments, doctype
		}
		name, _ := z.TagName()
		a := atom.Lookup(name)
		// <head> is left open by many pages; what it holds is skipped
		// element by element instead.
		if a != atom.Head && (noTextElements[a] || chromeElements[a]) {
			switch {
			case tt == html.StartTagToken && !isVoid(a):
				skip[a]++
				skipping++
			case tt == html.EndTagToken && skip[a] > 0:
				skip[a]--
				skipping--
			}
			continue
		}
		if a == atom.Pre {
			switch tt {
			case html.StartTagToken:
				pre++
			case html.EndTagToken:
				pre = max(pre-1, 0)
			}
		}
		if skipping == 0 {
			htmlElementBoundary(tb, a)
		}
	}
}

// isVoid reports whether an element has no end tag.
func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img,
		atom.Input, atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// Ranks of the places a publication date is read from; lower wins.
const (
	rankPublishedTime = 1 + iota // <meta property="article:published_time">
	rankDatePublished            // itemprop=datePublished, <time pubdate>
	rankReadability              // JSON-LD and the like, through readability
	rankMetaDate                 // <meta name="date"> and friends
	rankTime                     // the first <time datetime>
	rankNone
)

// htmlMeta is the metadata found in a page's markup.
type htmlMeta struct {
	title, h1, ogTitle, rbTitle     string
	siteName, appName, rbSite       string
	canonical, ogURL                string
	author, rbByline, articleAuthor string
	published                       time.Time
	pubRank                         int
}

// metaDateNames are <meta name> values that carry a publication date.
var metaDateNames = map[string]bool{
	"date": true, "dc.date": true, "dc.date.issued": true, "dcterms.date": true,
	"dcterms.issued": true, "dcterms.created": true, "pubdate": true, "publishdate": true,
	"publish-date": true, "publication_date": true, "sailthru.date": true,
	"parsely-pub-date": true, "og:published_time": true,
}

// metaAuthorNames are <meta name> values that carry the byline.
var metaAuthorNames = map[string]bool{
	"author": true, "dc.creator": true, "byl": true, "parsely-author": true, "sailthru.author": true,
}

// maxH1Bytes bounds the text gathered from the first <h1>.
const maxH1Bytes = 4 << 10

// scanHTMLMeta reads the page's metadata from its token stream: <title>,
// the first <h1>, Open Graph and article meta tags, the canonical link and
// <time> elements.
func scanHTMLMeta(data []byte) *htmlMeta {
	hm := &htmlMeta{pubRank: rankNone}
	z := html.NewTokenizer(bytes.NewReader(data))
	inTitle, inH1, h1Done, foreign := false, false, false, 0
	var h1 strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			hm.h1 = h1.String()
			return hm
		case html.TextToken:
			switch {
			case inTitle && hm.title == "":
				hm.title = string(z.Text())
			case inH1 && h1.Len() < maxH1Bytes:
				h1.Write(z.Text())
			}
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if tt == html.EndTagToken {
			switch a {
			case atom.Title:
				inTitle = false
			case atom.H1:
				inH1, h1Done = false, h1Done || h1.Len() > 0
			case atom.Svg, atom.Math:
				foreign = max(foreign-1, 0)
			}
			continue
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		var attrs map[string]string
		if hasAttr {
			attrs = make(map[string]string)
			for {
				k, v, more := z.TagAttr()
				if _, seen := attrs[string(k)]; !seen {
					attrs[string(k)] = string(v)
				}
				if !more {
					break
				}
			}
		}
		switch a {
		case atom.Title:
			inTitle = tt == html.StartTagToken && foreign == 0
		case atom.H1:
			inH1 = tt == html.StartTagToken && !h1Done
		case atom.Svg, atom.Math:
			if tt == html.StartTagToken {
				foreign++
			}
		case atom.Meta:
			hm.metaTag(attrs)
		case atom.Link:
			if hm.canonical == "" && hasToken(attrs["rel"], "canonical") {
				hm.canonical = strings.TrimSpace(attrs["href"])
			}
		case atom.Time:
			rank := rankTime
			if _, ok := attrs["pubdate"]; ok || strings.EqualFold(attrs["itemprop"], "datePublished") {
				rank = rankDatePublished
			}
			hm.date(attrs["datetime"], rank)
		}
	}
}

// metaTag records what one <meta> element says.
func (hm *htmlMeta) metaTag(attrs map[string]string) {
	content := strings.TrimSpace(attrs["content"])
	if content == "" {
		return
	}
	key := strings.ToLower(strings.TrimSpace(attrs["property"]))
	if key == "" {
		key = strings.ToLower(strings.TrimSpace(attrs["name"]))
	}
	if strings.EqualFold(attrs["itemprop"], "datePublished") {
		hm.date(content, rankDatePublished)
	}
	switch {
	case key == "og:title":
		setFirst(&hm.ogTitle, content)
	case key == "og:site_name":
		setFirst(&hm.siteName, content)
	case key == "application-name":
		setFirst(&hm.appName, content)
	case key == "og:url":
		setFirst(&hm.ogURL, content)
	case key == "article:published_time":
		hm.date(content, rankPublishedTime)
	case key == "article:author":
		if !strings.Contains(content, "://") {
			setFirst(&hm.articleAuthor, content)
		}
	case metaDateNames[key]:
		hm.date(content, rankMetaDate)
	case metaAuthorNames[key]:
		setFirst(&hm.author, content)
	}
}

// date records a publication date found at rank, if it parses and beats
// the date found so far.
func (hm *htmlMeta) date(value string, rank int) {
	if rank >= hm.pubRank {
		return
	}
	if t, ok := parseDate(value); ok {
		hm.published, hm.pubRank = t, rank
	}
}

// merge adds what the readability extractor found.
func (hm *htmlMeta) merge(art readability.Article) {
	hm.rbTitle = art.Title()
	hm.rbByline = art.Byline()
	hm.rbSite = art.SiteName()
	if rankReadability < hm.pubRank {
		if t, err := art.PublishedTime(); err == nil {
			if d, ok := makeDate(t.Year(), t.Month(), t.Day()); ok {
				hm.published, hm.pubRank = d, rankReadability
			}
		}
	}
}

// meta returns the page's metadata, each field from the best place that
// gave one.
func (hm *htmlMeta) meta() Meta {
	rbTitle := hm.rbTitle
	if hm.title == "" {
		// Without a <title>, readability may have taken an SVG icon's.
		rbTitle = ""
	}
	m := Meta{
		Title:     firstNonBlank(rbTitle, hm.ogTitle, hm.title, hm.h1),
		Outlet:    firstNonBlank(hm.siteName, hm.rbSite, hm.appName),
		URL:       firstNonBlank(hm.canonical, hm.ogURL),
		Byline:    firstNonBlank(hm.author, hm.rbByline, hm.articleAuthor),
		Published: hm.published,
	}
	m.Title = stripSiteName(m.Title, m.Outlet)
	return m
}

// titleSeparators separate a headline from the site name in a page title.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · ", " » "}

// stripSiteName removes the outlet's name from the start or end of a page
// title ("Headline | The Ledger"), when it is there with a separator.
func stripSiteName(title, outlet string) string {
	title = strings.TrimSpace(title)
	outlet = strings.TrimSpace(outlet)
	if outlet == "" {
		return title
	}
	for _, sep := range titleSeparators {
		if len(title) > len(sep)+len(outlet) {
			if head, ok := cutSuffixFold(title, sep+outlet); ok {
				return strings.TrimSpace(head)
			}
			if tail, ok := cutPrefixFold(title, outlet+sep); ok {
				return strings.TrimSpace(tail)
			}
		}
	}
	return title
}

// cutSuffixFold is strings.CutSuffix ignoring case.
func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}

// cutPrefixFold is strings.CutPrefix ignoring case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// setFirst sets *dst to v unless it is already set.
func setFirst(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

// firstNonBlank returns the first value holding more than white space.
func firstNonBlank(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// hasToken reports whether the space-separated list holds tok, ignoring
// case (as in rel="canonical nofollow").
func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// textBuilder assembles extracted text. Breaks and spaces are held back and
// written only before the next text, so none lead or trail and a run of
// them collapses to the strongest one.
type textBuilder struct {
	b      strings.Builder
	breaks int  // pending line breaks: 1 a new line, 2 a new paragraph
	space  bool // a pending space
}

// paragraph ends the current paragraph.
func (t *textBuilder) paragraph() { t.breaks = 2 }

// lineBreak writes a line break (<br>); two in a row end the paragraph.
func (t *textBuilder) lineBreak() { t.breaks = min(t.breaks+1, 2) }

// newLine makes sure what follows starts on a new line.
func (t *textBuilder) newLine() { t.breaks = max(t.breaks, 1) }

// spaceSep separates what comes next from what came before by a space.
func (t *textBuilder) spaceSep() { t.space = true }

// flush writes the pending break or space, unless nothing is written yet.
func (t *textBuilder) flush() {
	switch {
	case t.b.Len() == 0:
	case t.breaks > 0:
		t.b.WriteString("\n\n"[:t.breaks])
	case t.space:
		t.b.WriteByte(' ')
	}
	t.breaks, t.space = 0, false
}

// write writes s as it is.
func (t *textBuilder) write(s string) {
	if s == "" {
		return
	}
	t.flush()
	t.b.WriteString(s)
}

// words writes s with HTML white space collapsed: runs of spaces, tabs and
// line breaks become one space.
func (t *textBuilder) words(s string) {
	for s != "" {
		i := strings.IndexAny(s, " \t\n\r\f")
		if i < 0 {
			t.write(s)
			return
		}
		t.write(s[:i])
		t.space = true
		s = s[i+1:]
	}
}

// String returns the text written so far.
func (t *textBuilder) String() string { return t.b.String() }
