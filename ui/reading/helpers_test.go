package reading_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"factdesk/ui/reading"
)

// showPane puts a pane showing body in a test window of the given size.
func showPane(t testing.TB, body string, size fyne.Size) (*reading.Pane, fyne.Window) {
	t.Helper()
	p := reading.NewPane()
	p.SetText(body)
	w := test.NewWindow(p)
	w.SetPadded(false)
	w.Resize(size)
	t.Cleanup(w.Close)
	return p, w
}

// caretPoint returns the canvas position that maps to caret offset off: just
// inside the left edge of its character, half way down the row.
func caretPoint(p *reading.Pane, off int) fyne.Position {
	pos, size := p.OffsetRect(off)
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(p)
	return abs.Add(pos).Add(fyne.NewPos(0.5, size.Height/2))
}

// charPoint returns the canvas position of the middle of the character at off.
func charPoint(p *reading.Pane, off int) fyne.Position {
	pos, size := p.OffsetRect(off)
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(p)
	return abs.Add(pos).Add(fyne.NewPos(size.Width/2, size.Height/2))
}

// objectAt finds the topmost object at a canvas position that satisfies
// match, as the desktop driver does, and the position relative to it.
func objectAt(t testing.TB, c fyne.Canvas, pos fyne.Position, match func(fyne.CanvasObject) bool) (fyne.CanvasObject, fyne.Position) {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	var found fyne.CanvasObject
	var rel fyne.Position
	for _, o := range test.LaidOutObjects(c.Content()) {
		if !o.Visible() || !match(o) {
			continue
		}
		at := d.AbsolutePositionForObject(o)
		sz := o.Size()
		if pos.X >= at.X && pos.Y >= at.Y && pos.X < at.X+sz.Width && pos.Y < at.Y+sz.Height {
			found, rel = o, pos.Subtract(at)
		}
	}
	if found == nil {
		t.Fatalf("no matching object at %v", pos)
	}
	return found, rel
}

// mouseDown presses the primary button at a canvas position, as the desktop
// driver reports it to a desktop.Mouseable.
func mouseDown(t testing.TB, c fyne.Canvas, pos fyne.Position, mod fyne.KeyModifier) {
	t.Helper()
	o, rel := objectAt(t, c, pos, func(o fyne.CanvasObject) bool { _, ok := o.(desktop.Mouseable); return ok })
	ev := &desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: mod}
	ev.Position, ev.AbsolutePosition = rel, pos
	o.(desktop.Mouseable).MouseDown(ev)
	o.(desktop.Mouseable).MouseUp(ev)
}

// click presses and releases the primary button n times at a canvas
// position, then reports the tap, as the driver does for a widget that is
// not DoubleTappable.
func click(t testing.TB, c fyne.Canvas, pos fyne.Position, n int) {
	t.Helper()
	for range n {
		mouseDown(t, c, pos, 0)
		test.TapCanvas(c, pos)
	}
}

// drag drags from one canvas position to another: test.Drag delivers a single
// drag event at the end point carrying the whole distance.
func drag(c fyne.Canvas, from, to fyne.Position) {
	d := to.Subtract(from)
	test.Drag(c, to, d.X, d.Y)
}

// pressKey types a key into the focused object, holding shift if asked, the
// way the desktop driver reports it (KeyDown for the shift key, then the
// key itself).
func pressKey(t testing.TB, c fyne.Canvas, name fyne.KeyName, shift bool) {
	t.Helper()
	f := c.Focused()
	if f == nil {
		t.Fatal("nothing focused")
	}
	k, _ := f.(desktop.Keyable)
	if shift && k != nil {
		k.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	}
	if k != nil {
		k.KeyDown(&fyne.KeyEvent{Name: name})
	}
	f.TypedKey(&fyne.KeyEvent{Name: name})
	if k != nil {
		k.KeyUp(&fyne.KeyEvent{Name: name})
	}
	if shift && k != nil {
		k.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	}
}

// typeShortcut delivers a shortcut the way the desktop driver does after a
// key press: to the focused widget when it handles shortcuts, else to the
// canvas.
func typeShortcut(c fyne.Canvas, s fyne.Shortcut) {
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	c.(fyne.Shortcutable).TypedShortcut(s)
}

// cpIndex returns the code-point index of sub in s.
func cpIndex(t testing.TB, s, sub string) int {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, s)
	}
	return utf8.RuneCountInString(s[:i])
}

// article generates a deterministic body of about words words in
// paragraphs of a few sentences, with accented words, a quotation and the
// odd CJK name, the way a news article reads. The outlets and people are
// invented.
func article(words int) string {
	vocab := strings.Fields(`the council said on tuesday that plans for new harbour bridge
		would be delayed until after summer because costs rose sharply minister
		spokesperson confirmed report funding residents protest meeting evening
		according to documents seen by northgate courier former mayor denied
		claims investigation continues police officers arrived at scene witnesses
		described loud noise early morning café naïve façade résumé coöperation
		budget estimated million euros contractor association weekly gazette
		harbour authority statement expected later this week officials declined`)
	speakers := []string{"Ana Lirio", "Tomas Velde", "Zoë Marchetti", "山田花子"}
	var b strings.Builder
	seed := uint32(7)
	next := func(n int) int {
		seed = seed*1664525 + 1013904223
		return int(seed>>8) % n
	}
	// A long article uses a few thousand distinct words; make up the rare
	// ones from syllables so the vocabulary is realistic in size.
	syllables := strings.Fields("ka lor ven tri mo sal dun e ber gash ri ton pel ash qui nor ev ul")
	rare := make([]string, 3000)
	for i := range rare {
		var w strings.Builder
		for range 2 + next(3) {
			w.WriteString(syllables[next(len(syllables))])
		}
		rare[i] = w.String()
	}
	written := 0
	for written < words {
		sentences := 3 + next(4)
		for s := 0; s < sentences && written < words; s++ {
			n := 8 + next(12)
			quoted := next(5) == 0
			if quoted {
				b.WriteString("“")
			}
			for i := 0; i < n && written < words; i++ {
				w := vocab[next(len(vocab))]
				if next(5) < 2 {
					w = rare[next(len(rare))]
				}
				if i == 0 {
					w = strings.ToUpper(w[:1]) + w[1:]
				} else {
					b.WriteByte(' ')
				}
				b.WriteString(w)
				written++
			}
			if quoted {
				fmt.Fprintf(&b, ",” said %s.", speakers[next(len(speakers))])
			} else {
				b.WriteString(".")
			}
			b.WriteByte(' ')
		}
		b.WriteString("\n\n")
	}
	return strings.TrimSpace(b.String())
}
