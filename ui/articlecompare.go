package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
)

// sentencePair is a row of the article comparison: sentences of the left
// article beside sentences of the right one.
type sentencePair struct {
	// A and B are sentence indices into Alignment.A and Alignment.B; a
	// side is empty when it has nothing here.
	A, B []int
	// Link is the index in Alignment.Links of the link the row shows, -1
	// for sentences unique to their side.
	Link int
	// Moved is true when the right article prints the shared sentence
	// earlier than the rows above show it: it moved the sentence up.
	Moved bool
}

// sentencePairs lays an alignment out in rows, in the left article's
// order. A linked sentence of the right article sits beside its
// counterpart; the right article's own sentences come in its order
// between the links around them, beside the left article's own sentences
// there, so that a gap on one side shows what the other added.
func sentencePairs(al annotate.Alignment) []sentencePair {
	var rows []sentencePair
	var pendA []int
	nextB := 0
	gap := func(bEnd int) {
		var pendB []int
		for b := nextB; b < bEnd; b++ {
			if al.LinkOfB[b] < 0 {
				pendB = append(pendB, b)
			}
		}
		for k := range max(len(pendA), len(pendB)) {
			r := sentencePair{Link: -1}
			if k < len(pendA) {
				r.A = []int{pendA[k]}
			}
			if k < len(pendB) {
				r.B = []int{pendB[k]}
			}
			rows = append(rows, r)
		}
		pendA = pendA[:0]
		nextB = max(nextB, bEnd)
	}
	for i := range al.A {
		l := al.LinkOfA[i]
		if l < 0 {
			pendA = append(pendA, i)
			continue
		}
		link := al.Links[l]
		if link.A[0] != i {
			continue // the second sentence of a sentence the right article joined
		}
		b0, b1 := link.B[0], link.B[len(link.B)-1]
		moved := b0 < nextB
		gap(max(b0, nextB))
		rows = append(rows, sentencePair{A: link.A, B: link.B, Link: l, Moved: moved})
		nextB = max(nextB, b1+1)
	}
	gap(len(al.B))
	return rows
}

// sharedSentences counts the sentences of each side that are linked.
func sharedSentences(al annotate.Alignment) (a, b int) {
	for _, l := range al.LinkOfA {
		if l >= 0 {
			a++
		}
	}
	for _, l := range al.LinkOfB {
		if l >= 0 {
			b++
		}
	}
	return a, b
}

// articleChoice names an article in the pickers.
func articleChoice(a annotate.Article) string {
	s := a.Outlet + " — " + articleTitle(a)
	if d := formatDate(a); d != "" {
		s += " (" + d + ")"
	}
	return s
}

// defaultPair picks the two articles a comparison opens on: a and b when
// set, else the articles of the first panes that belong to the story,
// else the story's first articles.
func defaultPair(story []annotate.Article, panes []int64, a, b int64) (int64, int64) {
	in := func(id int64) bool {
		return slices.ContainsFunc(story, func(x annotate.Article) bool { return x.ID == id })
	}
	var picked []int64
	add := func(id int64) {
		if id != 0 && in(id) && !slices.Contains(picked, id) && len(picked) < 2 {
			picked = append(picked, id)
		}
	}
	add(a)
	add(b)
	for _, id := range panes {
		add(id)
	}
	for _, x := range story {
		add(x.ID)
	}
	for len(picked) < 2 {
		picked = append(picked, 0)
	}
	return picked[0], picked[1]
}

// coverageInputs are the bodies Coverage reads, in the story's order.
func coverageInputs(story []annotate.Article, bodies map[int64]annotate.Article) []annotate.CoverageInput {
	in := make([]annotate.CoverageInput, 0, len(story))
	for _, a := range story {
		if full, ok := bodies[a.ID]; ok {
			in = append(in, annotate.CoverageInput{ArticleID: a.ID, Outlet: a.Outlet, Body: full.Body})
		}
	}
	return in
}

// articleCompare is the article comparison window of a main window: two
// articles of the current story side by side, sentence by sentence, next
// to the story's coverage summary.
type articleCompare struct {
	w       *window
	win     fyne.Window
	storyID int64
	story   []annotate.Article         // the story's articles, without bodies
	bodies  map[int64]annotate.Article // with bodies, once loaded
	cov     annotate.CoverageSummary
	aID     int64
	bID     int64
	al      annotate.Alignment
	pairs   []sentencePair
	seq     int
	quiet   bool
	// stopCoverage stops the coverage being worked out, if any.
	stopCoverage context.CancelFunc

	leftSel  *widget.Select
	rightSel *widget.Select
	choices  []int64 // article ids in picker order
	headA    *articleHead
	headB    *articleHead
	legend   *quietText
	page     *fyne.Container
	scroll   *container.Scroll
	covBox   *fyne.Container
	hint     *widget.RichText
	body     *fyne.Container
	rows     []*pairRowUI
}

// articleHead is the heading of one side: outlet, date, title, and how
// much of it the other side shares.
type articleHead struct {
	outlet *widget.Label
	meta   *quietText
	title  *widget.Label
	obj    fyne.CanvasObject
}

func newArticleHead() *articleHead {
	h := &articleHead{}
	h.outlet = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.meta = newQuietText(true)
	h.title = widget.NewLabel("")
	h.title.Truncation = fyne.TextTruncateEllipsis
	h.obj = container.New(&tightVBox{}, container.NewBorder(nil, nil, h.outlet, nil, h.meta.RichText), h.title)
	return h
}

func (h *articleHead) set(a annotate.Article, shared, total int) {
	h.outlet.SetText(a.Outlet)
	parts := []string{}
	if d := formatDate(a); d != "" {
		parts = append(parts, d)
	}
	parts = append(parts, fmt.Sprintf("%d of %d sentences shared", shared, total))
	h.meta.SetText(strings.Join(parts, " · "))
	h.title.SetText(articleTitle(a))
}

func newArticleCompare(w *window) *articleCompare {
	ac := &articleCompare{w: w, bodies: map[int64]annotate.Article{}}
	ac.win = w.app.NewWindow("Compare articles")
	ac.leftSel = widget.NewSelect(nil, func(string) { ac.picked() })
	ac.rightSel = widget.NewSelect(nil, func(string) { ac.picked() })
	swap := widget.NewButton("Swap", ac.swap)
	swap.Importance = widget.LowImportance
	pickers := container.NewBorder(nil, nil, nil, nil,
		container.NewGridWithColumns(2,
			container.NewBorder(nil, nil, widget.NewLabel("Left"), swap, ac.leftSel),
			container.NewBorder(nil, nil, widget.NewLabel("Right"), nil, ac.rightSel)))
	ac.headA, ac.headB = newArticleHead(), newArticleHead()
	heads := container.New(&pairRowLayout{}, canvas.NewRectangle(color.Transparent), ac.headA.obj,
		canvas.NewRectangle(color.Transparent), canvas.NewRectangle(color.Transparent), ac.headB.obj)
	ac.legend = newQuietText(true)
	ac.legend.SetText("Tinted sentences appear in both, in the same tint; plain ones in one only. " +
		"Left: struck words the right article leaves out. Right: highlighted words it adds or changes. ≈ near copy, = same words.")
	ac.scroll = container.NewVScroll(nil)
	pl := &wrapColumn{gap: 3, viewport: func() float32 { return ac.scroll.Size().Width - theme.Padding()*2 }}
	ac.page = container.New(pl)
	ac.scroll.Content = container.NewPadded(ac.page)
	ac.body = container.NewBorder(
		container.NewVBox(container.NewPadded(heads), ac.legend.RichText, widget.NewSeparator()), nil, nil, nil, ac.scroll)
	ac.hint = newHint("")
	ac.covBox = container.NewVBox()
	covScroll := container.NewVScroll(container.NewPadded(ac.covBox))
	right := container.NewStack(ac.body, container.NewPadded(ac.hint))
	split := container.NewHSplit(covScroll, right)
	split.Offset = 0.24
	ac.win.SetContent(container.NewBorder(container.NewVBox(container.NewPadded(pickers), widget.NewSeparator()), nil, nil, nil, split))
	ac.win.Resize(fyne.NewSize(1400, 860))
	ac.win.SetOnClosed(func() {
		ac.cancelCoverage()
		if w.articleCmp == ac {
			w.articleCmp = nil
		}
	})
	w.app.Settings().AddListener(func(fyne.Settings) {
		if w.articleCmp == ac { // rebuild in the new theme's colours
			ac.showCoverage()
			ac.showPair()
		}
	})
	c := ac.win.Canvas()
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { ac.win.Close() })
	c.AddShortcut(compareQuotesShortcut, func(fyne.Shortcut) { w.openQuoteCompare() })
	ac.showPair()
	return ac
}

// setStory shows story id, comparing articles a and b (0: the defaults),
// and reads the story's bodies and coverage when the story changed.
func (ac *articleCompare) setStory(id, a, b int64) {
	if id != ac.storyID || len(ac.bodies) == 0 {
		ac.storyID = id
		ac.aID, ac.bID = a, b
		ac.reload()
		return
	}
	if a == 0 && b == 0 && ac.aID != 0 && ac.bID != 0 {
		return // brought forward: keep the pair the editor chose
	}
	ac.aID, ac.bID = defaultPair(ac.story, ac.w.paneArticles(), a, b)
	ac.fillPickers()
	ac.showPair()
}

// reload reads the story's articles with their bodies, off the UI
// goroutine, shows the pair, and then works out the story's coverage.
func (ac *articleCompare) reload() {
	ac.seq++
	ac.cancelCoverage()
	seq, st, id := ac.seq, ac.w.store, ac.storyID
	story := slices.Clone(ac.w.articles[id])
	name := "no story"
	if s, ok := ac.w.nav.story(id); ok {
		name = s.Name
	}
	ac.win.SetTitle("Compare articles — " + name)
	if id == 0 {
		ac.story, ac.bodies, ac.cov = nil, map[int64]annotate.Article{}, annotate.CoverageSummary{}
		ac.aID, ac.bID = 0, 0
		ac.fillPickers()
		ac.showCoverage()
		ac.showPair()
		return
	}
	// The pickers and a loading note at once; the bodies follow.
	ac.story, ac.bodies, ac.cov = story, map[int64]annotate.Article{}, annotate.CoverageSummary{}
	ac.fillPickers()
	ac.showCoverage()
	ac.showPair()
	ac.w.wk.read(func(ctx context.Context) func() {
		bodies := make(map[int64]annotate.Article, len(story))
		var errs []error
		for _, a := range story {
			full, err := st.Article(ctx, a.ID)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			bodies[a.ID] = full
		}
		return func() {
			if seq != ac.seq || st != ac.w.store {
				return
			}
			if err := errors.Join(errs...); err != nil {
				ac.fail("load articles to compare", err)
			}
			ac.story, ac.bodies, ac.cov = story, bodies, annotate.CoverageSummary{}
			ac.aID, ac.bID = defaultPair(story, ac.w.paneArticles(), ac.aID, ac.bID)
			ac.fillPickers()
			ac.showPair()
			ac.workOutCoverage(seq, st, story, bodies)
		}
	})
}

// workOutCoverage works out the story's coverage off the UI goroutine while
// the pair is already shown: it aligns every pair of articles, which takes
// seconds in a story of a few hundred. A later reload, or closing either
// window, stops it.
func (ac *articleCompare) workOutCoverage(seq int, st Store, story []annotate.Article, bodies map[int64]annotate.Article) {
	ctx, cancel := context.WithCancel(ac.w.wk.ctx)
	ac.stopCoverage = cancel
	busy := widget.NewProgressBarInfinite()
	ac.covBox.Objects = []fyne.CanvasObject{
		widget.NewLabelWithStyle("Coverage", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel(fmt.Sprintf("Comparing %d articles with each other…", len(story))),
		busy,
	}
	ac.covBox.Refresh()
	ac.w.wk.read(func(context.Context) func() {
		cov, err := annotate.Coverage(ctx, coverageInputs(story, bodies))
		return func() {
			busy.Stop()
			if seq != ac.seq || st != ac.w.store || err != nil {
				return // stopped: a newer reload shows its own
			}
			ac.stopCoverage = nil
			cancel()
			ac.cov = cov
			ac.showCoverage()
		}
	})
}

// cancelCoverage stops the coverage being worked out, if any.
func (ac *articleCompare) cancelCoverage() {
	if ac.stopCoverage != nil {
		ac.stopCoverage()
		ac.stopCoverage = nil
	}
}

// fail reports an error in the main window's status bar and in a dialog
// over this window.
func (ac *articleCompare) fail(what string, err error) {
	err = fmt.Errorf("%s: %w", what, err)
	ac.w.note("Error: " + err.Error())
	dialog.ShowError(err, ac.win)
}

// paneArticles are the articles the main window's panes show, left to
// right.
func (w *window) paneArticles() []int64 {
	var ids []int64
	for _, v := range w.panes.list.items {
		if v.article.ID != 0 {
			ids = append(ids, v.article.ID)
		}
	}
	return ids
}

// fillPickers lists the story's articles in both pickers and selects the
// pair shown.
func (ac *articleCompare) fillPickers() {
	ac.quiet = true
	defer func() { ac.quiet = false }()
	ac.choices = ac.choices[:0]
	var labels []string
	for _, a := range ac.story {
		label := articleChoice(a)
		if slices.Contains(labels, label) {
			label += fmt.Sprintf(" #%d", a.ID)
		}
		labels = append(labels, label)
		ac.choices = append(ac.choices, a.ID)
	}
	for _, sel := range []*widget.Select{ac.leftSel, ac.rightSel} {
		sel.Options = labels
		sel.ClearSelected()
	}
	if i := slices.Index(ac.choices, ac.aID); i >= 0 {
		ac.leftSel.SetSelectedIndex(i)
	}
	if i := slices.Index(ac.choices, ac.bID); i >= 0 {
		ac.rightSel.SetSelectedIndex(i)
	}
}

// picked follows the pickers.
func (ac *articleCompare) picked() {
	if ac.quiet {
		return
	}
	if i := ac.leftSel.SelectedIndex(); i >= 0 {
		ac.aID = ac.choices[i]
	}
	if i := ac.rightSel.SelectedIndex(); i >= 0 {
		ac.bID = ac.choices[i]
	}
	ac.showPair()
}

// swap exchanges the two sides.
func (ac *articleCompare) swap() {
	ac.aID, ac.bID = ac.bID, ac.aID
	ac.fillPickers()
	ac.showPair()
}

// showPair aligns the two articles chosen and builds the rows.
func (ac *articleCompare) showPair() {
	ac.rows = nil
	a, okA := ac.bodies[ac.aID]
	b, okB := ac.bodies[ac.bID]
	switch {
	case ac.storyID == 0:
		setQuiet(ac.hint, "Choose a story in the main window.")
	case len(ac.story) < 2:
		setQuiet(ac.hint, "This story has a single article: import another outlet's to compare them.")
	case !okA || !okB:
		setQuiet(ac.hint, "Loading the articles…")
	case ac.aID == ac.bID:
		setQuiet(ac.hint, "Choose two different articles.")
	default:
		ac.hint.Hide()
		ac.body.Show()
		ac.al = annotate.AlignArticles(a.Body, b.Body)
		ac.pairs = sentencePairs(ac.al)
		sa, sb := sharedSentences(ac.al)
		ac.headA.set(a, sa, len(ac.al.A))
		ac.headB.set(b, sb, len(ac.al.B))
		ac.page.Objects = ac.buildRows(a, b)
		showPage(ac.scroll)
		return
	}
	ac.hint.Show()
	ac.body.Hide()
	ac.page.Objects = nil
}

// buildRows makes the widgets of the sentence rows.
func (ac *articleCompare) buildRows(a, b annotate.Article) []fyne.CanvasObject {
	ta, tb := annotate.NewText(a.Body), annotate.NewText(b.Body)
	dark := ac.w.dark()
	objs := make([]fyne.CanvasObject, 0, len(ac.pairs))
	for _, p := range ac.pairs {
		r := newPairRow(ac, p, ta, tb, a.ID, b.ID, dark)
		ac.rows = append(ac.rows, r)
		objs = append(objs, r.obj)
	}
	return objs
}

// sideSpan is the stretch of text sentences idx cover.
func sideSpan(sents []annotate.Span, idx []int) annotate.Span {
	if len(idx) == 0 {
		return annotate.Span{}
	}
	return annotate.Span{Start: sents[idx[0]].Start, End: sents[idx[len(idx)-1]].End}
}

// pairRowUI is one row of the article comparison.
type pairRowUI struct {
	pair sentencePair
	a, b *diffText
	mark string
	obj  *fyne.Container
}

func newPairRow(ac *articleCompare, p sentencePair, ta, tb annotate.Text, aID, bID int64, dark bool) *pairRowUI {
	r := &pairRowUI{pair: p}
	spA, spB := sideSpan(ac.al.A, p.A), sideSpan(ac.al.B, p.B)
	var runsA, runsB []diffRun
	if len(p.A) > 0 {
		runsA = plainRuns(ta.Slice(spA))
	}
	if len(p.B) > 0 {
		runsB = plainRuns(tb.Slice(spB))
	}
	bgA, bgB := canvas.NewRectangle(color.Transparent), canvas.NewRectangle(color.Transparent)
	bgA.CornerRadius, bgB.CornerRadius = 4, 4
	if p.Link >= 0 {
		link := ac.al.Links[p.Link]
		if len(link.Ops) > 0 {
			runsA, runsB = sideRuns(link.Ops)
		}
		tint := linkTint(p.Link, dark)
		bgA.FillColor, bgB.FillColor = tint, tint
		if link.Exact {
			r.mark = "="
		} else {
			r.mark = fmt.Sprintf("≈%.0f%%", link.Similarity*100)
		}
		if p.Moved {
			r.mark += "\nmoved"
		}
	}
	r.a, r.b = newDiffText(runsA), newDiffText(runsB)
	if len(p.A) > 0 {
		r.a.OnTapped = func() { ac.w.openSpan(aID, spA, false) }
	}
	if len(p.B) > 0 {
		r.b.OnTapped = func() { ac.w.openSpan(bID, spB, false) }
	}
	gutter := newGutterMark(r.mark)
	r.obj = container.New(&pairRowLayout{}, bgA, r.a, gutter, bgB, r.b)
	return r
}

// gutterMark is the link sign between the two sides of a row.
func newGutterMark(mark string) fyne.CanvasObject {
	lines := strings.Split(mark, "\n")
	box := container.NewVBox()
	for _, l := range lines {
		t := canvas.NewText(l, theme.Color(theme.ColorNamePlaceHolder))
		t.TextSize = theme.Size(theme.SizeNameCaptionText)
		t.Alignment = fyne.TextAlignCenter
		box.Add(t)
	}
	return box
}

// pairRowLayout puts two cells side by side with a gutter between:
// objects are the left background and text, the gutter, the right
// background and text.
type pairRowLayout struct{}

var _ heightForLayout = (*pairRowLayout)(nil)

const (
	gutterWidth = 46
	cellPad     = 5
)

func (l *pairRowLayout) colWidth(width float32) float32 { return (width - gutterWidth) / 2 }

func (l *pairRowLayout) heightFor(objs []fyne.CanvasObject, width float32) float32 {
	cw := l.colWidth(width) - 2*cellPad
	h := max(objectHeight(objs[1], cw), objectHeight(objs[4], cw), objs[2].MinSize().Height)
	return h + 2*cellPad
}

// MinSize implements fyne.Layout.
func (l *pairRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[1].MinSize(), objs[4].MinSize()
	return fyne.NewSize(2*(max(a.Width, b.Width)+2*cellPad)+gutterWidth, max(a.Height, b.Height, objs[2].MinSize().Height)+2*cellPad)
}

// Layout implements fyne.Layout.
func (l *pairRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	cw := l.colWidth(size.Width)
	for i, x := range []float32{0, cw + gutterWidth} {
		bg, text := objs[i*3], objs[i*3+1]
		bg.Move(fyne.NewPos(x, 0))
		bg.Resize(fyne.NewSize(cw, size.Height))
		text.Move(fyne.NewPos(x+cellPad, cellPad))
		text.Resize(fyne.NewSize(cw-2*cellPad, size.Height-2*cellPad))
	}
	g := objs[2]
	gh := g.MinSize().Height
	g.Move(fyne.NewPos(cw, (size.Height-gh)/2))
	g.Resize(fyne.NewSize(gutterWidth, gh))
}

// showCoverage fills the coverage summary: per outlet the share of its
// words other articles share, near-copy clusters, independent sources.
func (ac *articleCompare) showCoverage() {
	cov := ac.cov
	objs := []fyne.CanvasObject{widget.NewLabelWithStyle("Coverage", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	if len(cov.Articles) == 0 {
		ac.covBox.Objects = objs
		ac.covBox.Refresh()
		return
	}
	summary := widget.NewLabel(fmt.Sprintf("%d article%s, %d independent source%s",
		len(cov.Articles), plural(len(cov.Articles)), cov.Sources, plural(cov.Sources)))
	summary.Wrapping = fyne.TextWrapWord
	objs = append(objs, summary)
	clusterOf := map[string][]int{} // outlet -> clusters of its articles
	for _, a := range cov.Articles {
		if a.Cluster >= 0 && !slices.Contains(clusterOf[a.Outlet], a.Cluster) {
			clusterOf[a.Outlet] = append(clusterOf[a.Outlet], a.Cluster)
		}
	}
	dark := ac.w.dark()
	for _, o := range cov.Outlets {
		name := widget.NewLabelWithStyle(o.Outlet, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.Truncation = fyne.TextTruncateEllipsis
		var badges []fyne.CanvasObject
		for _, k := range clusterOf[o.Outlet] {
			badges = append(badges, newBadge(fmt.Sprintf("copy %d", k+1), linkTint(k, dark)))
		}
		detail := newQuietText(true)
		what := fmt.Sprintf("%.0f%% of %d words shared", o.Shared*100, o.Words)
		if o.Articles > 1 {
			what += fmt.Sprintf(" · %d articles", o.Articles)
		}
		detail.SetText(what)
		objs = append(objs, container.New(&tightVBox{},
			container.NewBorder(nil, nil, nil, container.NewCenter(container.NewHBox(badges...)), name),
			newShareBar(float32(o.Shared)),
			detail.RichText))
	}
	if len(cov.Clusters) > 0 {
		objs = append(objs, widget.NewSeparator(),
			widget.NewLabelWithStyle("Near-copies (syndicated)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		outletOf := map[int64]string{}
		for _, a := range cov.Articles {
			outletOf[a.ArticleID] = a.Outlet
		}
		for k, cl := range cov.Clusters {
			var names []string
			for _, id := range cl {
				names = append(names, outletOf[id])
			}
			l := widget.NewLabel(strings.Join(names, ", ") + ": one source.")
			l.Wrapping = fyne.TextWrapWord
			objs = append(objs, container.NewBorder(nil, nil,
				container.NewCenter(newBadge(fmt.Sprintf("copy %d", k+1), linkTint(k, dark))), nil, l))
		}
	}
	ac.covBox.Objects = objs
	ac.covBox.Refresh()
}

// newBadge is a short label on a tinted rounded background.
func newBadge(text string, tint color.Color) fyne.CanvasObject {
	bg := canvas.NewRectangle(tint)
	bg.CornerRadius = 6
	t := canvas.NewText(text, theme.Color(theme.ColorNameForeground))
	t.TextSize = theme.Size(theme.SizeNameCaptionText)
	return container.NewStack(bg, container.New(&padLayout{x: 6, y: 2}, t))
}

// padLayout pads its objects by x and y.
type padLayout struct{ x, y float32 }

// MinSize implements fyne.Layout.
func (l *padLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.Add(fyne.NewSize(2*l.x, 2*l.y))
}

// Layout implements fyne.Layout.
func (l *padLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(l.x, l.y))
		o.Resize(size.Subtract(fyne.NewSize(2*l.x, 2*l.y)))
	}
}

// newShareBar is a thin bar filled to share (0..1).
func newShareBar(share float32) fyne.CanvasObject {
	track := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	track.CornerRadius = 2
	fill := canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	fill.CornerRadius = 2
	return container.New(&shareLayout{share: min(max(share, 0), 1)}, track, fill)
}

// shareLayout draws a track full width and a fill a share of it.
type shareLayout struct{ share float32 }

// MinSize implements fyne.Layout.
func (l *shareLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(40, 10) }

// Layout implements fyne.Layout.
func (l *shareLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	h := float32(6)
	y := (size.Height - h) / 2
	objs[0].Move(fyne.NewPos(0, y))
	objs[0].Resize(fyne.NewSize(size.Width, h))
	objs[1].Move(fyne.NewPos(0, y))
	objs[1].Resize(fyne.NewSize(size.Width*l.share, h))
}

// compareArticlesShortcut is Ctrl+Shift+K, View → Compare articles.
var compareArticlesShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyK,
	Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}

// openArticleCompare is View → Compare articles: the comparison window for
// the current story, on articles a and b (0: the first panes' articles).
func (w *window) openArticleCompare(a, b int64) {
	if w.articleCmp == nil {
		w.articleCmp = newArticleCompare(w)
	}
	w.articleCmp.setStory(w.storyID, a, b)
	w.articleCmp.win.Show()
	w.articleCmp.win.RequestFocus()
}
