package reading

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"factdesk/annotate"
)

func showInternal(t *testing.T, body string, size fyne.Size) *Pane {
	t.Helper()
	test.NewTempApp(t)
	p := NewPane()
	p.SetText(body)
	w := test.NewWindow(p)
	w.SetPadded(false)
	w.Resize(size)
	t.Cleanup(w.Close)
	return p
}

func pageRects(p *Pane) []*canvas.Rectangle {
	var out []*canvas.Rectangle
	for _, o := range test.WidgetRenderer(p.page).Objects() {
		if r, ok := o.(*canvas.Rectangle); ok {
			out = append(out, r)
		}
	}
	return out
}

func TestFlashPulsesHighlight(t *testing.T) {
	p := showInternal(t, "alpha beta gamma", fyne.NewSize(300, 100))
	p.SetHighlights([]Highlight{{ID: 5, Span: annotate.Span{Start: 6, End: 10}, Color: color.NRGBA{R: 0xe5, A: 0xff}}})
	pulses := func() int {
		n := 0
		for _, r := range pageRects(p) {
			if r.StrokeWidth == 2*emphasisStrokeWidth {
				n++
			}
		}
		return n
	}
	if n := pulses(); n != 0 {
		t.Fatalf("%d pulse rectangles before flashing", n)
	}
	p.flashID, p.flashLevel = 5, 1
	p.redraw()
	if n := pulses(); n != 1 {
		t.Errorf("%d pulse rectangles at full flash, want 1", n)
	}
	// the test driver runs an animation straight to its end
	p.Flash(5)
	if n := pulses(); n != 0 || p.flashLevel != 0 {
		t.Errorf("after the flash: %d pulse rectangles, level %v", n, p.flashLevel)
	}
}

func TestHighlightRectsFollowSpans(t *testing.T) {
	p := showInternal(t, "alpha beta gamma delta", fyne.NewSize(400, 100))
	red := color.NRGBA{R: 0xe5, A: 0xff}
	sp := annotate.Span{Start: 6, End: 16} // "beta gamma"
	p.SetHighlights([]Highlight{{ID: 1, Span: sp, Color: red}})
	rects := pageRects(p)
	if len(rects) != 1 {
		t.Fatalf("%d rectangles, want 1", len(rects))
	}
	r := rects[0]
	x0, _ := p.OffsetRect(sp.Start)
	x1, _ := p.OffsetRect(sp.End)
	if r.Position().X != x0.X || r.Size().Width != x1.X-x0.X {
		t.Errorf("highlight at x %v width %v, want x %v width %v", r.Position().X, r.Size().Width, x0.X, x1.X-x0.X)
	}
	if c := r.FillColor.(color.NRGBA); c.R != red.R || c.A == 0xff || c.A == 0 {
		t.Errorf("fill %v: want the highlight's hue, translucent", c)
	}
	p.SetEmphasis(1)
	if r := pageRects(p)[0]; r.StrokeWidth == 0 {
		t.Error("emphasised highlight has no outline")
	}
}

func TestScrollingReusesObjects(t *testing.T) {
	para := strings.Repeat("Officials at the northgate harbour said the ferry would resume. ", 12)
	body := strings.TrimSpace(strings.Repeat(para+"\n\n", 300))
	p := showInternal(t, body, fyne.NewSize(500, 600))
	r := test.WidgetRenderer(p.page).(*pageRenderer)
	var hs []Highlight
	for i := 0; i < 500; i++ {
		hs = append(hs, Highlight{ID: int64(i + 1), Span: annotate.Span{Start: i * 400, End: i*400 + 150}, Color: color.NRGBA{G: 0x80, A: 0xff}})
	}
	p.SetHighlights(hs)
	texts, rects := 0, 0
	for f := float32(0); f <= 1; f += 0.01 {
		p.ScrollToFraction(f)
		texts, rects = max(texts, len(r.texts)), max(rects, len(r.rects))
	}
	rows := int(600/p.met.lineHeight) + 2
	if texts > rows {
		t.Errorf("text pool grew to %d for a view of %d rows", texts, rows)
	}
	if rects > 3*rows {
		t.Errorf("rectangle pool grew to %d for a view of %d rows", rects, rows)
	}
}
