package annotate

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// WritePDF writes fs as an A4 PDF with the content of the HTML sheet:
// sources, facts with status badges and their passages, quotes by speaker
// with the outlets' words struck through (dropped) or highlighted (added or
// changed), the other annotations, and the footer; pages are numbered. Text
// is set in the Go fonts, embedded as UTF-8 TrueType subsets, so curly
// quotes, accents and dashes print as they are; a character the fonts do
// not have (emoji, scripts beyond Latin, Greek and Cyrillic) prints as □.
// Links go to the articles, with text fragments where known.
func WritePDF(w io.Writer, fs FactSheet) error {
	p, err := newPDFSheet(fs)
	if err != nil {
		return err
	}
	p.sheet(fs)
	if err := p.pdf.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := p.pdf.Output(w); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// pdfRGB is a colour.
type pdfRGB struct{ r, g, b int }

// The palette, matching the HTML sheet.
var (
	pdfInk     = pdfRGB{27, 34, 41}
	pdfMuted   = pdfRGB{93, 104, 115}
	pdfRule    = pdfRGB{216, 221, 226}
	pdfAccent  = pdfRGB{23, 74, 124}
	pdfDelInk  = pdfRGB{168, 35, 27}
	pdfDelFill = pdfRGB{251, 227, 225}
	pdfInsFill = pdfRGB{255, 236, 140}
	pdfNoteBG  = pdfRGB{246, 245, 239}
)

// pdfStatusColors gives a status badge's ink and fill.
func pdfStatusColors(s Status) (ink, fill pdfRGB) {
	switch s {
	case StatusConfirmed:
		return pdfRGB{27, 110, 53}, pdfRGB{226, 243, 231}
	case StatusDisputed:
		return pdfRGB{138, 83, 0}, pdfRGB{252, 239, 214}
	case StatusFalse:
		return pdfRGB{168, 35, 27}, pdfRGB{251, 227, 225}
	}
	return pdfRGB{86, 97, 108}, pdfRGB{236, 239, 242}
}

// Page geometry, in mm.
const (
	pdfMargin    = 18.0
	pdfTop       = 16.0
	pdfBottom    = 18.0
	pdfFamily    = "go"
	pdfMissing   = '□'
	pdfExcerptIn = 4.0 // indent of passages
)

// pdfSheet lays out one document.
type pdfSheet struct {
	pdf         *fpdf.Fpdf
	left, right float64 // text column
	pageH       float64
	font        *sfnt.Font
	buf         sfnt.Buffer
	glyph       map[rune]bool // whether the fonts have a glyph for a rune
	style       string
	size        float64
	story       string
}

func newPDFSheet(fs FactSheet) (*pdfSheet, error) {
	font, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("pdf: font: %w", err)
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	pdf.AddUTF8FontFromBytes(pdfFamily, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(pdfFamily, "B", gobold.TTF)
	pdf.AddUTF8FontFromBytes(pdfFamily, "I", goitalic.TTF)
	pdf.AddUTF8FontFromBytes(pdfFamily, "BI", gobolditalic.TTF)
	pdf.SetMargins(pdfMargin, pdfTop, pdfMargin)
	// flow places each piece of text itself; a cell margin would shift the
	// text off its highlight.
	pdf.SetCellMargin(0)
	pdf.SetAutoPageBreak(true, pdfBottom)
	pdf.SetCatalogSort(true)
	pdf.SetCompression(true)
	if t := fs.Footer.GeneratedAt; !t.IsZero() {
		pdf.SetCreationDate(t.UTC())
		pdf.SetModificationDate(t.UTC())
	}
	p := &pdfSheet{pdf: pdf, font: font, glyph: map[rune]bool{}}
	p.story = p.clean(sheetText(fs.Story.Name))
	pdf.SetTitle("Fact sheet: "+p.story, true)
	pdf.SetSubject("Fact sheet", true)
	creator := "Factdesk"
	if fs.Footer.Generator != "" {
		creator = p.clean(sheetText(fs.Footer.Generator))
	}
	pdf.SetCreator(creator, true)
	pdf.SetProducer(creator, true)
	pdf.SetLang("en")
	pdf.AliasNbPages("{nb}")
	w, h := pdf.GetPageSize()
	p.left, p.right, p.pageH = pdfMargin, w-pdfMargin, h
	pdf.SetFooterFunc(p.pageFooter)
	return p, nil
}

// clean composes s (NFC, so "e" and a combining acute print as "é") and
// replaces the characters the fonts cannot draw.
func (p *pdfSheet) clean(s string) string {
	s = norm.NFC.String(s)
	ok := true
	for _, r := range s {
		if !p.has(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case p.has(r):
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r) || r == '\u200D' || r == '\uFE0F' || r == '\u200C':
			// a combining mark, joiner or variation selector the font
			// lacks: leave it out rather than print a box for it
		default:
			b.WriteRune(pdfMissing)
		}
	}
	return b.String()
}

// has reports whether the fonts can draw r. fpdf's width table covers the
// Basic Multilingual Plane only.
func (p *pdfSheet) has(r rune) bool {
	if r < 0x80 {
		return r >= 0x20 || r == '\n'
	}
	if r > 0xFFFF {
		return false
	}
	ok, seen := p.glyph[r]
	if !seen {
		i, err := p.font.GlyphIndex(&p.buf, r)
		ok = err == nil && i != 0
		p.glyph[r] = ok
	}
	return ok
}

func (p *pdfSheet) setFont(style string, size float64) {
	if style != p.style || size != p.size {
		p.pdf.SetFont(pdfFamily, style, size)
		p.style, p.size = style, size
	}
}

func (p *pdfSheet) color(c pdfRGB) { p.pdf.SetTextColor(c.r, c.g, c.b) }

// pageFooter prints the story and page number at the foot of each page.
func (p *pdfSheet) pageFooter() {
	style, size := p.style, p.size
	p.pdf.SetY(-12)
	p.setFont("", 7.5)
	p.color(pdfMuted)
	p.pdf.SetDrawColor(pdfRule.r, pdfRule.g, pdfRule.b)
	p.pdf.SetLineWidth(0.2)
	p.pdf.Line(p.left, p.pageH-13.5, p.right, p.pageH-13.5)
	p.pdf.CellFormat((p.right-p.left)*0.75, 5, "Fact sheet · "+p.story, "", 0, "L", false, 0, "")
	p.pdf.CellFormat((p.right-p.left)*0.25, 5, fmt.Sprintf("Page %d of {nb}", p.pdf.PageNo()), "", 0, "R", false, 0, "")
	p.setFont(style, size)
}

// room starts a new page unless h mm fit above the bottom margin.
func (p *pdfSheet) room(h float64) {
	if p.pdf.GetY()+h > p.pageH-pdfBottom {
		p.pdf.AddPage()
	}
}

// pdfRun is a piece of text in one style.
type pdfRun struct {
	text   string
	style  string // "", "B", "I", "BI"
	strike bool
	size   float64
	color  pdfRGB
	fill   *pdfRGB
	link   string
}

// pdfWord is text between spaces, possibly in several runs ("said," with
// the comma struck out).
type pdfWord struct {
	pieces []pdfPiece
	space  int // run of the space that follows, or -1 for none
}

type pdfPiece struct {
	text string
	run  int
}

// pdfSplitWords cuts runs into words, keeping each piece's run.
func pdfSplitWords(runs []pdfRun) []pdfWord {
	var words []pdfWord
	var cur pdfWord
	cur.space = -1
	for ri, r := range runs {
		start := -1
		flush := func(end int) {
			if start >= 0 {
				cur.pieces = append(cur.pieces, pdfPiece{text: r.text[start:end], run: ri})
				start = -1
			}
		}
		for i, c := range r.text {
			if unicode.IsSpace(c) {
				flush(i)
				if len(cur.pieces) > 0 {
					cur.space = ri
					words = append(words, cur)
					cur = pdfWord{space: -1}
				} else if len(words) > 0 && words[len(words)-1].space < 0 {
					words[len(words)-1].space = ri
				}
				continue
			}
			if start < 0 {
				start = i
			}
		}
		flush(len(r.text))
	}
	if len(cur.pieces) > 0 {
		words = append(words, cur)
	}
	return words
}

// flow sets runs as a paragraph between x = left and p.right, starting at
// the current position, breaking lines between words (and inside a word
// longer than a line), lh mm apart. It leaves the position at the start of
// the next line.
func (p *pdfSheet) flow(runs []pdfRun, left, lh float64) {
	for i := range runs {
		runs[i].text = p.clean(runs[i].text)
	}
	words := pdfSplitWords(runs)
	x, y := p.pdf.GetX(), p.pdf.GetY()
	if x < left {
		x = left
	}
	newline := func() {
		y += lh
		x = left
		if y+lh > p.pageH-pdfBottom {
			p.pdf.AddPage()
			y = p.pdf.GetY()
		}
	}
	if y+lh > p.pageH-pdfBottom {
		p.pdf.AddPage()
		y = p.pdf.GetY()
	}
	for wi, w := range words {
		width := 0.0
		for _, pc := range w.pieces {
			p.runFont(runs[pc.run])
			width += p.pdf.GetStringWidth(pc.text)
		}
		if x+width > p.right && x > left {
			newline()
		}
		for _, pc := range w.pieces {
			r := runs[pc.run]
			p.runFont(r)
			text := pc.text
			for text != "" {
				part := text
				pw := p.pdf.GetStringWidth(part)
				if x+pw > p.right {
					// A word longer than the line: cut it where it fills
					// the line.
					if x > left && pw <= p.right-left {
						newline()
						continue
					}
					part = p.fit(text, p.right-x)
					pw = p.pdf.GetStringWidth(part)
				}
				p.cell(r, x, y, pw, lh, part)
				x += pw
				text = text[len(part):]
				if text != "" {
					newline()
				}
			}
		}
		if w.space >= 0 && wi+1 < len(words) {
			r := runs[w.space]
			p.runFont(r)
			sw := p.pdf.GetStringWidth(" ")
			// Keep a highlight or strike continuous across the space
			// between two words of the same run.
			prev, next := w.pieces[len(w.pieces)-1].run, words[wi+1].pieces[0].run
			if prev == w.space && next == w.space && (r.fill != nil || r.strike) && x+sw <= p.right {
				p.cell(r, x, y, sw, lh, " ")
			}
			x += sw
		}
	}
	p.pdf.SetXY(left, y+lh)
}

// fit returns the longest prefix of s, at least one character, that fits in
// width.
func (p *pdfSheet) fit(s string, width float64) string {
	end := 0
	for i, r := range s {
		next := i + utf8.RuneLen(r)
		if end > 0 && p.pdf.GetStringWidth(s[:next]) > width {
			break
		}
		end = next
	}
	return s[:end]
}

func (p *pdfSheet) runFont(r pdfRun) {
	style := r.style
	if r.strike {
		style += "S"
	}
	p.setFont(style, r.size)
}

func (p *pdfSheet) cell(r pdfRun, x, y, w, h float64, text string) {
	p.pdf.SetXY(x, y)
	p.color(r.color)
	if r.fill != nil {
		p.pdf.SetFillColor(r.fill.r, r.fill.g, r.fill.b)
	}
	p.pdf.CellFormat(w, h, text, "", 0, "L", r.fill != nil, 0, r.link)
}

// para sets one run of text as a paragraph.
func (p *pdfSheet) para(text, style string, size float64, c pdfRGB, left, lh float64) {
	p.pdf.SetX(left)
	p.flow([]pdfRun{{text: text, style: style, size: size, color: c}}, left, lh)
}

// heading sets a section heading with a rule under it.
func (p *pdfSheet) heading(title string) {
	p.room(22)
	p.pdf.Ln(5)
	p.para(strings.ToUpper(title), "B", 10, pdfAccent, p.left, 5)
	y := p.pdf.GetY() + 0.5
	p.pdf.SetDrawColor(pdfRule.r, pdfRule.g, pdfRule.b)
	p.pdf.SetLineWidth(0.3)
	p.pdf.Line(p.left, y, p.right, y)
	p.pdf.SetY(y + 3)
}

// label sets a small capitalised label.
func (p *pdfSheet) label(text string, c pdfRGB, left float64) {
	p.pdf.SetX(left)
	p.para(strings.ToUpper(text), "B", 7, c, left, 4)
}

func (p *pdfSheet) sheet(fs FactSheet) {
	pdf := p.pdf
	pdf.AddPage()
	p.label("Fact sheet", pdfAccent, p.left)
	pdf.Ln(1)
	p.para(p.story, "B", 20, pdfInk, p.left, 8.5)
	pdf.Ln(1)
	p.para(sheetSummary(fs), "", 8.5, pdfMuted, p.left, 4.5)
	y := pdf.GetY() + 2
	pdf.SetDrawColor(pdfInk.r, pdfInk.g, pdfInk.b)
	pdf.SetLineWidth(0.8)
	pdf.Line(p.left, y, p.right, y)
	pdf.SetY(y + 2)

	p.heading("Sources")
	if len(fs.Sources) == 0 {
		p.para("No articles.", "", 10, pdfInk, p.left, 5)
	}
	for _, s := range fs.Sources {
		p.source(s)
	}

	p.heading("Facts")
	if len(fs.Facts) == 0 {
		p.para("No facts recorded.", "", 10, pdfInk, p.left, 5)
	}
	for i, f := range fs.Facts {
		p.fact(i+1, f)
	}

	p.heading("Quotes by speaker")
	if len(fs.Speakers) == 0 {
		p.para("No quote was printed by more than one outlet.", "", 10, pdfInk, p.left, 5)
	} else {
		pdf.SetX(p.left)
		p.flow([]pdfRun{
			{text: "Each quote is shown in its fullest version, then as each outlet printed it: ", size: 8.5, color: pdfMuted},
			{text: "struck", size: 8.5, color: pdfDelInk, strike: true, fill: &pdfDelFill},
			{text: " words are in the fullest version but not in this outlet’s; ", size: 8.5, color: pdfMuted},
			{text: "highlighted", style: "B", size: 8.5, color: pdfInk, fill: &pdfInsFill},
			{text: " words are this outlet’s own.", size: 8.5, color: pdfMuted},
		}, p.left, 4.5)
		pdf.Ln(1)
	}
	for _, sp := range fs.Speakers {
		p.room(20)
		pdf.Ln(2)
		p.para(sheetSpeakerName(sp.Speaker), "B", 12.5, pdfInk, p.left, 6)
		pdf.Ln(1)
		for _, q := range sp.Quotes {
			p.quote(q)
		}
	}

	if len(fs.Unlinked) > 0 {
		p.heading("Other annotations")
		for _, g := range fs.Unlinked {
			p.room(26) // the label and its first passage
			pdf.Ln(1)
			p.label(fmt.Sprintf("%s (%d)", sheetKindTitle(g.Kind), len(g.Items)), pdfAccent, p.left)
			pdf.Ln(1)
			for _, e := range g.Items {
				p.excerpt(e, true)
			}
		}
	}

	p.room(14)
	pdf.Ln(6)
	y = pdf.GetY()
	pdf.SetDrawColor(pdfRule.r, pdfRule.g, pdfRule.b)
	pdf.SetLineWidth(0.3)
	pdf.Line(p.left, y, p.right, y)
	pdf.SetY(y + 2)
	p.para(sheetFooterLine(fs.Footer), "", 8, pdfMuted, p.left, 4)
}

func (p *pdfSheet) source(s SheetSource) {
	p.room(10)
	col := p.left + 42
	y := p.pdf.GetY()
	p.pdf.SetXY(p.left, y)
	outlet := []pdfRun{{text: sheetText(s.Outlet), style: "B", size: 9.5, color: pdfInk}}
	// the outlet column is narrow: flow it within its own right edge
	right := p.right
	p.right = col - 3
	p.flow(outlet, p.left, 4.8)
	if len(s.Copies) > 0 {
		p.pdf.SetX(p.left)
		p.flow([]pdfRun{{text: "same text as " + sheetText(strings.Join(s.Copies, ", ")), size: 7.5, color: pdfMuted}}, p.left, 3.8)
	}
	endOutlet, pageOutlet := p.pdf.GetY(), p.pdf.PageNo()
	p.right = right

	p.pdf.SetXY(col, y)
	title := pdfRun{text: sheetText(sheetUntitled(s.Title)), size: 9.5, color: pdfInk}
	if s.URL != "" {
		title.color, title.link = pdfAccent, s.URL
	}
	p.flow([]pdfRun{title}, col, 4.8)
	var meta []string
	if d := sheetDate(s.Published); d != "" {
		meta = append(meta, d)
	}
	if b := sheetText(s.Byline); b != "" {
		meta = append(meta, b)
	}
	if len(meta) > 0 {
		p.pdf.SetX(col)
		p.flow([]pdfRun{{text: strings.Join(meta, " · "), size: 7.5, color: pdfMuted}}, col, 3.8)
	}
	if p.pdf.PageNo() == pageOutlet && endOutlet > p.pdf.GetY() {
		p.pdf.SetY(endOutlet)
	}
	y = p.pdf.GetY() + 1
	p.pdf.SetDrawColor(pdfRule.r, pdfRule.g, pdfRule.b)
	p.pdf.SetLineWidth(0.15)
	p.pdf.Line(p.left, y, p.right, y)
	p.pdf.SetY(y + 1.5)
}

// badge draws a status pill at the current position and returns its width.
func (p *pdfSheet) badge(s Status, x, y float64) float64 {
	ink, fill := pdfStatusColors(s)
	text := strings.ToUpper(sheetStatusLabel(s))
	p.setFont("B", 7)
	w := p.pdf.GetStringWidth(text) + 4
	p.pdf.SetDrawColor(ink.r, ink.g, ink.b)
	p.pdf.SetFillColor(fill.r, fill.g, fill.b)
	p.pdf.SetLineWidth(0.25)
	p.pdf.RoundedRect(x, y+0.9, w, 4.4, 2.2, "1234", "FD")
	p.color(ink)
	p.pdf.SetXY(x, y+0.9)
	p.pdf.CellFormat(w, 4.4, text, "", 0, "C", false, 0, "")
	return w
}

func (p *pdfSheet) fact(n int, f SheetFact) {
	p.room(28)
	p.pdf.Ln(2)
	x, y := p.left, p.pdf.GetY()
	w := p.badge(f.Status, x, y)
	p.pdf.SetXY(x+w+2.5, y)
	p.flow([]pdfRun{
		{text: fmt.Sprintf("%d. ", n), size: 12, color: pdfMuted},
		{text: sheetText(f.Text), style: "B", size: 12, color: pdfInk},
	}, p.left, 6)
	p.para(sheetStance(f), "", 8, pdfMuted, p.left, 4)
	for _, l := range []struct {
		label string
		vs    []Voice
	}{{"Supported by", f.Supporters}, {"Contradicted by", f.Contradictors}, {"Silent", f.Silent}} {
		if len(l.vs) == 0 {
			continue
		}
		p.pdf.SetX(p.left)
		p.flow([]pdfRun{
			{text: l.label + ": ", style: "B", size: 8, color: pdfMuted},
			{text: sheetText(sheetVoiceList(l.vs)), size: 8, color: pdfInk},
		}, p.left, 4)
	}
	if note := sheetNote(f.Note); note != "" {
		p.note(note, p.left)
	}
	for _, part := range []struct {
		label string
		ink   pdfRGB
		es    []SheetExcerpt
	}{{"Supporting", pdfRGB{27, 110, 53}, f.Supporting}, {"Contradicting", pdfDelInk, f.Contradicting}} {
		if len(part.es) == 0 {
			continue
		}
		p.room(22) // the label and its first passage
		p.pdf.Ln(1.5)
		p.label(part.label, part.ink, p.left)
		p.pdf.Ln(0.5)
		for _, e := range part.es {
			p.excerpt(e, false)
		}
	}
	p.pdf.Ln(3)
}

// note sets a note on a tinted background.
func (p *pdfSheet) note(text string, left float64) {
	p.room(10)
	p.pdf.Ln(1)
	p.setFont("I", 9)
	p.color(pdfInk)
	p.pdf.SetFillColor(pdfNoteBG.r, pdfNoteBG.g, pdfNoteBG.b)
	p.pdf.SetX(left)
	p.pdf.SetCellMargin(2)
	p.pdf.MultiCell(p.right-left, 4.6, "Note: "+p.clean(text), "", "L", true)
	p.pdf.SetCellMargin(0)
	p.pdf.Ln(1)
}

func (p *pdfSheet) excerpt(e SheetExcerpt, details bool) {
	p.room(12)
	p.pdf.SetX(p.left)
	head := []pdfRun{{text: strings.ToUpper(sheetText(e.Outlet)), style: "B", size: 7.5, color: pdfMuted}}
	if e.Link != "" {
		head = append(head, pdfRun{text: "   source", size: 7.5, color: pdfAccent, link: e.Link})
	}
	p.flow(head, p.left, 4)
	in := p.left + pdfExcerptIn
	y0, page := p.pdf.GetY(), p.pdf.PageNo()
	p.pdf.SetX(in)
	text := []pdfRun{{text: "“" + sheetText(e.Text) + "”", size: 10, color: pdfInk}}
	if e.Anchor == AnchorOrphaned {
		text = append(text, pdfRun{text: "  text no longer in the article", style: "I", size: 8, color: pdfDelInk})
	}
	p.flow(text, in, 5)
	if details {
		var bits []string
		if e.Speaker != "" {
			bits = append(bits, "Speaker: "+sheetText(e.Speaker))
		}
		if e.Status != StatusUnverified && e.Status != "" {
			bits = append(bits, "Status: "+sheetStatusLabel(e.Status))
		}
		if len(e.Tags) > 0 {
			bits = append(bits, "Tags: "+sheetText(strings.Join(e.Tags, ", ")))
		}
		if len(bits) > 0 {
			p.para(strings.Join(bits, " · "), "", 7.5, pdfMuted, in, 4)
		}
	}
	if p.pdf.PageNo() == page {
		p.pdf.SetDrawColor(pdfRule.r, pdfRule.g, pdfRule.b)
		p.pdf.SetLineWidth(0.5)
		p.pdf.Line(p.left+1, y0+0.5, p.left+1, p.pdf.GetY()-0.5)
	}
	if note := sheetNote(e.Note); note != "" {
		p.note(note, in)
	}
	p.pdf.Ln(1.5)
}

func (p *pdfSheet) quote(q SheetQuote) {
	p.room(24)
	y0, page := p.pdf.GetY(), p.pdf.PageNo()
	p.pdf.SetX(p.left + 3)
	p.flow([]pdfRun{{text: "“" + sheetText(q.Canonical) + "”", style: "I", size: 11, color: pdfInk}}, p.left+3, 5.5)
	if p.pdf.PageNo() == page {
		p.pdf.SetDrawColor(pdfAccent.r, pdfAccent.g, pdfAccent.b)
		p.pdf.SetLineWidth(0.8)
		p.pdf.Line(p.left+0.4, y0+0.6, p.left+0.4, p.pdf.GetY()-0.6)
	}
	count := []pdfRun{{text: "Printed by " + sheetCount(q.Voices, "outlet", "outlets"), size: 8, color: pdfMuted}}
	if q.Conflict {
		count = append(count, pdfRun{text: " · outlets credit different speakers", style: "B", size: 8, color: pdfRGB{138, 83, 0}})
	}
	p.pdf.SetX(p.left + 3)
	p.flow(count, p.left+3, 4.2)
	p.pdf.Ln(1)
	col := p.left + 38
	for _, v := range q.Variants {
		p.room(10)
		y := p.pdf.GetY()
		right := p.right
		p.right = col - 3
		p.pdf.SetXY(p.left+3, y)
		p.flow([]pdfRun{{text: strings.ToUpper(sheetText(strings.Join(v.Outlets, ", "))), style: "B", size: 7.5, color: pdfMuted}}, p.left+3, 4)
		var notes []string
		if v.InTitle {
			notes = append(notes, "headline")
		}
		if v.Speaker != "" && q.Conflict {
			notes = append(notes, "credits "+sheetText(v.Speaker))
		}
		if len(notes) > 0 {
			p.pdf.SetX(p.left + 3)
			p.flow([]pdfRun{{text: strings.Join(notes, ", "), style: "I", size: 7.5, color: pdfMuted}}, p.left+3, 3.8)
		}
		endLabel, labelPage := p.pdf.GetY(), p.pdf.PageNo()
		p.right = right
		p.pdf.SetXY(col, y)
		var runs []pdfRun
		if v.Canonical {
			runs = append(runs, pdfRun{text: "fullest version, as above", style: "I", size: 9, color: pdfMuted})
		} else {
			for i, op := range v.Ops {
				r := pdfRun{text: sheetRun(op.Text), size: 9.5, color: pdfInk}
				if op.Op == OpInsert && i > 0 && v.Ops[i-1].Op == OpDelete && !op.PunctOnly() &&
					!strings.HasSuffix(runs[len(runs)-1].text, " ") && !strings.HasPrefix(r.text, " ") {
					runs = append(runs, pdfRun{text: " ", size: 9.5, color: pdfInk}) // keep old and new apart
				}
				switch {
				case op.Op == OpEqual:
				case op.PunctOnly():
					r.color, r.strike = pdfMuted, op.Op == OpDelete
				case op.Op == OpDelete:
					r.color, r.strike, r.fill = pdfDelInk, true, &pdfDelFill
				default:
					r.style, r.fill = "B", &pdfInsFill
				}
				runs = append(runs, r)
			}
		}
		if v.Link != "" {
			runs = append(runs, pdfRun{text: "  source", size: 7.5, color: pdfAccent, link: v.Link})
		}
		p.flow(runs, col, 4.9)
		if p.pdf.PageNo() == labelPage && endLabel > p.pdf.GetY() {
			p.pdf.SetY(endLabel)
		}
		y = p.pdf.GetY() + 0.8
		p.pdf.SetDrawColor(pdfRule.r, pdfRule.g, pdfRule.b)
		p.pdf.SetLineWidth(0.15)
		p.pdf.Line(p.left+3, y, p.right, y)
		p.pdf.SetY(y + 1.2)
	}
	p.pdf.Ln(3)
}
