package ui

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
)

// quoteVariants finds the detected quote that annotation a sits on (the
// body quote of its article it overlaps most, among those in a group) and
// the other quotes of that group: how the other outlets printed it.
func quoteVariants(a annotate.Annotation, quotes []annotate.Quote, groups []annotate.Group) (self annotate.Quote, others []annotate.Quote, g annotate.Group, ok bool) {
	byID := make(map[int64]annotate.Quote, len(quotes))
	for _, q := range quotes {
		byID[q.ID] = q
	}
	groupOf := make(map[int64]int, len(quotes))
	for i, gr := range groups {
		for _, id := range gr.QuoteIDs {
			groupOf[id] = i
		}
	}
	bestLen := 0
	for _, q := range quotes {
		if q.ArticleID != a.ArticleID || q.InTitle || !q.Span.Overlaps(a.Span) {
			continue
		}
		gi, in := groupOf[q.ID]
		if !in || len(groups[gi].QuoteIDs) < 2 {
			continue
		}
		if n := min(q.End, a.End) - max(q.Start, a.Start); n > bestLen {
			self, g, bestLen = q, groups[gi], n
		}
	}
	if bestLen == 0 {
		return annotate.Quote{}, nil, annotate.Group{}, false
	}
	for _, id := range g.QuoteIDs {
		if q, found := byID[id]; found && id != self.ID {
			others = append(others, q)
		}
	}
	slices.SortStableFunc(others, func(x, y annotate.Quote) int { return strings.Compare(x.Outlet, y.Outlet) })
	return self, others, g, len(others) > 0
}

// strike draws a line through every letter of s with a combining long
// stroke overlay, as RichText has no struck-through style.
func strike(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
		if !unicode.IsSpace(r) {
			b.WriteRune('\u0336')
		}
	}
	return b.String()
}

// diffSegments renders a word diff from this outlet's text to another's:
// words the other outlet left out struck through in red, words it added or
// changed in bold green, shared words plain.
func diffSegments(d annotate.WordDiff) []widget.RichTextSegment {
	segs := make([]widget.RichTextSegment, 0, len(d.Ops))
	for _, op := range d.Ops {
		style := widget.RichTextStyleInline
		text := op.Text
		switch op.Op {
		case annotate.OpDelete:
			style.ColorName = theme.ColorNameError
			text = strike(text)
		case annotate.OpInsert:
			style.ColorName = theme.ColorNameSuccess
			style.TextStyle = fyne.TextStyle{Bold: true}
		}
		segs = append(segs, &widget.TextSegment{Text: text, Style: style})
	}
	return segs
}

// comparePanel shows, under the editor, how the other outlets printed the
// quote the selected annotation marks. The full comparison view builds on
// it.
type comparePanel struct {
	w     *window
	title *widget.Label
	note  *widget.Label
	rows  *fyne.Container
	obj   *fyne.Container
}

func newComparePanel(w *window) *comparePanel {
	c := &comparePanel{w: w}
	c.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.note = widget.NewLabel("")
	c.note.Wrapping = fyne.TextWrapWord
	c.note.Importance = widget.WarningImportance
	c.rows = container.NewVBox()
	c.obj = container.NewVBox(widget.NewSeparator(), c.title, c.note, c.rows)
	c.obj.Hide()
	return c
}

// clear hides the panel.
func (c *comparePanel) clear() {
	c.rows.Objects = nil
	c.obj.Hide()
}

// show fills the panel for annotation a, or hides it when a marks no quote
// that other outlets carry.
func (c *comparePanel) show(a annotate.Annotation) {
	self, others, g, ok := quoteVariants(a, c.w.quotes, c.w.groups)
	if !ok {
		c.clear()
		return
	}
	c.title.SetText(fmt.Sprintf("How %d other outlet%s printed it", len(others), plural(len(others))))
	if g.Conflict {
		c.note.SetText("Outlets name different speakers for this quote.")
		c.note.Show()
	} else {
		c.note.Hide()
	}
	c.rows.Objects = nil
	for _, q := range others {
		c.rows.Add(c.variantRow(self, q))
	}
	c.rows.Refresh()
	c.obj.Show()
	c.obj.Refresh()
}

// variantRow is one outlet's version: outlet, date, speaker, similarity and
// the word diff against this outlet's text, with a button that opens it.
func (c *comparePanel) variantRow(self, q annotate.Quote) fyne.CanvasObject {
	d := annotate.DiffWords(self.Text, q.Text)
	var head []string
	if len(d.Ops) > 0 {
		head = append(head, fmt.Sprintf("%.0f%% alike", d.Similarity*100))
	}
	if art, ok := c.w.nav.article(q.ArticleID); ok && formatDate(art) != "" {
		head = append(head, formatDate(art))
	}
	if q.Speaker != "" {
		who := "speaker: " + q.Speaker
		if self.Speaker != "" && q.Speaker != self.Speaker {
			who += " (differs)"
		}
		head = append(head, who)
	}
	outlet := widget.NewLabelWithStyle(q.Outlet, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	meta := newQuietText(true)
	meta.SetText(strings.Join(head, " · "))
	open := widget.NewButtonWithIcon("", theme.VisibilityIcon(), func() { c.w.openQuote(q) })
	open.Importance = widget.LowImportance

	segs := diffSegments(d)
	if len(segs) == 0 {
		segs = []widget.RichTextSegment{&widget.TextSegment{Text: q.Text, Style: widget.RichTextStyleInline}}
	}
	text := widget.NewRichText(segs...)
	text.Wrapping = fyne.TextWrapWord
	return container.NewVBox(
		container.New(&tightVBox{}, container.NewBorder(nil, nil, nil, open, outlet), meta.RichText),
		text,
	)
}

// openQuote opens the article of a quote variant, in a pane other than the
// one showing the selected annotation, scrolled to the quote and selecting
// it.
func (w *window) openQuote(q annotate.Quote) {
	then := func(v *paneView) {
		v.reading.ScrollToOffset(q.Start)
		v.reading.SetSelection(q.Span)
	}
	if v := w.panes.showing(q.ArticleID); v != nil {
		w.openArticle(q.ArticleID, then)
		return
	}
	if sel, ok := w.annotation(w.selected); ok && w.panes.active().article.ID == sel.ArticleID {
		// Keep the selected annotation in view: use another pane.
		i := w.panes.list.index(func(p *paneView) bool { return p.article.ID != sel.ArticleID })
		if i < 0 {
			w.addPane()
		} else {
			w.panes.activate(w.panes.list.items[i])
		}
	}
	w.openArticle(q.ArticleID, then)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
