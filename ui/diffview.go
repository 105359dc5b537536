package ui

import (
	"image/color"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
)

// The comparison views draw texts word by word: diffText wraps a text
// whose words carry diff styles, alignGrid lays several texts out in
// columns. Both wrap to the width they are given, so their height depends
// on their width; wrapColumn stacks such objects and asks each how tall it
// is at the column's width, which keeps a scrolled page of them exact on
// the first layout.

// diffStyle is how a run of compared text is drawn.
type diffStyle uint8

const (
	// styleSame is text both sides share: drawn plain.
	styleSame diffStyle = iota
	// styleDropped is text the variant leaves out: struck through.
	styleDropped
	// styleAdded is text the variant adds or changes: highlighted.
	styleAdded
	// stylePunct is punctuation or quotation marks the variant adds or
	// changes: quieter than a word change.
	stylePunct
	// stylePunctDropped is punctuation the variant leaves out: quiet and
	// struck through.
	stylePunctDropped
	// styleChanged is, in the column layout, another word in the
	// reference word's place.
	styleChanged
	// styleMissing marks, in the column layout, a reference word the text
	// leaves out.
	styleMissing
	// styleStrong is reference text in a column where the texts differ.
	styleStrong
)

// String names the style in tests and golden files.
func (s diffStyle) String() string {
	return [...]string{"same", "dropped", "added", "punct", "punct-dropped", "changed", "missing", "strong"}[s]
}

// diffRun is a stretch of text in one style.
type diffRun struct {
	Text  string
	Style diffStyle
}

// variantRuns turns a variant's diff against its reference into runs: the
// reference words it dropped, then those it put in their place.
func variantRuns(ops []annotate.VariantOp) []diffRun {
	runs := make([]diffRun, 0, len(ops))
	for _, op := range ops {
		s := styleSame
		switch op.Op {
		case annotate.OpDelete:
			s = styleDropped
			if op.PunctOnly {
				s = stylePunctDropped
			}
		case annotate.OpInsert:
			s = styleAdded
			if op.PunctOnly {
				s = stylePunct
			}
		}
		runs = append(runs, diffRun{Text: op.Text, Style: s})
	}
	return runs
}

// sideRuns splits a diff from text A to text B into what each side shows:
// A's text with the words B leaves out struck through, and B's text with
// the words B adds highlighted.
func sideRuns(ops []annotate.DiffOp) (a, b []diffRun) {
	for _, op := range ops {
		punct := op.PunctOnly()
		switch op.Op {
		case annotate.OpEqual:
			a = append(a, diffRun{Text: op.Text})
			b = append(b, diffRun{Text: op.Text})
		case annotate.OpDelete:
			s := styleDropped
			if punct {
				s = stylePunctDropped
			}
			a = append(a, diffRun{Text: op.Text, Style: s})
		case annotate.OpInsert:
			s := styleAdded
			if punct {
				s = stylePunct
			}
			b = append(b, diffRun{Text: op.Text, Style: s})
		}
	}
	return a, b
}

// plainRuns is text without differences.
func plainRuns(s string) []diffRun { return []diffRun{{Text: s}} }

// Colours of the comparison views. Each has a light-theme and a dark-theme
// value.
var (
	addedRGB   = [2]color.NRGBA{{0x9d, 0xe6, 0xa4, 0xd8}, {0x2c, 0x6e, 0x3a, 0xe0}}
	changedRGB = [2]color.NRGBA{{0xff, 0xd8, 0x70, 0xd8}, {0x7a, 0x5c, 0x12, 0xe0}}
	quietRGB   = [2]color.NRGBA{{0x9a, 0xa3, 0xb0, 0x30}, {0x9a, 0xa3, 0xb0, 0x30}}
	// linkRGB are the pastel tints of linked sentences, one per link in
	// turn; none is green, so that added words stay visible on them.
	linkRGB = [][2]color.NRGBA{
		{{0xd9, 0xe7, 0xff, 0xff}, {0x24, 0x36, 0x58, 0xff}},
		{{0xec, 0xdf, 0xff, 0xff}, {0x3b, 0x2b, 0x57, 0xff}},
		{{0xff, 0xed, 0xcc, 0xff}, {0x50, 0x3c, 0x1c, 0xff}},
		{{0xff, 0xdd, 0xea, 0xff}, {0x55, 0x27, 0x3a, 0xff}},
		{{0xd5, 0xf2, 0xf6, 0xff}, {0x1d, 0x46, 0x4d, 0xff}},
		{{0xec, 0xe6, 0xd8, 0xff}, {0x45, 0x40, 0x35, 0xff}},
	}
)

func pick(c [2]color.NRGBA, dark bool) color.NRGBA {
	if dark {
		return c[1]
	}
	return c[0]
}

// linkTint is the tint of link i.
func linkTint(i int, dark bool) color.NRGBA { return pick(linkRGB[i%len(linkRGB)], dark) }

// styleLook is how a style draws: text colour and style, background, and
// whether it is struck through.
type styleLook struct {
	fg     fyne.ThemeColorName
	bg     color.Color // nil for none
	strike bool
	bold   bool
}

func lookOf(s diffStyle, dark bool) styleLook {
	switch s {
	case styleDropped:
		return styleLook{fg: theme.ColorNameError, strike: true}
	case styleAdded:
		return styleLook{fg: theme.ColorNameForeground, bg: pick(addedRGB, dark)}
	case stylePunct:
		return styleLook{fg: theme.ColorNamePlaceHolder, bg: pick(quietRGB, dark)}
	case stylePunctDropped:
		return styleLook{fg: theme.ColorNamePlaceHolder, strike: true}
	case styleChanged:
		return styleLook{fg: theme.ColorNameForeground, bg: pick(changedRGB, dark)}
	case styleMissing:
		return styleLook{fg: theme.ColorNameError}
	case styleStrong:
		return styleLook{fg: theme.ColorNameForeground, bold: true}
	}
	return styleLook{fg: theme.ColorNameForeground}
}

// diffTok is a word of a diffText.
type diffTok struct {
	text  string
	style diffStyle
	glued bool    // no space before it: it wraps with the word before
	space bool    // white space follows it
	w     float32 // width of text
}

// tokenize cuts runs into words, collapsing white space.
func tokenize(runs []diffRun) []diffTok {
	var toks []diffTok
	space := false
	for _, r := range runs {
		s := r.Text
		for len(s) > 0 {
			c, n := utf8.DecodeRuneInString(s)
			if unicode.IsSpace(c) {
				space = true
				s = s[n:]
				continue
			}
			end := strings.IndexFunc(s, unicode.IsSpace)
			if end < 0 {
				end = len(s)
			}
			if n := len(toks); n > 0 && !space && toks[n-1].style == styleDropped && r.Style == styleAdded {
				space = true // a replaced word: keep the old and the new apart
			}
			if len(toks) > 0 && space {
				toks[len(toks)-1].space = true
			}
			toks = append(toks, diffTok{text: s[:end], style: r.Style, glued: len(toks) > 0 && !space})
			space = false
			s = s[end:]
		}
	}
	return toks
}

// textMetrics are the sizes a text widget lays out with.
type textMetrics struct {
	size   float32 // text size
	lineH  float32 // height of a line of text
	gap    float32 // between lines
	spaceW float32 // width of a space
}

func metricsFor(size float32) textMetrics {
	m := fyne.MeasureText("Mg", size, fyne.TextStyle{})
	return textMetrics{size: size, lineH: m.Height, gap: 3, spaceW: fyne.MeasureText(" ", size, fyne.TextStyle{}).Width}
}

// diffText shows a text whose runs carry diff styles, wrapped at spaces to
// its width: dropped words struck through, added words on a highlight,
// punctuation changes quieter. It draws one text object per stretch of a
// line in one style.
type diffText struct {
	widget.BaseWidget
	runs []diffRun
	// OnTapped, when set, runs on a click; the pointer then shows a hand.
	OnTapped func()

	toks    []diffTok
	metrics textMetrics
	gen     int // bumps when the runs change
}

var (
	_ fyne.Widget        = (*diffText)(nil)
	_ fyne.Tappable      = (*diffText)(nil)
	_ desktop.Cursorable = (*diffText)(nil)
	_ heightForWidth     = (*diffText)(nil)
)

func newDiffText(runs []diffRun) *diffText {
	t := &diffText{runs: runs}
	t.ExtendBaseWidget(t)
	return t
}

// SetRuns replaces the text.
func (t *diffText) SetRuns(runs []diffRun) {
	t.runs = runs
	t.toks = nil
	t.gen++
	t.Refresh()
}

// String is the text shown, white space collapsed.
func (t *diffText) String() string {
	var b strings.Builder
	for _, tok := range t.tokens() {
		b.WriteString(tok.text)
		if tok.space {
			b.WriteByte(' ')
		}
	}
	return strings.TrimSpace(b.String())
}

// tokens measures the words once per text and text size.
func (t *diffText) tokens() []diffTok {
	size := t.Theme().Size(theme.SizeNameText)
	if t.toks != nil && size == t.metrics.size {
		return t.toks
	}
	t.metrics = metricsFor(size)
	m := t.metrics
	t.toks = tokenize(t.runs)
	for i := range t.toks {
		tok := &t.toks[i]
		tok.w = fyne.MeasureText(tok.text, m.size, fyne.TextStyle{Bold: lookOf(tok.style, false).bold}).Width
	}
	if t.toks == nil {
		t.toks = []diffTok{}
	}
	return t.toks
}

// wrap places the words in lines of width (0: one line). It returns each
// word's x and line, and the number of lines.
func (t *diffText) wrap(width float32, xs []float32, lines []int) ([]float32, []int, int) {
	toks := t.tokens()
	xs, lines = xs[:0], lines[:0]
	x, line := float32(0), 0
	for i := 0; i < len(toks); {
		// A unit is a word and the words glued to it.
		j, unitW := i+1, toks[i].w
		for j < len(toks) && toks[j].glued {
			unitW += toks[j].w
			j++
		}
		if width > 0 && x > 0 && x+unitW > width {
			x, line = 0, line+1
		}
		for k := i; k < j; k++ {
			xs, lines = append(xs, x), append(lines, line)
			x += toks[k].w
			if toks[k].space {
				x += t.metrics.spaceW
			}
		}
		i = j
	}
	n := 0
	if len(toks) > 0 {
		n = line + 1
	}
	return xs, lines, n
}

func (t *diffText) heightOf(lines int) float32 {
	if lines == 0 {
		return 0
	}
	return float32(lines)*t.metrics.lineH + float32(lines-1)*t.metrics.gap
}

// heightFor is the height of the text wrapped to width.
func (t *diffText) heightFor(width float32) float32 {
	_, _, n := t.wrap(width, nil, nil)
	return t.heightOf(n)
}

// MinSize is the widest word by the height at the current width (one line
// before the first layout).
func (t *diffText) MinSize() fyne.Size {
	t.ExtendBaseWidget(t)
	widest := float32(0)
	for _, tok := range t.tokens() {
		widest = max(widest, tok.w)
	}
	return fyne.NewSize(widest, t.heightFor(t.Size().Width))
}

// Tapped implements fyne.Tappable.
func (t *diffText) Tapped(*fyne.PointEvent) {
	if t.OnTapped != nil {
		t.OnTapped()
	}
}

// Cursor implements desktop.Cursorable.
func (t *diffText) Cursor() desktop.Cursor {
	if t.OnTapped != nil {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// CreateRenderer implements fyne.Widget.
func (t *diffText) CreateRenderer() fyne.WidgetRenderer {
	return &diffTextRenderer{t: t, laidGen: -1}
}

// diffTextRenderer keeps pools of text, highlight and strike objects and
// reuses them on each layout.
type diffTextRenderer struct {
	t       *diffText
	xs      []float32
	lines   []int
	texts   []*canvas.Text
	rects   []*canvas.Rectangle
	strikes []*canvas.Line
	objs    []fyne.CanvasObject
	laidW   float32
	laidGen int
	laidDk  bool
}

func (r *diffTextRenderer) Layout(size fyne.Size) {
	dark := appIsDark(fyne.CurrentApp())
	if size.Width == r.laidW && r.laidGen == r.t.gen && r.laidDk == dark && r.objs != nil {
		return
	}
	r.laidW, r.laidGen, r.laidDk = size.Width, r.t.gen, dark
	t := r.t
	toks := t.tokens()
	m := t.metrics
	th := t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	var n int
	r.xs, r.lines, n = t.wrap(size.Width, r.xs, r.lines)
	_ = n
	nt, nr, ns := 0, 0, 0
	var b strings.Builder
	for i := 0; i < len(toks); {
		// A segment: words of one style on one line.
		j := i + 1
		for j < len(toks) && toks[j].style == toks[i].style && r.lines[j] == r.lines[i] {
			j++
		}
		b.Reset()
		for k := i; k < j; k++ {
			b.WriteString(toks[k].text)
			if toks[k].space && k < j-1 {
				b.WriteByte(' ')
			}
		}
		x0 := r.xs[i]
		w := r.xs[j-1] + toks[j-1].w - x0
		y := float32(r.lines[i]) * (m.lineH + m.gap)
		look := lookOf(toks[i].style, dark)
		if look.bg != nil {
			if nr == len(r.rects) {
				r.rects = append(r.rects, canvas.NewRectangle(nil))
			}
			rc := r.rects[nr]
			nr++
			rc.FillColor = look.bg
			rc.CornerRadius = 3
			rc.Move(fyne.NewPos(x0-1, y))
			rc.Resize(fyne.NewSize(w+2, m.lineH))
		}
		if nt == len(r.texts) {
			r.texts = append(r.texts, canvas.NewText("", nil))
		}
		tx := r.texts[nt]
		nt++
		tx.Text = b.String()
		tx.TextSize = m.size
		tx.TextStyle = fyne.TextStyle{Bold: look.bold}
		tx.Color = th.Color(look.fg, v)
		tx.Move(fyne.NewPos(x0, y))
		tx.Resize(fyne.NewSize(w, m.lineH))
		if look.strike {
			if ns == len(r.strikes) {
				r.strikes = append(r.strikes, canvas.NewLine(nil))
			}
			ln := r.strikes[ns]
			ns++
			ln.StrokeColor = th.Color(look.fg, v)
			ln.StrokeWidth = 1.5
			mid := y + m.lineH*0.55
			ln.Position1 = fyne.NewPos(x0, mid)
			ln.Position2 = fyne.NewPos(x0+w, mid)
		}
		i = j
	}
	r.objs = r.objs[:0]
	for _, o := range r.rects[:nr] {
		r.objs = append(r.objs, o)
	}
	for _, o := range r.texts[:nt] {
		r.objs = append(r.objs, o)
	}
	for _, o := range r.strikes[:ns] {
		r.objs = append(r.objs, o)
	}
	for _, o := range r.objs {
		o.Refresh()
	}
}

func (r *diffTextRenderer) MinSize() fyne.Size { return r.t.MinSize() }

func (r *diffTextRenderer) Refresh() {
	r.laidGen = -1
	r.Layout(r.t.Size())
	canvas.Refresh(r.t)
}

func (r *diffTextRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *diffTextRenderer) Destroy() {}

// heightForWidth is implemented by objects that wrap: how tall they are at
// a width.
type heightForWidth interface {
	heightFor(width float32) float32
}

// heightForLayout is implemented by layouts of containers whose height
// depends on their width.
type heightForLayout interface {
	heightFor(objs []fyne.CanvasObject, width float32) float32
}

// objectHeight is how tall o is at width: asked of wrapping objects and
// containers, else its minimum height.
func objectHeight(o fyne.CanvasObject, width float32) float32 {
	switch x := o.(type) {
	case heightForWidth:
		return x.heightFor(width)
	case *fyne.Container:
		if l, ok := x.Layout.(heightForLayout); ok {
			return l.heightFor(x.Objects, width)
		}
	}
	return o.MinSize().Height
}

// wrapColumn stacks objects top to bottom, each as wide as the column and
// as tall as it needs at that width. As a scroll's content, give it the
// scroll's width through viewport, so that its minimum height is the one
// at the width it will be laid out at.
type wrapColumn struct {
	gap      float32
	viewport func() float32 // the width it will get; nil inside other wrapping layouts
	width    float32        // last width laid out
}

var _ heightForLayout = (*wrapColumn)(nil)

// MinSize implements fyne.Layout.
func (l *wrapColumn) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
		}
	}
	width := l.width
	if l.viewport != nil {
		if vw := l.viewport(); vw > 0 {
			width = vw
		}
	}
	if width <= 0 {
		var h float32
		n := 0
		for _, o := range objs {
			if o.Visible() {
				h += o.MinSize().Height
				n++
			}
		}
		return fyne.NewSize(w, h+float32(max(n-1, 0))*l.gap)
	}
	return fyne.NewSize(min(w, width), l.heightFor(objs, width))
}

func (l *wrapColumn) heightFor(objs []fyne.CanvasObject, width float32) float32 {
	var h float32
	n := 0
	for _, o := range objs {
		if o.Visible() {
			h += objectHeight(o, width)
			n++
		}
	}
	return h + float32(max(n-1, 0))*l.gap
}

// Layout implements fyne.Layout.
func (l *wrapColumn) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h := objectHeight(o, size.Width)
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + l.gap
	}
}

// insetLayout insets one object by the labels' inner padding, so that
// wrapped text lines up with the labels around it.
type insetLayout struct{}

var _ heightForLayout = insetLayout{}

func (insetLayout) pad() float32 { return theme.InnerPadding() }

func (l insetLayout) heightFor(objs []fyne.CanvasObject, width float32) float32 {
	return objectHeight(objs[0], width-2*l.pad())
}

// MinSize implements fyne.Layout.
func (l insetLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize().Add(fyne.NewSize(2*l.pad(), 0))
}

// Layout implements fyne.Layout.
func (l insetLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := size.Width - 2*l.pad()
	objs[0].Move(fyne.NewPos(l.pad(), 0))
	objs[0].Resize(fyne.NewSize(w, objectHeight(objs[0], w)))
}

// inset wraps o in an insetLayout.
func inset(o fyne.CanvasObject) *fyne.Container { return container.New(insetLayout{}, o) }

// showPage lays out a scroll's new content and shows its top: cheaper
// than Refresh, which would also refresh every object of the page.
func showPage(s *container.Scroll) {
	c := s.Content
	c.Resize(c.MinSize().Max(s.Size()))
	s.ScrollToTop()
}

// alignGrid shows texts aligned word by word in columns
// (annotate.VariantAlignment), the reference first, each row labelled.
// Columns that do not fit the width continue in a band below, with the
// labels repeated, the way an interlinear text wraps.
type alignGrid struct {
	widget.BaseWidget
	labels []string
	rows   [][]annotate.AlignedCell // rows[0] is the reference
	varies []bool
	// OnTapRow, when set, runs with the row clicked (0 is the reference).
	OnTapRow func(row int)

	metrics textMetrics
	colW    []float32
	labelW  float32
	cellW   [][]float32
	gen     int
}

var (
	_ fyne.Widget    = (*alignGrid)(nil)
	_ fyne.Tappable  = (*alignGrid)(nil)
	_ heightForWidth = (*alignGrid)(nil)
)

// maxLabelWidth caps the label column; longer outlet names are cut.
const maxLabelWidth = 170

func newAlignGrid(va annotate.VariantAlignment, refLabel string, labels []string) *alignGrid {
	g := &alignGrid{labels: append([]string{refLabel}, labels...)}
	g.rows = append([][]annotate.AlignedCell{va.Reference}, va.Rows...)
	g.varies = make([]bool, va.Columns)
	for c := range g.varies {
		g.varies[c] = va.Varies(c)
	}
	g.ExtendBaseWidget(g)
	return g
}

// cellStyle is how a cell of row r in column c draws.
func (g *alignGrid) cellStyle(r, c int) (string, diffStyle) {
	cell := g.rows[r][c]
	if r == 0 {
		if g.varies[c] {
			return cell.Text, styleStrong
		}
		return cell.Text, styleSame
	}
	switch cell.Kind {
	case annotate.CellPunct:
		return cell.Text, stylePunct
	case annotate.CellChanged:
		return cell.Text, styleChanged
	case annotate.CellAdded:
		return cell.Text, styleAdded
	case annotate.CellMissing:
		return "—", styleMissing
	}
	return cell.Text, styleSame
}

// measure sizes the columns once per content and text size.
func (g *alignGrid) measure() {
	size := g.Theme().Size(theme.SizeNameText)
	if g.colW != nil && size == g.metrics.size {
		return
	}
	g.metrics = metricsFor(size)
	m := g.metrics
	cols := len(g.varies)
	g.colW = make([]float32, cols)
	g.cellW = make([][]float32, len(g.rows))
	for r := range g.rows {
		g.cellW[r] = make([]float32, cols)
		for c := range cols {
			text, s := g.cellStyle(r, c)
			if text == "" {
				continue
			}
			w := fyne.MeasureText(text, m.size, fyne.TextStyle{Bold: lookOf(s, false).bold}).Width
			g.cellW[r][c] = w
			g.colW[c] = max(g.colW[c], w)
		}
	}
	g.labelW = 0
	for _, l := range g.labels {
		g.labelW = max(g.labelW, fyne.MeasureText(l, m.size, fyne.TextStyle{Bold: true}).Width)
	}
	g.labelW = min(g.labelW, maxLabelWidth)
}

// colGap is the space between columns.
const colGap = 10

func (g *alignGrid) rowH() float32    { return g.metrics.lineH + 4 }
func (g *alignGrid) bandGap() float32 { return g.metrics.lineH * 0.75 }

// bands splits the columns into bands that fit width: each band's first
// column.
func (g *alignGrid) bands(width float32) []int {
	g.measure()
	avail := width - g.labelW - colGap
	starts := []int{0}
	x := float32(0)
	for c, w := range g.colW {
		if x > 0 && x+w > avail {
			starts = append(starts, c)
			x = 0
		}
		x += w + colGap
	}
	return starts
}

func (g *alignGrid) heightFor(width float32) float32 {
	n := len(g.bands(width))
	return float32(n)*float32(len(g.rows))*g.rowH() + float32(n-1)*g.bandGap()
}

// MinSize implements fyne.Widget.
func (g *alignGrid) MinSize() fyne.Size {
	g.ExtendBaseWidget(g)
	g.measure()
	widest := float32(0)
	for _, w := range g.colW {
		widest = max(widest, w)
	}
	return fyne.NewSize(g.labelW+colGap+widest, g.heightFor(g.Size().Width))
}

// Tapped implements fyne.Tappable.
func (g *alignGrid) Tapped(ev *fyne.PointEvent) {
	if g.OnTapRow == nil {
		return
	}
	bandH := float32(len(g.rows))*g.rowH() + g.bandGap()
	y := ev.Position.Y - float32(int(ev.Position.Y/bandH))*bandH
	if r := int(y / g.rowH()); r < len(g.rows) {
		g.OnTapRow(r)
	}
}

// CreateRenderer implements fyne.Widget.
func (g *alignGrid) CreateRenderer() fyne.WidgetRenderer {
	return &alignGridRenderer{g: g, laidGen: -1}
}

type alignGridRenderer struct {
	g       *alignGrid
	texts   []*canvas.Text
	rects   []*canvas.Rectangle
	rules   []*canvas.Line
	objs    []fyne.CanvasObject
	laidW   float32
	laidGen int
	laidDk  bool
}

func (r *alignGridRenderer) Layout(size fyne.Size) {
	g := r.g
	dark := appIsDark(fyne.CurrentApp())
	if size.Width == r.laidW && r.laidGen == g.gen && r.laidDk == dark && r.objs != nil {
		return
	}
	r.laidW, r.laidGen, r.laidDk = size.Width, g.gen, dark
	starts := g.bands(size.Width)
	m := g.metrics
	th := g.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	nt, nr, nl := 0, 0, 0
	text := func(s string, x, y, w float32, look styleLook) {
		if nt == len(r.texts) {
			r.texts = append(r.texts, canvas.NewText("", nil))
		}
		t := r.texts[nt]
		nt++
		t.Text, t.TextSize = s, m.size
		t.TextStyle = fyne.TextStyle{Bold: look.bold}
		t.Color = th.Color(look.fg, v)
		t.Move(fyne.NewPos(x, y))
		t.Resize(fyne.NewSize(w, m.lineH))
	}
	rect := func(x, y, w, h float32, c color.Color) {
		if nr == len(r.rects) {
			r.rects = append(r.rects, canvas.NewRectangle(nil))
		}
		rc := r.rects[nr]
		nr++
		rc.FillColor, rc.CornerRadius = c, 3
		rc.Move(fyne.NewPos(x, y))
		rc.Resize(fyne.NewSize(w, h))
	}
	measure := func(s string) float32 { return fyne.MeasureText(s, m.size, fyne.TextStyle{Bold: true}).Width }
	y := float32(0)
	for b, c0 := range starts {
		c1 := len(g.colW)
		if b+1 < len(starts) {
			c1 = starts[b+1]
		}
		if b > 0 {
			if nl == len(r.rules) {
				r.rules = append(r.rules, canvas.NewLine(nil))
			}
			ln := r.rules[nl]
			nl++
			ln.StrokeColor, ln.StrokeWidth = th.Color(theme.ColorNameSeparator, v), 1
			ln.Position1 = fyne.NewPos(0, y-g.bandGap()/2)
			ln.Position2 = fyne.NewPos(size.Width, y-g.bandGap()/2)
		}
		for row := range g.rows {
			ry := y + float32(row)*g.rowH() + 2
			label := g.labels[row]
			if measure(label) > g.labelW {
				label = fitText(label, g.labelW, measure)
			}
			text(label, 0, ry, g.labelW, styleLook{fg: theme.ColorNamePlaceHolder, bold: true})
			x := g.labelW + colGap
			for c := c0; c < c1; c++ {
				s, st := g.cellStyle(row, c)
				if s != "" {
					look := lookOf(st, dark)
					if look.bg != nil {
						rect(x-2, ry, g.cellW[row][c]+4, m.lineH, look.bg)
					}
					text(s, x, ry, g.colW[c], look)
				}
				x += g.colW[c] + colGap
			}
		}
		y += float32(len(g.rows))*g.rowH() + g.bandGap()
	}
	r.objs = r.objs[:0]
	for _, o := range r.rects[:nr] {
		r.objs = append(r.objs, o)
	}
	for _, o := range r.rules[:nl] {
		r.objs = append(r.objs, o)
	}
	for _, o := range r.texts[:nt] {
		r.objs = append(r.objs, o)
	}
	for _, o := range r.objs {
		o.Refresh()
	}
}

func (r *alignGridRenderer) MinSize() fyne.Size { return r.g.MinSize() }

func (r *alignGridRenderer) Refresh() {
	r.laidGen = -1
	r.Layout(r.g.Size())
	canvas.Refresh(r.g)
}

func (r *alignGridRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *alignGridRenderer) Destroy() {}

// captionSeg is a stretch of a captionLine in one colour.
type captionSeg struct {
	Text  string
	Color fyne.ThemeColorName
	Bold  bool
}

// captionLine is one line of (by default small) text in a few colours, cut
// with an ellipsis where it does not fit. It is lighter than a truncating
// RichText, which shapes the whole text again on every resize; the
// comparison views have one per row.
type captionLine struct {
	widget.BaseWidget
	segs []captionSeg
	// SizeName is the text size, the caption size when empty.
	SizeName fyne.ThemeSizeName
}

var _ fyne.Widget = (*captionLine)(nil)

func newCaptionLine(segs ...captionSeg) *captionLine {
	c := &captionLine{segs: segs}
	c.ExtendBaseWidget(c)
	return c
}

// SetSegments replaces the text.
func (c *captionLine) SetSegments(segs ...captionSeg) {
	c.segs = segs
	c.Refresh()
}

// String is the whole text, as if nothing were cut.
func (c *captionLine) String() string {
	var b strings.Builder
	for _, s := range c.segs {
		b.WriteString(s.Text)
	}
	return b.String()
}

// MinSize asks for the height of a line and no width.
func (c *captionLine) MinSize() fyne.Size {
	c.ExtendBaseWidget(c)
	th := c.Theme()
	size := th.Size(c.sizeName())
	return fyne.NewSize(0, fyne.MeasureText("Mg", size, fyne.TextStyle{}).Height+th.Size(theme.SizeNameInnerPadding))
}

func (c *captionLine) sizeName() fyne.ThemeSizeName {
	if c.SizeName == "" {
		return theme.SizeNameCaptionText
	}
	return c.SizeName
}

// CreateRenderer implements fyne.Widget.
func (c *captionLine) CreateRenderer() fyne.WidgetRenderer { return &captionRenderer{c: c} }

type captionRenderer struct {
	c     *captionLine
	texts []*canvas.Text
	objs  []fyne.CanvasObject
}

func (r *captionRenderer) Layout(size fyne.Size) {
	th := r.c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	ts := th.Size(r.c.sizeName())
	pad := th.Size(theme.SizeNameInnerPadding)
	r.objs = r.objs[:0]
	x := pad
	for i, s := range r.c.segs {
		if i == len(r.texts) {
			r.texts = append(r.texts, canvas.NewText("", nil))
		}
		t := r.texts[i]
		style := fyne.TextStyle{Bold: s.Bold}
		text := s.Text
		m := fyne.MeasureText(text, ts, style)
		if x+m.Width > size.Width-pad {
			measure := func(s string) float32 { return fyne.MeasureText(s, ts, style).Width }
			text = fitText(text, size.Width-pad-x, measure)
			m = fyne.MeasureText(text, ts, style)
		}
		if text == "" {
			break
		}
		t.Text, t.TextSize, t.TextStyle = text, ts, style
		t.Color = th.Color(s.Color, v)
		t.Move(fyne.NewPos(x, (size.Height-m.Height)/2))
		t.Resize(m)
		t.Refresh()
		r.objs = append(r.objs, t)
		x += m.Width
		if text != s.Text {
			break
		}
	}
}

func (r *captionRenderer) MinSize() fyne.Size { return r.c.MinSize() }

func (r *captionRenderer) Refresh() {
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *captionRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *captionRenderer) Destroy() {}

// tickBox is a small tick box for marking rows. It draws a rectangle and
// two strokes, where widget.Check decodes two SVG icons per instance: a
// group of twenty renderings opens noticeably faster with it.
type tickBox struct {
	widget.BaseWidget
	Checked   bool
	OnChanged func(bool)
	focused   bool
}

var (
	_ fyne.Widget        = (*tickBox)(nil)
	_ fyne.Tappable      = (*tickBox)(nil)
	_ fyne.Focusable     = (*tickBox)(nil)
	_ desktop.Cursorable = (*tickBox)(nil)
)

func newTickBox(changed func(bool)) *tickBox {
	t := &tickBox{OnChanged: changed}
	t.ExtendBaseWidget(t)
	return t
}

// SetChecked ticks or unticks the box, telling OnChanged when it changes.
func (t *tickBox) SetChecked(on bool) {
	if on == t.Checked {
		return
	}
	t.Checked = on
	t.Refresh()
	if t.OnChanged != nil {
		t.OnChanged(on)
	}
}

// Tapped implements fyne.Tappable.
func (t *tickBox) Tapped(*fyne.PointEvent) { t.SetChecked(!t.Checked) }

// Cursor implements desktop.Cursorable.
func (t *tickBox) Cursor() desktop.Cursor { return desktop.PointerCursor }

// FocusGained implements fyne.Focusable.
func (t *tickBox) FocusGained() { t.focused = true; t.Refresh() }

// FocusLost implements fyne.Focusable.
func (t *tickBox) FocusLost() { t.focused = false; t.Refresh() }

// TypedRune implements fyne.Focusable: space toggles.
func (t *tickBox) TypedRune(r rune) {
	if r == ' ' {
		t.SetChecked(!t.Checked)
	}
}

// TypedKey implements fyne.Focusable.
func (t *tickBox) TypedKey(*fyne.KeyEvent) {}

// MinSize is that of a widget.Check without a label.
func (t *tickBox) MinSize() fyne.Size {
	t.ExtendBaseWidget(t)
	th := t.Theme()
	s := th.Size(theme.SizeNameInlineIcon) + 2*th.Size(theme.SizeNameInnerPadding)
	return fyne.NewSize(s, s)
}

// CreateRenderer implements fyne.Widget.
func (t *tickBox) CreateRenderer() fyne.WidgetRenderer {
	r := &tickRenderer{t: t, box: canvas.NewRectangle(nil), a: canvas.NewLine(nil), b: canvas.NewLine(nil)}
	r.box.CornerRadius = 3
	r.box.StrokeWidth = 2
	r.a.StrokeWidth, r.b.StrokeWidth = 2, 2
	r.Refresh()
	return r
}

type tickRenderer struct {
	t    *tickBox
	box  *canvas.Rectangle
	a, b *canvas.Line
}

func (r *tickRenderer) Layout(size fyne.Size) {
	th := r.t.Theme()
	s := th.Size(theme.SizeNameInlineIcon) - 4
	x, y := (size.Width-s)/2, (size.Height-s)/2
	r.box.Move(fyne.NewPos(x, y))
	r.box.Resize(fyne.NewSize(s, s))
	r.a.Position1, r.a.Position2 = fyne.NewPos(x+s*0.22, y+s*0.52), fyne.NewPos(x+s*0.42, y+s*0.72)
	r.b.Position1, r.b.Position2 = fyne.NewPos(x+s*0.42, y+s*0.72), fyne.NewPos(x+s*0.78, y+s*0.3)
}

func (r *tickRenderer) MinSize() fyne.Size { return r.t.MinSize() }

func (r *tickRenderer) Refresh() {
	th := r.t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	border := theme.ColorNameInputBorder
	if r.t.focused {
		border = theme.ColorNameFocus
	}
	if r.t.Checked {
		r.box.FillColor = th.Color(theme.ColorNamePrimary, v)
		r.box.StrokeColor = r.box.FillColor
		r.a.StrokeColor = th.Color(theme.ColorNameForegroundOnPrimary, v)
		r.b.StrokeColor = r.a.StrokeColor
		r.a.Show()
		r.b.Show()
	} else {
		r.box.FillColor = th.Color(theme.ColorNameInputBackground, v)
		r.box.StrokeColor = th.Color(border, v)
		r.a.Hide()
		r.b.Hide()
	}
	if r.t.focused && r.t.Checked {
		r.box.StrokeColor = th.Color(theme.ColorNameFocus, v)
	}
	r.Layout(r.t.Size())
	canvas.Refresh(r.t)
}

func (r *tickRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.box, r.a, r.b} }

func (r *tickRenderer) Destroy() {}
