package ui

import (
	"fmt"
	"image/color"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
	"factdesk/ui/reading"
)

// maxPanes is how many article panes the reading area holds at most.
const maxPanes = 6

// paneList is the pane layout model: the panes left to right and which one
// is active (the one that article links and shortcuts act on). It holds at
// least one pane once it holds any.
type paneList[T any] struct {
	items  []T
	active int
}

// len is the number of panes.
func (l *paneList[T]) len() int { return len(l.items) }

// current is the active pane.
func (l *paneList[T]) current() T { return l.items[l.active] }

// setActive makes pane i active, if it exists.
func (l *paneList[T]) setActive(i int) bool {
	if i < 0 || i >= len(l.items) {
		return false
	}
	l.active = i
	return true
}

// add inserts v right of the active pane and makes it active. It refuses
// beyond maxPanes.
func (l *paneList[T]) add(v T) bool {
	if len(l.items) >= maxPanes {
		return false
	}
	at := 0
	if len(l.items) > 0 {
		at = l.active + 1
	}
	l.items = append(l.items[:at], append([]T{v}, l.items[at:]...)...)
	l.active = at
	return true
}

// remove takes pane i out and returns it; the last pane stays. The active
// pane stays the same pane, or becomes the left neighbour of a removed
// active one.
func (l *paneList[T]) remove(i int) (T, bool) {
	var zero T
	if len(l.items) <= 1 || i < 0 || i >= len(l.items) {
		return zero, false
	}
	v := l.items[i]
	l.items = append(l.items[:i], l.items[i+1:]...)
	if l.active > i || (l.active == i && i > 0) {
		l.active--
	}
	return v, true
}

// move swaps pane i with its neighbour delta (-1 left, +1 right); the
// active pane follows its pane.
func (l *paneList[T]) move(i, delta int) bool {
	j := i + delta
	if i < 0 || i >= len(l.items) || j < 0 || j >= len(l.items) {
		return false
	}
	l.items[i], l.items[j] = l.items[j], l.items[i]
	switch l.active {
	case i:
		l.active = j
	case j:
		l.active = i
	}
	return true
}

// resize grows the list to n panes with mk, or shrinks it from the right,
// returning the panes it dropped. The first pane becomes active.
func (l *paneList[T]) resize(n int, mk func() T) (dropped []T) {
	n = min(max(n, 1), maxPanes)
	for len(l.items) < n {
		l.items = append(l.items, mk())
	}
	if len(l.items) > n {
		dropped = append(dropped, l.items[n:]...)
		l.items = l.items[:n]
	}
	l.active = 0
	return dropped
}

// index returns the first pane for which match is true, or -1.
func (l *paneList[T]) index(match func(T) bool) int {
	for i, v := range l.items {
		if match(v) {
			return i
		}
	}
	return -1
}

// evenOffsets are the divider offsets of n panes nested as
// Split(p0, Split(p1, Split(p2, …))) so that every pane gets the same width:
// the first split gives 1/n to its leading pane, the next 1/(n-1), and so on.
func evenOffsets(n int) []float64 {
	if n < 2 {
		return nil
	}
	offs := make([]float64, n-1)
	for i := range offs {
		offs[i] = 1 / float64(n-i)
	}
	return offs
}

// nestSplits lays objs side by side in nested horizontal splits of equal
// widths.
func nestSplits(objs []fyne.CanvasObject) fyne.CanvasObject {
	if len(objs) == 1 {
		return objs[0]
	}
	s := container.NewHSplit(objs[0], nestSplits(objs[1:]))
	s.Offset = evenOffsets(len(objs))[0]
	return s
}

// paneView is one article pane: a header (outlet, date, title, url, pane
// buttons) over a reading pane.
type paneView struct {
	w *window

	reading *reading.Pane
	article annotate.Article // ID 0 while empty
	anns    []annotate.Annotation
	quotes  []annotate.Quote
	loadSeq int      // bumps on each load, so stale loads are dropped
	onLoad  []func() // run once the article being loaded is shown
	loading int64    // article id being loaded, 0 when none

	activeBar *canvas.Rectangle
	outlet    *widget.Label
	meta      *quietText
	title     *widget.Label
	link      *widget.Hyperlink
	left      *widget.Button
	right     *widget.Button
	closeBtn  *widget.Button
	header    *fyne.Container
	empty     *fyne.Container
	obj       fyne.CanvasObject
}

func newPaneView(w *window) *paneView {
	v := &paneView{w: w, reading: reading.NewPane()}
	v.activeBar = canvas.NewRectangle(color.Transparent)
	v.activeBar.SetMinSize(fyne.NewSize(1, 3))
	v.outlet = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.meta = newQuietText(true)
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.Wrapping = fyne.TextWrapWord
	v.title.SizeName = theme.SizeNameSubHeadingText
	v.link = widget.NewHyperlink("", nil)
	v.link.Truncation = fyne.TextTruncateEllipsis
	v.link.SizeName = theme.SizeNameCaptionText
	v.left = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { w.movePane(v, -1) })
	v.right = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { w.movePane(v, +1) })
	v.closeBtn = widget.NewButtonWithIcon("", theme.CancelIcon(), func() { w.removePane(v) })
	for _, b := range []*widget.Button{v.left, v.right, v.closeBtn} {
		b.Importance = widget.LowImportance
	}
	buttons := container.NewHBox(v.left, v.right, v.closeBtn)
	v.header = container.NewVBox(
		container.NewBorder(nil, nil, v.outlet, buttons, v.meta.RichText),
		v.title,
		v.link,
	)
	v.empty = container.NewVBox(layout.NewSpacer(),
		newHint("Empty pane\nChoose an article in the navigator or in the search results."),
		layout.NewSpacer())

	v.reading.OnSelectionChanged = func(annotate.Span) { w.activatePane(v) }
	v.reading.OnAnnotate = func(k annotate.Kind, sel annotate.Span) {
		w.activatePane(v)
		w.createAnnotation(v, k, sel)
	}
	v.reading.OnHighlightTapped = func(id int64) {
		w.activatePane(v)
		w.highlightTapped(v, id)
	}
	v.reading.OnScrolled = func(f float32) { w.paneScrolled(v, f) }
	v.reading.ContextMenuItems = func() []*fyne.MenuItem { return w.paneMenuItems(v) }

	body := container.NewStack(v.empty, v.reading)
	v.obj = container.NewBorder(
		container.NewVBox(v.activeBar, container.NewPadded(v.header), widget.NewSeparator()),
		nil, nil, nil, body)
	v.showEmpty()
	return v
}

// showEmpty clears the pane.
func (v *paneView) showEmpty() {
	v.article, v.anns, v.quotes = annotate.Article{}, nil, nil
	v.reading.SetText("")
	v.reading.SetHighlights(nil)
	v.reading.Hide()
	v.empty.Show()
	v.outlet.SetText("No article")
	v.meta.SetText("")
	v.title.SetText("")
	v.title.Hide()
	v.link.Hide()
}

// show puts an article and its marks in the pane.
func (v *paneView) show(a annotate.Article, anns []annotate.Annotation, quotes []annotate.Quote, dark bool) {
	same := v.article.ID == a.ID && v.article.Hash == a.Hash && v.article.Version == a.Version
	v.article, v.anns, v.quotes = a, anns, quotes
	v.outlet.SetText(a.Outlet)
	v.meta.SetText(articleMeta(a))
	v.title.SetText(articleTitle(a))
	v.title.Show()
	if u, err := url.Parse(a.URL); err == nil && a.URL != "" && (u.Scheme == "http" || u.Scheme == "https") {
		v.link.SetText(a.URL)
		v.link.SetURL(u)
		v.link.Show()
	} else {
		v.link.Hide()
	}
	if !same {
		v.reading.SetText(a.Body)
	}
	v.empty.Hide()
	v.reading.Show()
	v.setHighlights(dark)
}

// articleMeta is what a pane's header says after the outlet: date, byline,
// version.
func articleMeta(a annotate.Article) string {
	var parts []string
	if d := formatDate(a); d != "" {
		parts = append(parts, d)
	}
	if b := strings.TrimSpace(a.Byline); b != "" {
		parts = append(parts, b)
	}
	if a.Version > 1 {
		parts = append(parts, fmt.Sprintf("version %d", a.Version))
	}
	return strings.Join(parts, " · ")
}

// setHighlights redraws the pane's marks: the editor's annotations filled in
// their kind's colour, detected quotes nobody tagged underlined. Detected
// quotes get negative ids so they never collide with annotation ids.
func (v *paneView) setHighlights(dark bool) {
	v.reading.SetHighlights(paneHighlights(v.anns, v.quotes, dark))
}

// paneHighlights builds the highlights for an article's annotations and
// detected quotes. Orphaned annotations are left out (their span no longer
// indexes the text), and so are title quotes and quotes an annotation
// already covers exactly.
func paneHighlights(anns []annotate.Annotation, quotes []annotate.Quote, dark bool) []reading.Highlight {
	hs := make([]reading.Highlight, 0, len(anns)+len(quotes))
	tagged := make(map[annotate.Span]bool, len(anns))
	for _, a := range anns {
		if a.Anchor == annotate.AnchorOrphaned || a.Span.Empty() {
			continue
		}
		tagged[a.Span] = true
		hs = append(hs, reading.Highlight{ID: a.ID, Span: a.Span, Color: kindSolid(a.Kind, dark), Style: reading.HighlightFill})
	}
	for _, q := range quotes {
		if q.InTitle || q.Span.Empty() || tagged[q.Span] {
			continue
		}
		hs = append(hs, reading.Highlight{ID: quoteHighlightID(q.ID), Span: q.Span, Color: detectedQuoteColor(dark), Style: reading.HighlightUnderline})
	}
	return hs
}

// quoteHighlightID and highlightQuoteID map detected quote ids to highlight
// ids and back.
func quoteHighlightID(quoteID int64) int64 { return -quoteID }

func highlightQuoteID(hid int64) (int64, bool) {
	if hid < 0 {
		return -hid, true
	}
	return 0, false
}

// setActive shows or hides the active-pane bar.
func (v *paneView) setActive(active bool) {
	if active {
		v.activeBar.FillColor = theme.Color(theme.ColorNamePrimary)
	} else {
		v.activeBar.FillColor = color.Transparent
	}
	v.activeBar.Refresh()
}

// annotation finds one of the pane's annotations.
func (v *paneView) annotation(id int64) (annotate.Annotation, bool) {
	for _, a := range v.anns {
		if a.ID == id {
			return a, true
		}
	}
	return annotate.Annotation{}, false
}

// quote finds one of the pane's detected quotes.
func (v *paneView) quote(id int64) (annotate.Quote, bool) {
	for _, q := range v.quotes {
		if q.ID == id {
			return q, true
		}
	}
	return annotate.Quote{}, false
}

// paneArea is the reading area: the panes in nested splits.
type paneArea struct {
	list paneList[*paneView]
	root *fyne.Container
}

func newPaneArea() *paneArea {
	return &paneArea{root: container.NewStack()}
}

// relayout rebuilds the splits after panes were added, removed or moved,
// and updates the pane buttons and the active bar.
func (a *paneArea) relayout() {
	objs := make([]fyne.CanvasObject, a.list.len())
	for i, v := range a.list.items {
		objs[i] = v.obj
		v.setActive(i == a.list.active)
		setEnabled(v.left, i > 0)
		setEnabled(v.right, i < a.list.len()-1)
		setEnabled(v.closeBtn, a.list.len() > 1)
	}
	if len(objs) == 0 {
		a.root.Objects = nil
	} else {
		a.root.Objects = []fyne.CanvasObject{nestSplits(objs)}
	}
	a.root.Refresh()
}

// activate makes v the active pane.
func (a *paneArea) activate(v *paneView) bool {
	i := a.list.index(func(p *paneView) bool { return p == v })
	if i < 0 || i == a.list.active {
		return false
	}
	a.list.setActive(i)
	for j, p := range a.list.items {
		p.setActive(j == i)
	}
	return true
}

// showing returns the pane showing (or loading) article id, or nil.
func (a *paneArea) showing(id int64) *paneView {
	i := a.list.index(func(p *paneView) bool { return p.article.ID == id || p.loading == id })
	if i < 0 {
		return nil
	}
	return a.list.items[i]
}

// active is the active pane.
func (a *paneArea) active() *paneView { return a.list.current() }

func setEnabled(d fyne.Disableable, on bool) {
	if on {
		d.Enable()
	} else {
		d.Disable()
	}
}
