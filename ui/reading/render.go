package reading

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// paneRenderer lays out the pane's scroll container and wraps the text to
// its width.
type paneRenderer struct {
	p *Pane
}

var _ fyne.WidgetRenderer = (*paneRenderer)(nil)

func (r *paneRenderer) Layout(size fyne.Size) {
	p := r.p
	p.width = size.Width
	changed := p.ensureLayout()
	p.scroll.Resize(size)
	if changed {
		p.scroll.Refresh()
	} else {
		p.redraw() // the view may have grown
	}
	if f := p.pendingScroll; f != nil && p.lay != nil {
		p.pendingScroll = nil
		f()
	}
}

func (r *paneRenderer) MinSize() fyne.Size {
	return r.p.scroll.MinSize()
}

func (r *paneRenderer) Refresh() {
	if r.p.ensureLayout() {
		r.p.scroll.Refresh()
	} else {
		r.p.redraw()
	}
	canvas.Refresh(r.p)
}

func (r *paneRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.p.scroll}
}

func (r *paneRenderer) Destroy() {
	if r.p.flashAnim != nil {
		r.p.flashAnim.Stop()
	}
}

// page is the pane's scrolled content: as tall as the whole laid-out text,
// but its renderer holds objects only for the rows in view. It receives the
// pointer events, in page coordinates, and hands them to the pane.
type page struct {
	widget.BaseWidget
	p *Pane
}

var (
	_ fyne.Tappable          = (*page)(nil)
	_ fyne.SecondaryTappable = (*page)(nil)
	_ fyne.Draggable         = (*page)(nil)
	_ desktop.Mouseable      = (*page)(nil)
	_ desktop.Cursorable     = (*page)(nil)
)

func newPage(p *Pane) *page {
	g := &page{p: p}
	g.ExtendBaseWidget(g)
	return g
}

func (g *page) CreateRenderer() fyne.WidgetRenderer {
	return &pageRenderer{g: g}
}

// Cursor shows the text cursor over the page.
func (g *page) Cursor() desktop.Cursor { return desktop.TextCursor }

// Tapped reports clicks on highlights.
func (g *page) Tapped(ev *fyne.PointEvent) { g.p.tapped(ev) }

// TappedSecondary opens the context menu.
func (g *page) TappedSecondary(ev *fyne.PointEvent) { g.p.tappedSecondary(ev) }

// Dragged extends the selection.
func (g *page) Dragged(ev *fyne.DragEvent) { g.p.dragged(ev) }

// DragEnd ends a drag selection.
func (g *page) DragEnd() { g.p.dragEnd() }

// MouseDown starts a selection.
func (g *page) MouseDown(ev *desktop.MouseEvent) { g.p.mouseDown(ev) }

// MouseUp ends a press.
func (g *page) MouseUp(ev *desktop.MouseEvent) { g.p.mouseUp(ev) }

// Translucency of highlights, by theme variant: fills light enough to read
// through and to see overlaps, stronger when emphasised.
const (
	alphaFillLight      = 0x55
	alphaFillDark       = 0x66
	alphaEmphasisLight  = 0x99
	alphaEmphasisDark   = 0xa6
	alphaUnderline      = 0x99
	alphaFlashExtra     = 0x66
	underlineThickness  = 2
	emphasisStrokeWidth = 1.5
	caretWidth          = 2
)

// pageRenderer draws the rows in view: highlights, then the selection, the
// caret and the text on top. Its canvas objects are pooled and reassigned
// to rows on every refresh, so scrolling allocates nothing once the pools
// have grown to a view's worth.
type pageRenderer struct {
	g       *page
	texts   []*canvas.Text
	rects   []*canvas.Rectangle
	objects []fyne.CanvasObject
	nRects  int
}

var _ fyne.WidgetRenderer = (*pageRenderer)(nil)

func (r *pageRenderer) Layout(fyne.Size) { r.build() }

func (r *pageRenderer) MinSize() fyne.Size {
	return fyne.NewSize(0, r.g.p.contentHeight())
}

func (r *pageRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.g)
}

func (r *pageRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *pageRenderer) Destroy() {}

// rect returns the next pooled rectangle, reset.
func (r *pageRenderer) rect() *canvas.Rectangle {
	if r.nRects == len(r.rects) {
		r.rects = append(r.rects, canvas.NewRectangle(color.Transparent))
	}
	rc := r.rects[r.nRects]
	r.nRects++
	rc.StrokeWidth, rc.StrokeColor, rc.CornerRadius = 0, nil, 0
	return rc
}

// build assigns the pooled objects to the rows in view.
func (r *pageRenderer) build() {
	p := r.g.p
	r.objects = r.objects[:0]
	r.nRects = 0
	lay := p.lay
	viewTop, viewH := p.scroll.Offset.Y, p.scroll.Size().Height
	if lay == nil || len(lay.lines) == 0 || viewH <= 0 {
		return
	}
	th := p.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	pad := p.pad
	first := lay.lineAt(viewTop - pad)
	last := lay.lineAt(viewTop + viewH - pad)
	visStart, visEnd := lay.lines[first].start, lay.lines[last].end
	origin := fyne.NewPos(pad, pad)

	fillA, emphA := uint8(alphaFillLight), uint8(alphaEmphasisLight)
	if v == theme.VariantDark {
		fillA, emphA = alphaFillDark, alphaEmphasisDark
	}
	// Highlights: fills, then underlines, then the emphasised one on top.
	var emphasised *Highlight
	for pass := 0; pass < 2; pass++ {
		for i := range p.highlights {
			h := &p.highlights[i]
			if h.Span.Start > visEnd {
				break
			}
			if h.Span.End < visStart || h.Span.Empty() || int(h.Style) != pass {
				continue
			}
			if h.ID != 0 && h.ID == p.emphasis {
				emphasised = h
				continue
			}
			r.drawHighlight(h, first, last, origin, fillA, false, 0)
		}
	}
	if emphasised != nil {
		r.drawHighlight(emphasised, first, last, origin, emphA, true, 0)
	}
	if p.flashLevel > 0 {
		for i := range p.highlights {
			if h := &p.highlights[i]; h.ID == p.flashID && h.Span.Start <= visEnd && h.Span.End >= visStart {
				r.drawHighlight(h, first, last, origin, 0, true, p.flashLevel)
			}
		}
	}

	// Selection and caret.
	selCol := th.Color(theme.ColorNameSelection, v)
	lay.spanRects(p.Selection(), first, last, func(pos fyne.Position, size fyne.Size) {
		rc := r.rect()
		rc.FillColor = selCol
		rc.Move(pos.Add(origin))
		rc.Resize(size)
	})
	if p.focused {
		li := lay.lineOf(p.caret)
		if li >= first && li <= last {
			rc := r.rect()
			rc.FillColor = th.Color(theme.ColorNamePrimary, v)
			rc.Move(fyne.NewPos(origin.X+lay.xAt(li, p.caret)-caretWidth/2, origin.Y+lay.lines[li].top))
			rc.Resize(fyne.NewSize(caretWidth, p.met.lineHeight))
		}
	}
	for _, rc := range r.rects[:r.nRects] {
		r.objects = append(r.objects, rc)
	}

	// Text, one object per row.
	fg := th.Color(theme.ColorNameForeground, v)
	size := th.Size(theme.SizeNameText)
	s := lay.text.String()
	textH := p.met.lineHeight - p.met.spacing
	for i := first; i <= last; i++ {
		k := i - first
		if k == len(r.texts) {
			r.texts = append(r.texts, canvas.NewText("", fg))
		}
		ln := &lay.lines[i]
		t := r.texts[k]
		t.Text = s[ln.bstart:ln.bend]
		t.Color = fg
		t.TextSize = size
		t.Move(fyne.NewPos(origin.X, origin.Y+ln.top+p.met.spacing/2))
		t.Resize(fyne.NewSize(ln.width, textH))
		r.objects = append(r.objects, t)
	}
}

// drawHighlight adds the rectangles of h on rows [first, last]. An
// emphasised highlight gets an outline; flash > 0 draws a pulse over it
// instead of the highlight itself.
func (r *pageRenderer) drawHighlight(h *Highlight, first, last int, origin fyne.Position, alpha uint8, emphasise bool, flash float32) {
	p := r.g.p
	lay := p.lay
	base := toNRGBA(h.Color)
	lay.spanRects(h.Span, first, last, func(pos fyne.Position, size fyne.Size) {
		rc := r.rect()
		pos = pos.Add(origin)
		switch {
		case flash > 0:
			c := base
			c.A = uint8(flash * alphaFlashExtra)
			rc.FillColor = c
			out := base
			out.A = uint8(flash * 0xff)
			rc.StrokeColor, rc.StrokeWidth = out, 2*emphasisStrokeWidth
		case h.Style == HighlightUnderline:
			c := base
			c.A = alphaUnderline
			rc.FillColor = c
			thick := float32(underlineThickness)
			if emphasise {
				thick *= 1.5
				c.A = 0xff
				rc.FillColor = c
			}
			pos.Y += size.Height - thick
			size.Height = thick
		default:
			c := base
			c.A = alpha
			rc.FillColor = c
			if emphasise {
				out := base
				out.A = 0xff
				rc.StrokeColor, rc.StrokeWidth = out, emphasisStrokeWidth
			}
		}
		rc.Move(pos)
		rc.Resize(size)
	})
}

// toNRGBA converts c to non-premultiplied RGBA; nil becomes the default
// highlight yellow.
func toNRGBA(c color.Color) color.NRGBA {
	if c == nil {
		return color.NRGBA{R: 0xff, G: 0xd5, B: 0x4f, A: 0xff}
	}
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}
