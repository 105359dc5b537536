package annotate

import (
	"bufio"
	"bytes"
	stdhtml "html"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// parseMarkdown parses a Markdown source: optional YAML front matter or
// header lines, an optional date token, then Markdown reduced to plain text.
// A leading level-1 heading becomes the title when nothing else gives one.
func parseMarkdown(s string) (Meta, string) {
	s = normalizeNewlines(s)
	meta, rest, ok := parseFrontMatter(s)
	if !ok {
		meta, rest = parseHeader(s)
	}
	rest, published := cutDateToken(rest)
	if meta.Published.IsZero() {
		meta.Published = published
	}
	title, body := markdownText([]byte(rest), meta.Title == "")
	if meta.Title == "" {
		meta.Title = title
	}
	return meta, body
}

// parseFrontMatter reads YAML front matter: a first line "---", then
// "key: value" lines, then a line "---" or "...". Only the header keys the
// importer knows are used; other YAML (lists, nested maps, comments) is
// skipped. ok is false when s does not open with complete front matter, or
// when a line inside is not YAML, so a document that merely starts with a
// thematic break loses no text.
func parseFrontMatter(s string) (meta Meta, rest string, ok bool) {
	s = skipBlankLines(s)
	first, rest, found := strings.Cut(s, "\n")
	if !found || strings.TrimRight(first, " \t") != "---" {
		return Meta{}, s, false
	}
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		switch strings.TrimRight(line, " \t") {
		case "---", "...":
			return meta, rest, true
		}
		if strings.TrimSpace(line) == "" || strings.ContainsRune(" \t-#", rune(line[0])) {
			continue // nested YAML, a list item or a comment
		}
		key, value, ok := splitHeaderLine(line)
		if !ok {
			return Meta{}, s, false
		}
		if headerKeys[key] != "" {
			setMetaField(&meta, headerKeys[key], yamlScalar(value))
		}
	}
	return Meta{}, s, false
}

// yamlScalar returns the value of a one-line YAML scalar: quotes removed and
// escapes resolved for quoted strings, a trailing comment dropped otherwise.
func yamlScalar(v string) string {
	switch {
	case len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"':
		if u, err := strconv.Unquote(v); err == nil {
			return u
		}
		return v[1 : len(v)-1]
	case len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'':
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'")
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}

// Limits that keep Markdown parsing fast on hostile input. goldmark's cost
// grows with the square of the number of unmatched brackets and emphasis
// markers in a block, and worse with deeply nested block quotes and lists.
// So a large document is parsed in chunks cut at blank lines (failing that,
// at line ends), and a chunk that is still too large, holds too many
// markers or nests containers too deeply is kept as plain text.
const (
	markdownChunk      = 16 << 10 // bytes parsed at once
	maxMarkdownMarkers = 1000     // '[', '*', '_', '`', '<', '!' and '~' per chunk
	maxMarkdownPrefix  = 32       // bytes of container markers at a line start
)

// markdownText parses src as Markdown (CommonMark with GFM tables and
// strikethrough) and returns its plain text: one paragraph per block, inline
// markup removed, link text kept, images dropped. With wantTitle, a leading
// level-1 heading is returned as title and left out of the body.
func markdownText(src []byte, wantTitle bool) (title, body string) {
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
	var tb textBuilder
	for i, chunk := range markdownChunks(src) {
		if !parseableMarkdown(chunk) {
			tb.newLine()
			tb.write(string(chunk))
			continue
		}
		doc := md.Parser().Parse(text.NewReader(chunk))
		if h, ok := doc.FirstChild().(*ast.Heading); ok && i == 0 && wantTitle && h.Level == 1 {
			var tt textBuilder
			writeMarkdown(&tt, h, chunk)
			title = tt.String()
			doc.RemoveChild(doc, h)
		}
		tb.newLine()
		writeMarkdown(&tb, doc, chunk)
	}
	return title, NormalizeBody(tb.String())
}

// markdownChunks cuts src into pieces of at most markdownChunk bytes, at
// blank lines outside fenced code blocks where it can and at other line
// ends where it must. A line longer than that is a piece of its own.
func markdownChunks(src []byte) [][]byte {
	if len(src) <= markdownChunk {
		return [][]byte{src}
	}
	var (
		chunks    [][]byte
		start     int    // start of the current chunk
		lastBlank = -1   // end of the last blank line in the current chunk
		lastLine  = -1   // end of the last line in the current chunk
		fence     string // marker of the open fenced code block
	)
	for pos := 0; pos < len(src); {
		end := bytes.IndexByte(src[pos:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += pos + 1
		}
		if end-start > markdownChunk {
			cut := lastBlank
			if cut <= start {
				cut = lastLine
			}
			if cut > start {
				chunks = append(chunks, src[start:cut])
				start = cut
			}
		}
		line := bytes.TrimLeft(src[pos:end], " ")
		switch {
		case fence != "":
			if bytes.HasPrefix(line, []byte(fence)) {
				fence = ""
			}
		case bytes.HasPrefix(line, []byte("```")):
			fence = "```"
		case bytes.HasPrefix(line, []byte("~~~")):
			fence = "~~~"
		case len(bytes.TrimSpace(line)) == 0:
			lastBlank = end
		}
		if fence == "" {
			lastLine = end
		}
		if end-start > markdownChunk {
			// A single line too long to share a chunk.
			chunks = append(chunks, src[start:end])
			start = end
		}
		pos = end
	}
	if start < len(src) {
		chunks = append(chunks, src[start:])
	}
	return chunks
}

// parseableMarkdown reports whether chunk is small and tame enough to hand
// to the Markdown parser.
func parseableMarkdown(chunk []byte) bool {
	if len(chunk) > markdownChunk {
		return false
	}
	markers, prefix, lineStart := 0, 0, true
	for _, c := range chunk {
		switch c {
		case '[', '*', '_', '`', '<', '!', '~':
			markers++
		}
		switch {
		case c == '\n':
			prefix, lineStart = 0, true
		case !lineStart:
		case c == ' ' || c == '\t' || c == '>' || c == '-' || c == '+' || c == '*' ||
			c == '.' || c == ')' || (c >= '0' && c <= '9'):
			prefix++
		default:
			lineStart = false
		}
		if markers > maxMarkdownMarkers || prefix > maxMarkdownPrefix {
			return false
		}
	}
	return true
}

// writeMarkdown writes the plain text of the Markdown tree under root to tb.
// It walks the tree without recursion, so deeply nested input cannot
// exhaust the stack.
func writeMarkdown(tb *textBuilder, root ast.Node, src []byte) {
	n := root
	for n != nil {
		if enterMarkdown(tb, n, src) && n.FirstChild() != nil {
			n = n.FirstChild()
			continue
		}
		// Leave n and every ancestor that has no further sibling.
		for {
			leaveMarkdown(tb, n)
			if n == root {
				return
			}
			if next := n.NextSibling(); next != nil {
				n = next
				break
			}
			n = n.Parent()
		}
	}
}

// enterMarkdown writes what comes before n's children and reports whether
// its children are to be visited.
func enterMarkdown(tb *textBuilder, n ast.Node, src []byte) bool {
	switch n := n.(type) {
	case *ast.Text:
		tb.write(markdownInline(n.Value(src), n.IsRaw()))
		if n.SoftLineBreak() || n.HardLineBreak() {
			tb.lineBreak()
		}
		return false
	case *ast.String:
		tb.write(markdownInline(n.Value, n.IsRaw() || n.IsCode()))
		return false
	case *ast.AutoLink:
		tb.write(string(n.Label(src)))
		return false
	case *ast.Image, *ast.RawHTML, *ast.ThematicBreak:
		return false
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		tb.paragraph()
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			tb.write(strings.TrimRight(string(seg.Value(src)), "\n"))
			tb.lineBreak()
		}
		tb.paragraph()
		return false
	case *ast.HTMLBlock:
		var raw bytes.Buffer
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			raw.Write(seg.Value(src))
		}
		if n.HasClosure() {
			raw.Write(n.ClosureLine.Value(src))
		}
		tb.paragraph()
		writeHTMLTokens(tb, raw.Bytes())
		tb.paragraph()
		return false
	case *extast.TableRow, *extast.TableHeader:
		tb.newLine()
		return true
	case *extast.TableCell:
		tb.spaceSep()
		return true
	}
	if n.Type() == ast.TypeBlock {
		tb.paragraph()
	}
	return true
}

// leaveMarkdown writes what comes after n's children.
func leaveMarkdown(tb *textBuilder, n ast.Node) {
	switch n.(type) {
	case *extast.TableRow, *extast.TableHeader:
		tb.newLine()
	case *extast.TableCell:
		tb.spaceSep()
	default:
		if n.Type() == ast.TypeBlock {
			tb.paragraph()
		}
	}
}

// markdownInline returns the text of an inline value: backslash escapes and
// entity references resolved, as goldmark's HTML renderer does, unless raw
// (code spans).
func markdownInline(value []byte, raw bool) string {
	if raw {
		return string(value)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	gmhtml.DefaultWriter.Write(w, value)
	_ = w.Flush() // writes to a bytes.Buffer cannot fail
	return stdhtml.UnescapeString(buf.String())
}
