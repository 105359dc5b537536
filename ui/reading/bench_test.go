package reading_test

import (
	"fmt"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
	"factdesk/ui/reading"
)

// benchSize is a typical reading pane: half of a 1280-wide window.
var benchSize = fyne.NewSize(640, 900)

// BenchmarkReadingPaneLayout20kWords opens a 20,000-word article in a new
// pane: wrap it and build the objects of the first view.
func BenchmarkReadingPaneLayout20kWords(b *testing.B) {
	test.NewTempApp(b)
	body := article(20000)
	b.ReportAllocs()
	for b.Loop() {
		p := reading.NewPane()
		p.SetText(body)
		p.Resize(benchSize)
	}
}

// BenchmarkRichTextLayout20kWords is the reference for the layout benchmark:
// Fyne's RichText wrapping the same text at the same width.
func BenchmarkRichTextLayout20kWords(b *testing.B) {
	test.NewTempApp(b)
	body := article(20000)
	b.ReportAllocs()
	for b.Loop() {
		rt := widget.NewRichTextWithText(body)
		rt.Wrapping = fyne.TextWrapWord
		rt.Resize(benchSize)
	}
}

// BenchmarkReadingPaneScroll measures one frame of scrolling a 20,000-word
// article by a whole view: the scroll event and the rebuild of the visible
// objects. "warm" frames revisit rows already scrolled through once; a
// "cold" pass scrolls a freshly opened article from top to bottom once and
// reports the mean time per frame.
func BenchmarkReadingPaneScroll(b *testing.B) {
	for _, n := range []int{0, 500} {
		b.Run(fmt.Sprintf("highlights=%d/warm", n), func(b *testing.B) {
			test.NewTempApp(b)
			p, w := scrollPane(b, n)
			c := w.Canvas()
			for p.ScrollFraction() < 1 { // one pass to warm the caches
				test.Scroll(c, fyne.NewPos(100, 100), 0, -benchSize.Height)
			}
			p.ScrollToFraction(0)
			b.ReportAllocs()
			for b.Loop() {
				if p.ScrollFraction() >= 1 {
					p.ScrollToFraction(0)
				}
				test.Scroll(c, fyne.NewPos(100, 100), 0, -benchSize.Height)
			}
		})
		b.Run(fmt.Sprintf("highlights=%d/cold", n), func(b *testing.B) {
			test.NewTempApp(b)
			frames := 0
			for b.Loop() {
				b.StopTimer()
				p, w := scrollPane(b, n)
				c := w.Canvas()
				b.StartTimer()
				for p.ScrollFraction() < 1 {
					test.Scroll(c, fyne.NewPos(100, 100), 0, -benchSize.Height)
					frames++
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(frames), "ns/frame")
		})
	}
}

// scrollPane shows the benchmark article with n highlights, some
// overlapping, a fifth of them detected-quote underlines, one emphasised.
func scrollPane(b testing.TB, n int) (*reading.Pane, fyne.Window) {
	body := article(20000)
	p, w := showPane(b, body, benchSize)
	size := annotate.RuneLen(body)
	seed := uint32(11)
	next := func(n int) int {
		seed = seed*1664525 + 1013904223
		return int(seed>>8) % n
	}
	colors := []color.Color{
		color.NRGBA{R: 0xff, G: 0xd5, B: 0x4f, A: 0xff},
		color.NRGBA{R: 0x42, G: 0x8b, B: 0xf5, A: 0xff},
		color.NRGBA{R: 0x66, G: 0xbb, B: 0x6a, A: 0xff},
	}
	hs := make([]reading.Highlight, n)
	for i := range hs {
		start := next(size - 400)
		hs[i] = reading.Highlight{
			ID:    int64(i + 1),
			Span:  annotate.Span{Start: start, End: start + 20 + next(300)},
			Color: colors[i%len(colors)],
		}
		if i%5 == 4 {
			hs[i].Style = reading.HighlightUnderline
		}
	}
	p.SetHighlights(hs)
	p.SetEmphasis(int64(n / 2))
	return p, w
}
