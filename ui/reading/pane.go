package reading

import (
	"image/color"
	"math"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
)

// HighlightStyle says how a highlight is drawn.
type HighlightStyle uint8

const (
	// HighlightFill draws a translucent box behind the text, in the
	// highlight's colour. It is the style for an editor's annotations.
	HighlightFill HighlightStyle = iota
	// HighlightUnderline draws a faint line under the text. It is the style
	// for quotes the quote engine detected but nobody has tagged yet.
	HighlightUnderline
)

// Highlight marks a span of the body.
type Highlight struct {
	// ID is reported by Pane.OnHighlightTapped and selects the highlight for
	// SetEmphasis and Flash. IDs should be unique among the highlights set
	// on a pane and not 0; an owner that mixes annotations and detected
	// quotes can, for example, give the quotes negative IDs.
	ID int64
	// Span is the marked range in code points.
	Span annotate.Span
	// Color is the highlight's hue. The pane applies its own translucency so
	// overlapping highlights and the text over them stay visible; the alpha
	// of Color is ignored.
	Color color.Color
	// Style is how the highlight is drawn.
	Style HighlightStyle
}

// flashDuration is how long Flash pulses a highlight.
const flashDuration = 900 * time.Millisecond

// Pane shows an article body for reading and annotating: word-wrapped
// paragraphs, coloured highlights under the text, selection with the mouse
// and keyboard, copying and the annotation shortcuts. It scrolls its own
// content and draws only the rows in view, so long articles stay fast.
//
// Offsets and spans are code points into the body, end exclusive.
// Like every Fyne widget, a Pane must be used from the app's goroutine.
type Pane struct {
	widget.BaseWidget

	// OnSelectionChanged is called when the selected range changes, by the
	// user or by SetSelection. Moving an empty selection (the caret) does not
	// call it.
	OnSelectionChanged func(sel annotate.Span)
	// OnAnnotate is called when the user asks to tag the selection, with a
	// shortcut (see Shortcuts), the context menu or Annotate. It is never
	// called with an empty selection.
	OnAnnotate func(kind annotate.Kind, sel annotate.Span)
	// OnHighlightTapped is called when the user clicks a highlight without
	// selecting text. The pane does not change its emphasis by itself.
	OnHighlightTapped func(id int64)
	// OnScrolled is called with the new scroll position, from 0 (top) to 1
	// (bottom), when the user scrolls and after ScrollToOffset. It is not
	// called for ScrollToFraction, so panes can mirror each other without
	// feedback loops.
	OnScrolled func(fraction float32)
	// ContextMenuItems, if set, supplies items appended to the right-click
	// menu each time it opens.
	ContextMenuItems func() []*fyne.MenuItem

	text  annotate.Text
	lay   *textLayout // nil until the pane has a width
	meas  *fontMeasurer
	met   metrics
	pad   float32
	width float32
	dirty bool // text changed since the last layout

	highlights []Highlight // sorted by Span.Start
	emphasis   int64
	flashID    int64
	flashLevel float32
	flashAnim  *fyne.Animation

	anchor, caret int
	goalX         float32 // x kept across up/down moves
	goalSet       bool
	focused       bool
	shiftDown     bool

	clicks      int
	lastDown    time.Time
	lastDownPos fyne.Position
	pressed     bool // primary button held since MouseDown
	dragging    bool
	unit        selectUnit
	unitBase    annotate.Span
	now         func() time.Time

	page          *page
	scroll        *container.Scroll
	quiet         int    // > 0 while the pane scrolls itself
	pendingScroll func() // applied once the pane is laid out
}

var (
	_ fyne.Widget       = (*Pane)(nil)
	_ fyne.Focusable    = (*Pane)(nil)
	_ fyne.Shortcutable = (*Pane)(nil)
)

// NewPane returns an empty reading pane.
func NewPane() *Pane {
	p := &Pane{meas: newFontMeasurer(), now: time.Now}
	p.page = newPage(p)
	p.scroll = container.NewVScroll(p.page)
	p.scroll.OnScrolled = p.scrolled
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer is a private method to Fyne which links this widget to its
// renderer.
func (p *Pane) CreateRenderer() fyne.WidgetRenderer {
	p.ExtendBaseWidget(p)
	return &paneRenderer{p: p}
}

// SetText shows body, scrolled to the top with nothing selected. Paragraphs
// are separated by a blank line ("\n\n"); a single "\n" breaks the line.
func (p *Pane) SetText(body string) {
	old := p.Selection()
	p.text = annotate.NewText(body)
	p.anchor, p.caret = 0, 0
	p.clampHighlights()
	p.dirty = true
	p.pendingScroll = nil
	p.scroll.Offset = fyne.Position{}
	p.Refresh()
	p.notifySelection(old)
}

// Text returns the body shown.
func (p *Pane) Text() string { return p.text.String() }

// SetHighlights replaces the highlights drawn under the text. Spans are
// clamped to the body.
func (p *Pane) SetHighlights(hs []Highlight) {
	p.highlights = slices.Clone(hs)
	p.clampHighlights()
	slices.SortStableFunc(p.highlights, func(a, b Highlight) int { return a.Span.Start - b.Span.Start })
	p.redraw()
}

func (p *Pane) clampHighlights() {
	n := p.text.Len()
	for i := range p.highlights {
		sp := &p.highlights[i].Span
		sp.Start = min(max(sp.Start, 0), n)
		sp.End = min(max(sp.End, sp.Start), n)
	}
}

// SetEmphasis draws the highlight with the given ID stronger and outlined,
// as the selected annotation. 0 removes the emphasis.
func (p *Pane) SetEmphasis(id int64) {
	if p.emphasis == id {
		return
	}
	p.emphasis = id
	p.redraw()
}

// Flash briefly pulses the highlight with the given ID, to show where it is
// after the pane scrolled to it.
func (p *Pane) Flash(id int64) {
	if p.flashAnim != nil {
		p.flashAnim.Stop()
	}
	p.flashID = id
	a := fyne.NewAnimation(flashDuration, func(f float32) {
		p.flashLevel = flashPulse(f)
		p.redraw()
	})
	a.Curve = fyne.AnimationLinear
	p.flashAnim = a
	a.Start()
}

// flashPulse is the strength of a flash at fraction f of its run: two pulses
// that fade out, 0 at both ends.
func flashPulse(f float32) float32 {
	if f <= 0 || f >= 1 {
		return 0
	}
	return float32(math.Abs(math.Sin(float64(f)*2*math.Pi))) * (1 - f/2)
}

// Selection returns the selected range; it is empty when nothing is selected.
func (p *Pane) Selection() annotate.Span {
	return annotate.Span{Start: min(p.anchor, p.caret), End: max(p.anchor, p.caret)}
}

// SelectedText returns the text of the selection.
func (p *Pane) SelectedText() string { return p.text.Slice(p.Selection()) }

// SetSelection selects sp, clamped to the body. It does not scroll; see
// ScrollToOffset.
func (p *Pane) SetSelection(sp annotate.Span) {
	p.setSelection(sp.Start, sp.End)
}

// Annotate calls OnAnnotate with kind and the selection, as the shortcuts and
// the context menu do, and reports whether it did: it does nothing when the
// selection is empty or OnAnnotate is unset.
func (p *Pane) Annotate(kind annotate.Kind) bool {
	sel := p.Selection()
	if sel.Empty() || p.OnAnnotate == nil {
		return false
	}
	p.OnAnnotate(kind, sel)
	return true
}

// OffsetAt returns the caret offset nearest to pos, a position relative to
// the pane's top-left corner. It returns 0 before the pane is laid out.
func (p *Pane) OffsetAt(pos fyne.Position) int {
	if p.lay == nil {
		return 0
	}
	return p.lay.offsetAt(p.paneToText(pos))
}

// OffsetRect returns the box of the character at offset, relative to the
// pane's top-left corner: its top-left corner and size, one row high. At the
// end of a row the box has no width. The box may be outside the pane when the
// offset is scrolled out of view.
func (p *Pane) OffsetRect(offset int) (fyne.Position, fyne.Size) {
	if p.lay == nil {
		return fyne.Position{}, fyne.Size{}
	}
	pos, size := p.lay.rectOf(offset)
	return pos.Add(fyne.NewPos(p.pad, p.pad-p.scroll.Offset.Y)), size
}

// paneToText converts a position relative to the pane to text coordinates.
func (p *Pane) paneToText(pos fyne.Position) fyne.Position {
	return fyne.NewPos(pos.X-p.pad, pos.Y+p.scroll.Offset.Y-p.pad)
}

// pageToText converts a position on the scrolled page to text coordinates.
func (p *Pane) pageToText(pos fyne.Position) fyne.Position {
	return fyne.NewPos(pos.X-p.pad, pos.Y-p.pad)
}

// ScrollToOffset scrolls so the row holding offset is in view. A row already
// in view does not move; otherwise it lands a third of the way down. Called
// before the pane is laid out, it scrolls once it is.
func (p *Pane) ScrollToOffset(offset int) {
	if p.lay == nil {
		p.pendingScroll = func() { p.ScrollToOffset(offset) }
		return
	}
	pos, size := p.lay.rectOf(offset)
	top := pos.Y + p.pad
	view := p.scroll.Size().Height
	cur := p.scroll.Offset.Y
	if top >= cur && top+size.Height <= cur+view {
		return
	}
	p.scrollTo(top-view/3, true)
}

// ScrollToFraction scrolls to a position from 0 (top) to 1 (bottom). It does
// not call OnScrolled.
func (p *Pane) ScrollToFraction(f float32) {
	if p.lay == nil {
		p.pendingScroll = func() { p.ScrollToFraction(f) }
		return
	}
	f = min(max(f, 0), 1)
	p.scrollTo(f*p.scrollRange(), false)
}

// ScrollFraction returns the scroll position from 0 (top) to 1 (bottom).
func (p *Pane) ScrollFraction() float32 {
	r := p.scrollRange()
	if r <= 0 {
		return 0
	}
	return min(p.scroll.Offset.Y/r, 1)
}

// scrollRange is how far the content can scroll.
func (p *Pane) scrollRange() float32 {
	return max(0, p.contentHeight()-p.scroll.Size().Height)
}

// contentHeight is the height of the laid-out text with its padding.
func (p *Pane) contentHeight() float32 {
	if p.lay == nil {
		return 0
	}
	return p.lay.height + 2*p.pad
}

// scrollTo moves the view's top to y, clamped, and redraws.
func (p *Pane) scrollTo(y float32, notify bool) {
	y = min(max(y, 0), p.scrollRange())
	if y == p.scroll.Offset.Y {
		return
	}
	p.quiet++
	p.scroll.ScrollToOffset(fyne.NewPos(0, y))
	p.quiet--
	p.redraw()
	if notify && p.OnScrolled != nil {
		p.OnScrolled(p.ScrollFraction())
	}
}

// scrolled follows the scroll container's moves.
func (p *Pane) scrolled(fyne.Position) {
	p.redraw()
	if p.quiet == 0 && p.OnScrolled != nil {
		p.OnScrolled(p.ScrollFraction())
	}
}

// ensureVisible scrolls the least needed to show the row holding offset.
func (p *Pane) ensureVisible(offset int) {
	if p.lay == nil {
		return
	}
	pos, size := p.lay.rectOf(offset)
	top, bottom := pos.Y+p.pad, pos.Y+p.pad+size.Height
	view, cur := p.scroll.Size().Height, p.scroll.Offset.Y
	switch {
	case top < cur:
		p.scrollTo(top-p.pad, true)
	case bottom > cur+view:
		p.scrollTo(bottom+p.pad-view, true)
	}
}

// redraw rebuilds the visible objects after a change that keeps the layout.
func (p *Pane) redraw() {
	p.page.Refresh()
}

// computeMetrics reads sizes from the theme for a pane of width w.
func (p *Pane) computeMetrics(w float32) (metrics, float32) {
	th := p.Theme()
	size := th.Size(theme.SizeNameText)
	p.meas.setFont(size, fyne.TextStyle{})
	spacing := th.Size(theme.SizeNameLineSpacing)
	textH := fyne.MeasureText("Mg", size, fyne.TextStyle{}).Height
	lineH := float32(math.Ceil(float64(textH + spacing)))
	pad := th.Size(theme.SizeNameInnerPadding)
	return metrics{
		wrap:       max(w-2*pad, 1),
		lineHeight: lineH,
		paraGap:    float32(math.Round(float64(lineH) * 0.6)),
		space:      p.meas.word(" "),
		spacing:    spacing,
	}, pad
}

// ensureLayout wraps the text again when the text, the width or the theme
// changed, keeping the row at the top of the view in place. It reports
// whether the layout changed.
func (p *Pane) ensureLayout() bool {
	if p.width <= 0 {
		return false
	}
	met, pad := p.computeMetrics(p.width)
	if !p.dirty && p.lay != nil && met == p.met && pad == p.pad {
		return false
	}
	keep := -1
	if !p.dirty && p.lay != nil && p.scroll.Offset.Y > 0 {
		keep = p.lay.lines[p.lay.lineAt(p.scroll.Offset.Y-p.pad)].start
	}
	p.met, p.pad, p.dirty = met, pad, false
	p.lay = newTextLayout(p.text, p.meas, met)
	if keep >= 0 {
		pos, _ := p.lay.rectOf(keep)
		p.scroll.Offset.Y = pos.Y + p.pad
	}
	return true
}

// setSelection moves the selection's anchor and caret, clamped, and reports
// the change.
func (p *Pane) setSelection(anchor, caret int) {
	n := p.text.Len()
	anchor, caret = min(max(anchor, 0), n), min(max(caret, 0), n)
	if anchor == p.anchor && caret == p.caret {
		return
	}
	old := p.Selection()
	p.anchor, p.caret = anchor, caret
	p.redraw()
	p.notifySelection(old)
}

func (p *Pane) notifySelection(old annotate.Span) {
	sel := p.Selection()
	if sel == old || (sel.Empty() && old.Empty()) || p.OnSelectionChanged == nil {
		return
	}
	p.OnSelectionChanged(sel)
}

// highlightAt returns the highlight to report for a click on offset: the
// emphasised one if it covers offset, else the shortest covering it.
func (p *Pane) highlightAt(off int) (int64, bool) {
	best, found := Highlight{}, false
	for _, h := range p.highlights {
		if h.Span.Start > off {
			break
		}
		if off >= h.Span.End {
			continue
		}
		if p.emphasis != 0 && h.ID == p.emphasis {
			return h.ID, true
		}
		if !found || h.Span.Len() < best.Span.Len() {
			best, found = h, true
		}
	}
	return best.ID, found
}
