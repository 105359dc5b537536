package annotate

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes fs as Markdown (CommonMark with GitHub's tables and
// strikethrough) for pasting into newsroom tools. Text from the articles is
// escaped so that it reads as text: it cannot open a link, an image, raw
// HTML, a heading, a list or a table cell. In quote variants, words the
// outlet dropped from the fullest version are ~~struck through~~ and words
// it added or changed are **bold**.
func WriteMarkdown(w io.Writer, fs FactSheet) error {
	m := &mdWriter{w: bufio.NewWriter(w)}
	m.sheet(fs)
	if m.err != nil {
		return m.err
	}
	return m.w.Flush()
}

type mdWriter struct {
	w   *bufio.Writer
	err error
}

func (m *mdWriter) printf(format string, args ...any) {
	if m.err == nil {
		_, m.err = fmt.Fprintf(m.w, format, args...)
	}
}

func (m *mdWriter) sheet(fs FactSheet) {
	m.printf("# Fact sheet: %s\n\n%s\n\n", mdText(fs.Story.Name), mdText(sheetSummary(fs)))

	m.printf("## Sources\n\n")
	if len(fs.Sources) == 0 {
		m.printf("No articles.\n\n")
	} else {
		m.printf("| Outlet | Title | Published |\n| --- | --- | --- |\n")
		for _, s := range fs.Sources {
			outlet := mdText(s.Outlet)
			if len(s.Copies) > 0 {
				outlet += " (same text as " + mdText(strings.Join(s.Copies, ", ")) + ")"
			}
			m.printf("| %s | %s | %s |\n", outlet, mdLink(sheetUntitled(s.Title), s.URL), mdText(sheetDate(s.Published)))
		}
		m.printf("\n")
	}

	m.printf("## Facts\n\n")
	if len(fs.Facts) == 0 {
		m.printf("No facts recorded.\n\n")
	}
	for i, f := range fs.Facts {
		m.fact(i+1, f)
	}

	m.printf("## Quotes by speaker\n\n")
	if len(fs.Speakers) == 0 {
		m.printf("No quote was printed by more than one outlet.\n\n")
	} else {
		m.printf("Each quote is shown as its fullest version, then as each outlet printed it: " +
			"~~struck~~ words are in the fullest version but not in this outlet's, " +
			"**bold** words are this outlet's own.\n\n")
	}
	for _, sp := range fs.Speakers {
		m.printf("### %s\n\n", mdText(sheetSpeakerName(sp.Speaker)))
		for _, q := range sp.Quotes {
			m.quote(q)
		}
	}

	if len(fs.Unlinked) > 0 {
		m.printf("## Other annotations\n\n")
		for _, g := range fs.Unlinked {
			m.printf("### %s (%d)\n\n", sheetKindTitle(g.Kind), len(g.Items))
			for _, e := range g.Items {
				m.excerpt(e, true)
			}
			m.printf("\n")
		}
	}
	m.printf("---\n\n*%s*\n", mdText(sheetFooterLine(fs.Footer)))
}

func (m *mdWriter) fact(n int, f SheetFact) {
	m.printf("### %d. %s\n\n", n, mdText(f.Text))
	m.printf("**%s** · %s\n\n", strings.ToUpper(sheetStatusLabel(f.Status)), mdText(sheetStance(f)))
	if note := mdText(f.Note); note != "" {
		m.printf("*Note:* %s\n\n", note)
	}
	if len(f.Supporters)+len(f.Contradictors)+len(f.Silent) > 0 {
		for _, l := range []struct {
			label string
			vs    []Voice
		}{{"Supported by", f.Supporters}, {"Contradicted by", f.Contradictors}, {"Silent", f.Silent}} {
			if len(l.vs) > 0 {
				m.printf("- %s: %s\n", l.label, mdText(sheetVoiceList(l.vs)))
			}
		}
		m.printf("\n")
	}
	for _, part := range []struct {
		label string
		es    []SheetExcerpt
	}{{"Supporting", f.Supporting}, {"Contradicting", f.Contradicting}} {
		if len(part.es) == 0 {
			continue
		}
		m.printf("**%s**\n\n", part.label)
		for _, e := range part.es {
			m.excerpt(e, false)
		}
		m.printf("\n")
	}
}

func (m *mdWriter) excerpt(e SheetExcerpt, details bool) {
	m.printf("- **%s**: “%s”", mdText(e.Outlet), mdText(e.Text))
	if e.Link != "" {
		m.printf(" (%s)", mdLink("source", e.Link))
	}
	if e.Anchor == AnchorOrphaned {
		m.printf(" *(text no longer in the article)*")
	}
	if details {
		var bits []string
		if e.Speaker != "" {
			bits = append(bits, "speaker: "+mdText(e.Speaker))
		}
		if e.Status != StatusUnverified && e.Status != "" {
			bits = append(bits, "status: "+sheetStatusLabel(e.Status))
		}
		if len(e.Tags) > 0 {
			bits = append(bits, "tags: "+mdText(strings.Join(e.Tags, ", ")))
		}
		if len(bits) > 0 {
			m.printf(" · %s", strings.Join(bits, " · "))
		}
	}
	m.printf("\n")
	if note := mdText(e.Note); note != "" {
		m.printf("  *Note:* %s\n", note)
	}
}

func (m *mdWriter) quote(q SheetQuote) {
	m.printf("> “%s”\n\n", mdText(q.Canonical))
	line := "Printed by " + sheetCount(q.Voices, "outlet", "outlets")
	if q.Conflict {
		line += " · **Outlets credit different speakers**"
	}
	m.printf("%s\n\n", line)
	for _, v := range q.Variants {
		m.printf("- **%s**", mdText(strings.Join(v.Outlets, ", ")))
		var notes []string
		if v.InTitle {
			notes = append(notes, "headline")
		}
		if v.Speaker != "" && q.Conflict {
			notes = append(notes, "credits "+mdText(v.Speaker))
		}
		if len(notes) > 0 {
			m.printf(" (%s)", strings.Join(notes, ", "))
		}
		if v.Canonical {
			m.printf(": the fullest version, as above")
		} else {
			m.printf(": %s", mdDiff(v.Ops))
		}
		if v.Link != "" {
			m.printf(" (%s)", mdLink("source", v.Link))
		}
		m.printf("\n")
	}
	m.printf("\n")
}

// sheetStance counts the voices for and against a fact.
func sheetStance(f SheetFact) string {
	var parts []string
	if len(f.Supporters) > 0 || len(f.Contradictors) == 0 {
		parts = append(parts, "supported by "+sheetCount(len(f.Supporters), "outlet", "outlets"))
	}
	if len(f.Contradictors) > 0 {
		parts = append(parts, "contradicted by "+sheetCount(len(f.Contradictors), "outlet", "outlets"))
	}
	if len(f.Silent) > 0 {
		parts = append(parts, sheetCount(len(f.Silent), "outlet", "outlets")+" silent")
	}
	return strings.Join(parts, ", ")
}

func sheetSpeakerName(s string) string {
	if s == "" {
		return "Speaker not established"
	}
	return s
}

func sheetUntitled(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(untitled)"
	}
	return s
}

// mdDiff marks a variant's differences from the canonical text.
// Punctuation-only changes are shown as the outlet printed them, unmarked:
// GitHub's strikethrough does not reliably open next to punctuation.
func mdDiff(ops []DiffOp) string {
	var b strings.Builder
	for i, op := range ops {
		text := mdRun(op.Text)
		switch {
		case op.Op == OpEqual:
			b.WriteString(text)
		case op.PunctOnly():
			if op.Op == OpInsert {
				b.WriteString(text)
			}
		default:
			mark := "**"
			if op.Op == OpDelete {
				mark = "~~"
			} else if i > 0 && ops[i-1].Op == OpDelete && !ops[i-1].PunctOnly() && !strings.HasSuffix(b.String(), " ") &&
				!strings.HasPrefix(text, " ") {
				b.WriteByte(' ') // keep "~~old~~ **new**" apart
			}
			core := strings.TrimSpace(text)
			lead, trail := text[:strings.Index(text, core)], text[strings.Index(text, core)+len(core):]
			b.WriteString(lead + mark + core + mark + trail)
		}
	}
	return strings.TrimSpace(b.String())
}

// mdLink writes a link to an http(s) URL, or the text alone for anything
// else.
func mdLink(text, rawURL string) string {
	u, ok := SafeURL(rawURL)
	if !ok {
		return mdText(text)
	}
	return "[" + mdText(text) + "](" + mdURLReplacer.Replace(u) + ")"
}

// mdURLReplacer escapes what could end or confuse a link destination.
var mdURLReplacer = strings.NewReplacer("(", "%28", ")", "%29", "<", "%3C", ">", "%3E", " ", "%20", "\\", "%5C", "`", "%60")

// mdText escapes article text for Markdown, on one line.
func mdText(s string) string {
	return mdEscape(sheetText(s))
}

// mdRun escapes a piece of text, keeping a space at its edges.
func mdRun(s string) string {
	return mdEscape(sheetRun(s))
}

// mdEscape backslash-escapes every character that can start Markdown syntax
// inside a line: emphasis, code, links and images, raw HTML and entities,
// table cells, strikethrough and headings; and a list or quote marker at the
// start. CommonMark turns any backslash-escaped ASCII punctuation back into
// the character itself.
func mdEscape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&', '#', '$':
			b.WriteByte('\\')
		case '-', '+', '=':
			if i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			// "12. " or "3) " at the start would open an ordered list.
			if i > 0 && strings.Trim(s[:i], "0123456789") == "" {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}
