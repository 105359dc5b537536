package reading

import (
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
)

// selectUnit is what a drag extends the selection by.
type selectUnit uint8

const (
	unitChar selectUnit = iota
	unitWord
	unitPara
)

// clickSlop is how far apart, in each direction, two clicks may be and still
// count as a double or triple click.
const clickSlop = 4

var _ desktop.Keyable = (*Pane)(nil)

// FocusGained is called when the pane receives keyboard focus.
func (p *Pane) FocusGained() {
	p.focused = true
	p.redraw()
}

// FocusLost is called when the pane loses keyboard focus.
func (p *Pane) FocusLost() {
	p.focused = false
	p.shiftDown = false
	p.redraw()
}

// TypedRune is called when a character is typed; the pane is read-only and
// ignores it.
func (p *Pane) TypedRune(rune) {}

// KeyDown tracks the shift keys, which extend the selection.
func (p *Pane) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		p.shiftDown = true
	}
}

// KeyUp tracks the shift keys, which extend the selection.
func (p *Pane) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		p.shiftDown = false
	}
}

// TypedKey moves the caret: left and right by character, up and down by
// row, Home and End to the ends of the row, extending the selection while
// shift is held. Page up and down scroll by a view; Escape clears the
// selection.
func (p *Pane) TypedKey(ev *fyne.KeyEvent) {
	if p.lay == nil {
		return
	}
	extend := p.shiftDown
	sel := p.Selection()
	switch ev.Name {
	case fyne.KeyLeft:
		if !extend && !sel.Empty() {
			p.moveTo(sel.Start, false)
			return
		}
		p.moveTo(prevCluster(p.text, p.caret), extend)
	case fyne.KeyRight:
		if !extend && !sel.Empty() {
			p.moveTo(sel.End, false)
			return
		}
		p.moveTo(nextCluster(p.text, p.caret), extend)
	case fyne.KeyUp:
		p.moveRows(-1, extend)
	case fyne.KeyDown:
		p.moveRows(1, extend)
	case fyne.KeyHome:
		p.moveTo(p.lay.lines[p.lay.lineOf(p.caret)].start, extend)
	case fyne.KeyEnd:
		p.moveTo(p.rowEnd(p.lay.lineOf(p.caret)), extend)
	case fyne.KeyPageUp:
		p.scrollTo(p.scroll.Offset.Y-p.scroll.Size().Height, true)
	case fyne.KeyPageDown:
		p.scrollTo(p.scroll.Offset.Y+p.scroll.Size().Height, true)
	case fyne.KeyEscape:
		p.moveTo(p.caret, false)
	}
}

// rowEnd is where End puts the caret on row li: its end, or before the
// spaces a soft wrap leaves hanging, which keeps the caret on the row.
func (p *Pane) rowEnd(li int) int {
	ln := &p.lay.lines[li]
	if ln.brk != endWrap {
		return ln.end
	}
	s := p.text.String()
	end, b := ln.end, ln.bend
	for end > ln.start {
		r, size := utf8.DecodeLastRuneInString(s[ln.bstart:b])
		if !isSpace(r) {
			break
		}
		end, b = end-1, b-size
	}
	if end == ln.start { // a row of spaces
		return ln.end
	}
	return end
}

// moveTo moves the caret to off, extending the selection or collapsing it,
// and scrolls it into view.
func (p *Pane) moveTo(off int, extend bool) {
	p.goalSet = false
	if extend {
		p.setSelection(p.anchor, off)
	} else {
		p.setSelection(off, off)
	}
	p.redraw() // the caret may have moved with the selection unchanged
	p.ensureVisible(p.caret)
}

// moveRows moves the caret d rows up or down, keeping its x across moves.
func (p *Pane) moveRows(d int, extend bool) {
	li := p.lay.lineOf(p.caret)
	if !p.goalSet {
		p.goalX = p.lay.xAt(li, p.caret)
	}
	goal := p.goalX
	target := li + d
	var off int
	switch {
	case target < 0:
		off = 0
	case target >= len(p.lay.lines):
		off = p.text.Len()
	default:
		off = p.lay.offsetAt(fyne.NewPos(goal, p.lay.lines[target].top+p.met.lineHeight/2))
	}
	p.moveTo(off, extend)
	p.goalX, p.goalSet = goal, true
}

// TypedShortcut handles Copy, Select All, the annotation shortcuts (see
// Shortcuts) and word-wise caret moves (Ctrl+Left/Right, with Shift to
// extend the selection).
func (p *Pane) TypedShortcut(s fyne.Shortcut) {
	switch sc := s.(type) {
	case *fyne.ShortcutCopy:
		p.copySelection(sc.Clipboard)
	case *fyne.ShortcutSelectAll:
		p.setSelection(0, p.text.Len())
	case *desktop.CustomShortcut:
		if kind, ok := ShortcutKind(sc); ok {
			p.Annotate(kind)
			return
		}
		extend := sc.Modifier == fyne.KeyModifierShortcutDefault|fyne.KeyModifierShift
		if sc.Modifier != fyne.KeyModifierShortcutDefault && !extend {
			return
		}
		switch sc.KeyName {
		case fyne.KeyLeft:
			p.moveTo(prevWordStart(p.text, p.caret), extend)
		case fyne.KeyRight:
			p.moveTo(nextWordEnd(p.text, p.caret), extend)
		}
	}
}

// copySelection puts the selected text on cb, or on the app's clipboard when
// cb is nil. An empty selection leaves the clipboard alone.
func (p *Pane) copySelection(cb fyne.Clipboard) {
	sel := p.Selection()
	if sel.Empty() {
		return
	}
	if cb == nil {
		cb = fyne.CurrentApp().Clipboard()
	}
	cb.SetContent(p.text.Slice(sel))
}

// prevWordStart returns the start of the word before off.
func prevWordStart(t annotate.Text, off int) int {
	s := t.String()
	b := t.Byte(off)
	for b > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:b])
		if c := classOf(r); c == classWord || c == classIdeo {
			return wordAt(t, off-1).Start
		}
		b -= size
		off--
	}
	return 0
}

// nextWordEnd returns the end of the word after off.
func nextWordEnd(t annotate.Text, off int) int {
	s := t.String()
	b := t.Byte(off)
	for b < len(s) {
		r, size := utf8.DecodeRuneInString(s[b:])
		if c := classOf(r); c == classWord || c == classIdeo {
			return wordAt(t, off).End
		}
		b += size
		off++
	}
	return t.Len()
}

// requestFocus gives the pane keyboard focus.
func (p *Pane) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(p); c != nil && c.Focused() != p {
		c.Focus(p)
	}
}

// mouseDown starts a selection: one click places the caret (shift extends
// the selection to it), two select a word, three a paragraph.
func (p *Pane) mouseDown(ev *desktop.MouseEvent) {
	p.requestFocus()
	if ev.Button != desktop.MouseButtonPrimary || p.lay == nil {
		return
	}
	now := p.now()
	d := ev.Position.Subtract(p.lastDownPos)
	if p.clicks > 0 && now.Sub(p.lastDown) <= fyne.CurrentApp().Driver().DoubleTapDelay() &&
		d.X <= clickSlop && d.X >= -clickSlop && d.Y <= clickSlop && d.Y >= -clickSlop {
		p.clicks = p.clicks%3 + 1
	} else {
		p.clicks = 1
	}
	p.lastDown, p.lastDownPos = now, ev.Position
	p.pressed = true
	p.goalSet = false

	tp := p.pageToText(ev.Position)
	switch p.clicks {
	case 1:
		off := p.lay.offsetAt(tp)
		p.unit = unitChar
		if ev.Modifier&fyne.KeyModifierShift != 0 || p.shiftDown {
			p.setSelection(p.anchor, off)
		} else {
			p.setSelection(off, off)
		}
	case 2:
		p.unit, p.unitBase = unitWord, wordAt(p.text, p.lay.charAt(tp))
		p.setSelection(p.unitBase.Start, p.unitBase.End)
	case 3:
		p.unit, p.unitBase = unitPara, p.lay.paragraphAt(p.lay.charAt(tp))
		p.setSelection(p.unitBase.Start, p.unitBase.End)
	}
	p.redraw()
}

// dragged extends the selection to the pointer, by the unit the drag started
// with. A drag that did not start with a mouse press (touch, or a synthetic
// event) starts where the pointer first was.
func (p *Pane) dragged(ev *fyne.DragEvent) {
	if p.lay == nil {
		return
	}
	if !p.dragging {
		p.dragging = true
		if !p.pressed {
			p.requestFocus()
			start := p.lay.offsetAt(p.pageToText(ev.Position.Subtract(ev.Dragged)))
			p.unit = unitChar
			p.setSelection(start, start)
		}
	}
	p.autoScroll(ev.Position)
	tp := p.pageToText(ev.Position)
	switch p.unit {
	case unitChar:
		p.setSelection(p.anchor, p.lay.offsetAt(tp))
	case unitWord:
		p.extendUnit(wordAt(p.text, p.lay.charAt(tp)))
	case unitPara:
		p.extendUnit(p.lay.paragraphAt(p.lay.charAt(tp)))
	}
}

// extendUnit selects from the word or paragraph the drag started on to u.
func (p *Pane) extendUnit(u annotate.Span) {
	base := p.unitBase
	if u.Start < base.Start {
		p.setSelection(base.End, u.Start)
	} else {
		p.setSelection(base.Start, max(u.End, base.End))
	}
}

// autoScroll scrolls when a drag goes past the top or bottom of the view.
func (p *Pane) autoScroll(pos fyne.Position) {
	top, view := p.scroll.Offset.Y, p.scroll.Size().Height
	switch {
	case pos.Y < top:
		p.scrollTo(pos.Y, true)
	case pos.Y > top+view:
		p.scrollTo(pos.Y-view, true)
	}
}

func (p *Pane) dragEnd() {
	p.dragging, p.pressed = false, false
}

func (p *Pane) mouseUp(*desktop.MouseEvent) {
	p.pressed = false
}

// tapped reports a click on a highlight when it did not select anything.
func (p *Pane) tapped(ev *fyne.PointEvent) {
	if p.lay == nil || p.clicks > 1 || !p.Selection().Empty() || p.OnHighlightTapped == nil {
		return
	}
	tp := p.pageToText(ev.Position)
	off := p.lay.charAt(tp)
	pos, size := p.lay.rectOf(off)
	if tp.X < pos.X || tp.X >= pos.X+size.Width || tp.Y < pos.Y || tp.Y >= pos.Y+size.Height {
		return // beside the text
	}
	if id, ok := p.highlightAt(off); ok {
		p.OnHighlightTapped(id)
	}
}

// tappedSecondary opens the context menu.
func (p *Pane) tappedSecondary(ev *fyne.PointEvent) {
	p.requestFocus()
	c := fyne.CurrentApp().Driver().CanvasForObject(p)
	if c == nil {
		return
	}
	widget.ShowPopUpMenuAtPosition(p.contextMenu(), c, ev.AbsolutePosition)
}

// contextMenu builds the right-click menu: tag the selection as each kind,
// copy it, then the owner's items.
func (p *Pane) contextMenu() *fyne.Menu {
	empty := p.Selection().Empty()
	items := make([]*fyne.MenuItem, 0, len(annotate.Kinds)+4)
	for _, k := range annotate.Kinds {
		it := fyne.NewMenuItem("Tag as "+string(k), func() { p.Annotate(k) })
		it.Shortcut = AnnotateShortcut(k)
		it.Disabled = empty
		items = append(items, it)
	}
	cp := fyne.NewMenuItem("Copy", func() { p.copySelection(nil) })
	cp.Shortcut = &fyne.ShortcutCopy{}
	cp.Disabled = empty
	items = append(items, fyne.NewMenuItemSeparator(), cp)
	if p.ContextMenuItems != nil {
		if extra := p.ContextMenuItems(); len(extra) > 0 {
			items = append(items, fyne.NewMenuItemSeparator())
			items = append(items, extra...)
		}
	}
	return fyne.NewMenu("", items...)
}
