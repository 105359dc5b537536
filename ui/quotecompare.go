package ui

import (
	"cmp"
	"context"
	"fmt"
	"image/color"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
	"factdesk/storage"
)

// CorrectionStore is what the comparison views need from the store beyond
// Store: the editor's corrections of quote matching and turning a group
// into annotations. *storage.Store satisfies it.
type CorrectionStore interface {
	SplitGroup(ctx context.Context, groupID int64, quoteIDs []int64) error
	MergeGroups(ctx context.Context, a, b int64) error
	MoveQuote(ctx context.Context, quoteID, toGroupID int64) error
	DetachQuote(ctx context.Context, quoteID int64) error
	PinCanonical(ctx context.Context, groupID, quoteID int64) error
	SetGroupSpeaker(ctx context.Context, groupID int64, speaker string) error
	GroupToAnnotations(ctx context.Context, groupID int64, tag string) ([]annotate.Annotation, error)
	Corrections(ctx context.Context, storyID int64) ([]annotate.Correction, error)
}

var _ CorrectionStore = (*storage.Store)(nil)

// quoteSnapshot is what the quote comparison shows of a story, read from
// the store in one go.
type quoteSnapshot struct {
	storyID     int64
	groups      []annotate.Group
	quotes      []annotate.Quote
	published   map[int64]time.Time // article dates
	corrections []annotate.Correction
}

// loadQuoteSnapshot reads a story's groups, quotes, article dates and
// corrections.
func loadQuoteSnapshot(ctx context.Context, st Store, storyID int64) (quoteSnapshot, error) {
	snap := quoteSnapshot{storyID: storyID, published: map[int64]time.Time{}}
	var err error
	if snap.groups, err = st.Groups(ctx, storyID); err != nil {
		return snap, err
	}
	if snap.quotes, err = st.Quotes(ctx, storage.QuoteFilter{StoryID: storyID}); err != nil {
		return snap, err
	}
	arts, err := st.Articles(ctx, storage.ArticleFilter{StoryID: storyID})
	if err != nil {
		return snap, err
	}
	for _, a := range arts {
		snap.published[a.ID] = a.Published
	}
	if snap.corrections, err = st.Corrections(ctx, storyID); err != nil {
		return snap, err
	}
	return snap, nil
}

// quoteModel is the state of the quote comparison: the story's groups as
// listed (sorted, filtered), the group shown, its reference and the mode.
// It holds no widgets.
type quoteModel struct {
	snap    quoteSnapshot
	byID    map[int64]annotate.Quote
	all     []annotate.GroupSummary
	order   annotate.GroupOrder
	filter  annotate.GroupFilter
	list    []annotate.GroupSummary // all, sorted and filtered
	groupID int64                   // group shown, 0 for none
	refID   int64                   // reference quote, 0 for the canonical text
	align   bool                    // columns instead of inline diffs
	checked map[int64]bool          // renderings ticked for a split, by first quote ID
}

// setSnapshot replaces the data. With keepQuote set, the group now
// holding that quote is shown (a correction may change a group's id);
// otherwise the group shown stays while it exists. Failing both, the first
// listed group is shown.
func (m *quoteModel) setSnapshot(s quoteSnapshot, keepQuote int64) {
	m.snap = s
	m.byID = make(map[int64]annotate.Quote, len(s.quotes))
	for _, q := range s.quotes {
		m.byID[q.ID] = q
	}
	m.all = annotate.SummarizeGroups(s.groups, s.quotes)
	m.apply()
	id := m.groupID
	if _, ok := m.group(id); !ok || keepQuote != 0 {
		id = 0
		if keepQuote != 0 {
			id = m.groupOfQuote(keepQuote)
		}
	}
	if id == 0 && len(m.list) > 0 {
		id = m.list[0].GroupID
	}
	if id != m.groupID {
		m.selectGroup(id)
		return
	}
	// Same group: keep the reference and the ticks that still apply.
	g, _ := m.group(id)
	if !slices.Contains(g.QuoteIDs, m.refID) {
		m.refID = 0
	}
	for q := range m.checked {
		if !slices.Contains(g.QuoteIDs, q) {
			delete(m.checked, q)
		}
	}
}

// apply sorts and filters the list.
func (m *quoteModel) apply() {
	m.list = annotate.FilterGroupSummaries(m.all, m.filter)
	annotate.SortGroupSummaries(m.list, m.order)
}

// selectGroup shows group id against its canonical text.
func (m *quoteModel) selectGroup(id int64) {
	m.groupID, m.refID = id, 0
	m.checked = map[int64]bool{}
}

// group finds a group of the story.
func (m *quoteModel) group(id int64) (annotate.Group, bool) {
	if id == 0 {
		return annotate.Group{}, false
	}
	for _, g := range m.snap.groups {
		if g.ID == id {
			return g, true
		}
	}
	return annotate.Group{}, false
}

// groupOfQuote is the group holding quote id, 0 for none.
func (m *quoteModel) groupOfQuote(id int64) int64 {
	for _, g := range m.snap.groups {
		if slices.Contains(g.QuoteIDs, id) {
			return g.ID
		}
	}
	return 0
}

// summary is the list line of group id.
func (m *quoteModel) summary(id int64) (annotate.GroupSummary, bool) {
	for _, s := range m.all {
		if s.GroupID == id {
			return s, true
		}
	}
	return annotate.GroupSummary{}, false
}

// view builds the comparison of the group shown.
func (m *quoteModel) view() (annotate.GroupView, error) {
	g, ok := m.group(m.groupID)
	if !ok {
		return annotate.GroupView{}, fmt.Errorf("group %d is not in the story", m.groupID)
	}
	members := make([]annotate.GroupMember, 0, len(g.QuoteIDs))
	for _, id := range g.QuoteIDs {
		if q, ok := m.byID[id]; ok {
			members = append(members, annotate.GroupMember{Quote: q, Published: m.snap.published[q.ArticleID]})
		}
	}
	return annotate.NewGroupView(g, members, m.refID)
}

// speakerConfirmed reports whether the editor set the group's speaker.
func (m *quoteModel) speakerConfirmed(g annotate.Group) bool {
	for _, c := range m.snap.corrections {
		if c.Action == annotate.CorrectSpeaker && c.Speaker == g.Speaker && slices.Contains(g.QuoteIDs, c.QuoteID) {
			return true
		}
	}
	return false
}

// checkedQuotes are the quotes of the ticked renderings of v.
func (m *quoteModel) checkedQuotes(v annotate.GroupView) (ids []int64, rows int) {
	for _, r := range v.Rows {
		if m.checked[r.QuoteIDs[0]] {
			ids = append(ids, r.QuoteIDs...)
			rows++
		}
	}
	return ids, rows
}

// groupOrderChoice is an entry of the sort menu.
type groupOrderChoice struct {
	label string
	order annotate.GroupOrder
}

// The group list's sort orders, as the sort menu names them.
var groupOrders = []groupOrderChoice{
	{"Most outlets first", annotate.ByOutlets},
	{"Most disagreement first", annotate.ByDisagreement},
	{"By speaker", annotate.BySpeaker},
}

// Display modes of a group.
const (
	modeDiff    = "Word diff"
	modeColumns = "Columns"
)

// groupMeta is the line under a group in the list and in its heading.
func groupMeta(s annotate.GroupSummary) string {
	parts := []string{cmp.Or(s.Speaker, "Speaker unknown")}
	parts = append(parts, fmt.Sprintf("%d outlet%s", len(s.Outlets), plural(len(s.Outlets))))
	if s.MinSimilarity < 1 {
		parts = append(parts, fmt.Sprintf("%.0f%% alike at worst", s.MinSimilarity*100))
	} else {
		parts = append(parts, "same words everywhere")
	}
	return strings.Join(parts, " · ")
}

// disagreementColor grades a group's lowest similarity: green for the same
// words everywhere to red for outlets that print it very differently.
func disagreementColor(sim float64) color.NRGBA {
	switch {
	case sim >= 0.999:
		return color.NRGBA{0x4c, 0xaf, 0x50, 0xff}
	case sim >= 0.9:
		return color.NRGBA{0x9c, 0xcc, 0x65, 0xff}
	case sim >= 0.75:
		return color.NRGBA{0xff, 0xb3, 0x00, 0xff}
	}
	return color.NRGBA{0xe5, 0x39, 0x35, 0xff}
}

// rowSpan is the stretch of its article a rendering covers, from its first
// part to its last.
func rowSpan(r annotate.VariantRow) annotate.Span {
	if len(r.Spans) == 0 {
		return annotate.Span{}
	}
	return annotate.Span{Start: r.Spans[0].Start, End: r.Spans[len(r.Spans)-1].End}
}

// quoteCompare is the quote comparison window of a main window: the
// current story's quote groups on the left, the renderings of the chosen
// one on the right, with the editor's corrections.
type quoteCompare struct {
	w       *window
	win     fyne.Window
	m       quoteModel
	storyID int64 // story asked for; m.snap.storyID once loaded
	seq     int   // bumps per load; stale loads are dropped
	quiet   bool  // set while the window sets its own menus

	sortSel    *widget.Select
	speakerSel *widget.Select
	outletSel  *widget.Select
	conflicts  *widget.Check
	count      *quietText
	list       *widget.List
	listHint   *widget.RichText

	detail      *fyne.Container
	detailHint  *widget.RichText
	canonical   *diffText
	groupInfo   *quietText
	conflict    *widget.Label
	refNote     *quietText
	refReset    *widget.Button
	speakerBtn  *widget.Button
	mergeBtn    *widget.Button
	splitBtn    *widget.Button
	annotateBtn *widget.Button
	mode        *widget.RadioGroup
	page        *fyne.Container
	pageLayout  *wrapColumn
	scroll      *container.Scroll

	view annotate.GroupView
	rows []*variantRowUI
	grid *alignGrid
}

// Filter menus' "everything" entries.
const (
	anySpeaker = "Any speaker"
	anyOutlet  = "All outlets"
)

func newQuoteCompare(w *window) *quoteCompare {
	qc := &quoteCompare{w: w}
	qc.win = w.app.NewWindow("Compare quotes")

	labels := make([]string, len(groupOrders))
	for i, o := range groupOrders {
		labels[i] = o.label
	}
	qc.sortSel = widget.NewSelect(labels, func(s string) {
		i := slices.IndexFunc(groupOrders, func(o groupOrderChoice) bool { return o.label == s })
		if i >= 0 && !qc.quiet {
			qc.m.order = groupOrders[i].order
			qc.listChanged()
		}
	})
	qc.quiet = true
	qc.sortSel.SetSelected(labels[0])
	qc.quiet = false
	qc.speakerSel = widget.NewSelect([]string{anySpeaker}, func(string) { qc.readFilter() })
	qc.speakerSel.Selected = anySpeaker
	qc.outletSel = widget.NewSelect([]string{anyOutlet}, func(string) { qc.readFilter() })
	qc.outletSel.Selected = anyOutlet
	qc.conflicts = widget.NewCheck("Speaker conflicts only", func(bool) { qc.readFilter() })
	qc.count = newQuietText(false)
	qc.list = widget.NewList(func() int { return len(qc.m.list) }, func() fyne.CanvasObject { return newGroupRow() },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= 0 && i < len(qc.m.list) {
				o.(*groupRow).set(qc.m.list[i])
			}
		})
	qc.list.OnSelected = func(i widget.ListItemID) {
		if qc.quiet || i < 0 || i >= len(qc.m.list) {
			return
		}
		qc.selectGroup(qc.m.list[i].GroupID)
	}
	qc.listHint = newHint("")
	heading := widget.NewLabelWithStyle("Quote groups", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	filters := container.NewVBox(
		container.NewBorder(nil, nil, heading, qc.count.RichText),
		qc.sortSel,
		container.NewGridWithColumns(2, qc.speakerSel, qc.outletSel),
		qc.conflicts,
	)
	left := container.NewBorder(filters, nil, nil, nil, container.NewStack(qc.list, container.NewPadded(qc.listHint)))

	qc.speakerBtn = widget.NewButtonWithIcon("Speaker…", theme.AccountIcon(), qc.speakerDialog)
	qc.mergeBtn = widget.NewButtonWithIcon("Merge with…", theme.ContentAddIcon(), qc.mergeDialog)
	qc.splitBtn = widget.NewButtonWithIcon("Split ticked off", theme.ContentCutIcon(), qc.splitChecked)
	qc.annotateBtn = widget.NewButtonWithIcon("Annotate group…", theme.DocumentCreateIcon(), qc.annotateDialog)
	qc.annotateBtn.Importance = widget.HighImportance
	qc.mode = widget.NewRadioGroup([]string{modeDiff, modeColumns}, func(s string) {
		if qc.quiet {
			return
		}
		qc.m.align = s == modeColumns
		qc.showGroup()
	})
	qc.mode.Horizontal, qc.mode.Required = true, true
	qc.mode.Selected = modeDiff
	tools := container.NewBorder(nil, nil,
		container.NewHBox(qc.speakerBtn, qc.mergeBtn, qc.splitBtn, qc.annotateBtn), qc.mode)

	qc.canonical = newDiffText(nil)
	qc.groupInfo = newQuietText(true)
	qc.conflict = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{})
	qc.conflict.Importance = widget.WarningImportance
	qc.conflict.Truncation = fyne.TextTruncateEllipsis
	qc.refNote = newQuietText(true)
	qc.refReset = widget.NewButton("Compare with the canonical text", func() { qc.setReference(0) })
	qc.refReset.Importance = widget.LowImportance
	qc.scroll = container.NewVScroll(nil)
	qc.pageLayout = &wrapColumn{gap: 4, viewport: func() float32 { return qc.scroll.Size().Width - theme.Padding()*2 }}
	qc.page = container.New(qc.pageLayout)
	qc.scroll.Content = container.NewPadded(qc.page)
	qc.detailHint = newHint("")
	body := container.NewBorder(container.NewVBox(container.NewPadded(tools), widget.NewSeparator()), nil, nil, nil, qc.scroll)
	qc.detail = container.NewStack(body)
	right := container.NewStack(qc.detail, container.NewPadded(qc.detailHint))

	split := container.NewHSplit(left, right)
	split.Offset = 0.3
	qc.win.SetContent(split)
	qc.win.Resize(fyne.NewSize(1280, 820))
	qc.win.SetOnClosed(func() {
		if w.quoteCmp == qc {
			w.quoteCmp = nil
		}
	})
	w.app.Settings().AddListener(func(fyne.Settings) {
		if w.quoteCmp == qc { // rebuild in the new theme's colours
			qc.list.Refresh()
			qc.showGroup()
		}
	})
	c := qc.win.Canvas()
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { qc.win.Close() })
	c.AddShortcut(compareArticlesShortcut, func(fyne.Shortcut) { w.openArticleCompare(0, 0) })
	qc.showGroup()
	return qc
}

// setStory shows story id (0: none), loading it when it changed.
func (qc *quoteCompare) setStory(id int64) {
	if id == qc.storyID {
		return
	}
	qc.storyID = id
	qc.m.selectGroup(0)
	qc.m.snap = quoteSnapshot{}
	qc.reload(0)
}

// reload reads the story again. The group now holding keepQuote (0: the
// group shown) is shown afterwards.
func (qc *quoteCompare) reload(keepQuote int64) {
	qc.seq++
	seq, st, id := qc.seq, qc.w.store, qc.storyID
	name := "no story"
	if s, ok := qc.w.nav.story(id); ok {
		name = s.Name
	}
	qc.win.SetTitle("Compare quotes — " + name)
	if id == 0 {
		qc.m.setSnapshot(quoteSnapshot{}, 0)
		qc.listChanged()
		return
	}
	qc.w.wk.read(func(ctx context.Context) func() {
		snap, err := loadQuoteSnapshot(ctx, st, id)
		return func() {
			if seq != qc.seq || st != qc.w.store {
				return
			}
			if err != nil {
				qc.fail("load quote groups", err)
				return
			}
			qc.setSnapshot(snap, keepQuote)
		}
	})
}

// setSnapshot shows freshly loaded data.
func (qc *quoteCompare) setSnapshot(snap quoteSnapshot, keepQuote int64) {
	qc.m.setSnapshot(snap, keepQuote)
	speakers := annotate.GroupSpeakers(qc.m.all)
	outlets := annotate.GroupOutlets(qc.m.all)
	qc.quiet = true
	qc.speakerSel.Options = append([]string{anySpeaker}, withSelected(speakers, qc.m.filter.Speaker)...)
	qc.outletSel.Options = append([]string{anyOutlet}, withSelected(outlets, qc.m.filter.Outlet)...)
	qc.quiet = false
	qc.listChanged()
}

// readFilter takes the filter from the menus.
func (qc *quoteCompare) readFilter() {
	if qc.quiet {
		return
	}
	f := annotate.GroupFilter{Conflict: qc.conflicts.Checked}
	if s := qc.speakerSel.Selected; s != anySpeaker {
		f.Speaker = s
	}
	if o := qc.outletSel.Selected; o != anyOutlet {
		f.Outlet = o
	}
	qc.m.filter = f
	qc.listChanged()
}

// setFilter sets the filter menus (and so the filter) to f.
func (qc *quoteCompare) setFilter(f annotate.GroupFilter) {
	qc.quiet = true
	qc.speakerSel.SetSelected(cmp.Or(f.Speaker, anySpeaker))
	qc.outletSel.SetSelected(cmp.Or(f.Outlet, anyOutlet))
	qc.conflicts.SetChecked(f.Conflict)
	qc.quiet = false
	qc.readFilter()
}

// setOrder sorts the list.
func (qc *quoteCompare) setOrder(o annotate.GroupOrder) {
	for _, x := range groupOrders {
		if x.order == o {
			qc.sortSel.SetSelected(x.label)
		}
	}
}

// listChanged re-sorts and re-filters the list and shows the group that is
// selected, if still listed.
func (qc *quoteCompare) listChanged() {
	qc.m.apply()
	if len(qc.m.list) == len(qc.m.all) {
		qc.count.SetText(fmt.Sprint(len(qc.m.all)))
	} else {
		qc.count.SetText(fmt.Sprintf("%d of %d", len(qc.m.list), len(qc.m.all)))
	}
	switch {
	case qc.storyID == 0:
		setQuiet(qc.listHint, "Choose a story in the main window.")
		qc.listHint.Show()
	case len(qc.m.all) == 0:
		setQuiet(qc.listHint, "No quote appears in more than one article of this story.")
		qc.listHint.Show()
	case len(qc.m.list) == 0:
		setQuiet(qc.listHint, "No group matches the filters.")
		qc.listHint.Show()
	default:
		qc.listHint.Hide()
	}
	if !slices.ContainsFunc(qc.m.list, func(s annotate.GroupSummary) bool { return s.GroupID == qc.m.groupID }) {
		// The group shown is filtered out: show the first listed instead.
		var first int64
		if len(qc.m.list) > 0 {
			first = qc.m.list[0].GroupID
		}
		qc.m.selectGroup(first)
	}
	qc.list.Refresh()
	qc.markSelected()
	qc.showGroup()
}

// markSelected selects the shown group's row without acting on it.
func (qc *quoteCompare) markSelected() {
	qc.quiet = true
	defer func() { qc.quiet = false }()
	i := slices.IndexFunc(qc.m.list, func(s annotate.GroupSummary) bool { return s.GroupID == qc.m.groupID })
	if i < 0 {
		qc.list.UnselectAll()
		return
	}
	qc.list.Select(i)
	qc.list.ScrollTo(i)
}

// selectGroup shows group id.
func (qc *quoteCompare) selectGroup(id int64) {
	if id == qc.m.groupID {
		return
	}
	qc.m.selectGroup(id)
	qc.markSelected()
	qc.showGroup()
}

// setReference diffs the renderings against the one holding quote id, or
// against the canonical text for 0.
func (qc *quoteCompare) setReference(id int64) {
	qc.m.refID = id
	qc.showGroup()
}

// showGroup builds the right-hand side for the group shown.
func (qc *quoteCompare) showGroup() {
	qc.rows, qc.grid = nil, nil
	g, ok := qc.m.group(qc.m.groupID)
	if !ok {
		qc.view = annotate.GroupView{}
		qc.detail.Hide()
		if len(qc.m.all) > 0 {
			setQuiet(qc.detailHint, "Choose a quote group on the left to see how each outlet printed it.")
			qc.detailHint.Show()
		} else {
			qc.detailHint.Hide()
		}
		qc.page.Objects = nil
		return
	}
	v, err := qc.m.view()
	if err != nil {
		qc.fail("compare quotes", err)
		return
	}
	qc.view = v
	qc.detailHint.Hide()
	qc.detail.Show()

	sum, _ := qc.m.summary(g.ID)
	info := groupMeta(sum)
	confirmed := qc.m.speakerConfirmed(g)
	if confirmed {
		info = strings.Replace(info, cmp.Or(g.Speaker, "Speaker unknown"), cmp.Or(g.Speaker, "Speaker unknown")+" (confirmed)", 1)
	}
	qc.groupInfo.SetText(fmt.Sprintf("%s · %d renderings", info, len(v.Rows)))
	if g.Conflict {
		if confirmed {
			qc.conflict.SetText("Outlets name different speakers; you confirmed " + cmp.Or(g.Speaker, "that nobody is known") + ".")
		} else {
			qc.conflict.SetText("Outlets name different speakers for this quote: check who said it.")
		}
		qc.conflict.Show()
	} else {
		qc.conflict.Hide()
	}
	qc.canonical.SetRuns(plainRuns("“" + g.Canonical + "”"))
	if v.ReferenceID == 0 {
		qc.refNote.SetText("Differences against the canonical text: struck words are left out, highlighted words added or changed, grey marks punctuation.")
		qc.refReset.Hide()
	} else {
		ref := v.Rows[0]
		qc.refNote.SetText("Differences against " + ref.Outlet + "’s text.")
		qc.refReset.Show()
	}
	setEnabled(qc.mergeBtn, len(qc.m.all) > 1)

	head := widget.NewLabelWithStyle("Canonical text", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	objs := []fyne.CanvasObject{
		head, inset(qc.canonical), qc.groupInfo.RichText, qc.conflict,
		container.NewBorder(nil, nil, nil, qc.refReset, qc.refNote.RichText),
		widget.NewSeparator(),
	}
	if qc.m.align {
		labels := make([]string, len(v.Rows))
		for i, r := range v.Rows {
			labels[i] = r.Outlet
		}
		refLabel := "Canonical"
		if v.ReferenceID != 0 {
			refLabel = "Reference"
		}
		qc.grid = newAlignGrid(v.Align(), refLabel, labels)
		qc.grid.OnTapRow = func(row int) {
			if row > 0 {
				qc.openRow(v.Rows[row-1])
			}
		}
		objs = append(objs, inset(qc.grid))
	} else {
		for _, r := range v.Rows {
			ru := qc.newVariantRow(r)
			qc.rows = append(qc.rows, ru)
			objs = append(objs, ru.obj)
		}
	}
	qc.page.Objects = objs
	qc.updateSplit()
	showPage(qc.scroll)
}

// updateSplit enables the split button when some but not all renderings
// are ticked.
func (qc *quoteCompare) updateSplit() {
	_, n := qc.m.checkedQuotes(qc.view)
	setEnabled(qc.splitBtn, !qc.m.align && n > 0 && n < len(qc.view.Rows))
	if n > 0 {
		qc.splitBtn.SetText(fmt.Sprintf("Split %d off", n))
	} else {
		qc.splitBtn.SetText("Split ticked off")
	}
}

// openRow opens a rendering's article in the main window, scrolled to it
// and selecting it.
func (qc *quoteCompare) openRow(r annotate.VariantRow) {
	qc.w.openSpan(r.ArticleID, rowSpan(r), r.InTitle)
}

// openSpan brings the main window forward and opens article id in a pane,
// scrolled to sp and selecting it; a span in the title only opens the
// article.
func (w *window) openSpan(id int64, sp annotate.Span, inTitle bool) {
	w.win.RequestFocus()
	if inTitle || sp.Empty() {
		w.openArticle(id, func(v *paneView) { v.reading.ScrollToFraction(0) })
		return
	}
	w.openQuote(annotate.Quote{ArticleID: id, Span: sp})
}

// variantRowUI is one rendering in the word-diff mode.
type variantRowUI struct {
	row    annotate.VariantRow
	check  *tickBox
	refBtn *widget.Button
	menu   *widget.Button
	text   *diffText
	obj    *fyne.Container
}

// rowMeta is what a rendering's header says after the outlet: date,
// speaker (in warning colours when it cannot be the group's), similarity,
// and where the quote sits.
func rowMeta(r annotate.VariantRow) []captionSeg {
	quiet := theme.ColorNamePlaceHolder
	var segs []captionSeg
	add := func(s string, c fyne.ThemeColorName, bold bool) {
		if len(segs) > 0 {
			segs = append(segs, captionSeg{Text: " · ", Color: quiet})
		}
		segs = append(segs, captionSeg{Text: s, Color: c, Bold: bold})
	}
	if !r.Published.IsZero() {
		add(r.Published.Format(annotate.DateLayout), quiet, false)
	} else {
		add("date unknown", quiet, false)
	}
	switch {
	case r.Speaker == "":
		add("names no speaker", quiet, false)
	case r.SpeakerDiffers:
		add("names "+r.Speaker, theme.ColorNameWarning, true)
	default:
		add("speaker: "+r.Speaker, quiet, false)
	}
	if !r.Reference {
		add(fmt.Sprintf("%.0f%% alike", r.Similarity*100), quiet, false)
	}
	if r.InTitle {
		add("in the headline", quiet, false)
	}
	if len(r.QuoteIDs) > 1 {
		add(fmt.Sprintf("in %d parts", len(r.QuoteIDs)), quiet, false)
	}
	return segs
}

func (qc *quoteCompare) newVariantRow(r annotate.VariantRow) *variantRowUI {
	ru := &variantRowUI{row: r}
	first := r.QuoteIDs[0]
	ru.check = newTickBox(func(on bool) {
		if on {
			qc.m.checked[first] = true
		} else {
			delete(qc.m.checked, first)
		}
		qc.updateSplit()
	})
	ru.check.Checked = qc.m.checked[first]
	outlet := widget.NewLabelWithStyle(r.Outlet, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	meta := newCaptionLine(rowMeta(r)...)
	ru.menu = widget.NewButton("…", nil)
	ru.menu.Importance = widget.LowImportance
	ru.menu.OnTapped = func() { qc.showRowMenu(ru) }
	buttons := container.NewHBox(ru.menu)
	if r.Reference {
		badge := widget.NewLabelWithStyle("Reference", fyne.TextAlignTrailing, fyne.TextStyle{Italic: true})
		badge.Importance = widget.LowImportance
		buttons.Objects = append([]fyne.CanvasObject{badge}, buttons.Objects...)
	} else {
		ru.refBtn = widget.NewButton("Use as reference", func() { qc.setReference(first) })
		ru.refBtn.Importance = widget.LowImportance
		buttons.Objects = append([]fyne.CanvasObject{ru.refBtn}, buttons.Objects...)
	}
	header := container.NewBorder(nil, nil, ru.check, buttons, container.NewBorder(nil, nil, outlet, nil, meta))
	if r.Reference {
		ru.text = newDiffText(plainRuns(r.Text))
	} else {
		ru.text = newDiffText(variantRuns(r.Ops))
	}
	ru.text.OnTapped = func() { qc.openRow(r) }
	bg := canvas.NewRectangle(color.Transparent)
	if r.Reference {
		bg.FillColor = theme.Color(theme.ColorNameHover)
	}
	bg.CornerRadius = 4
	indent := ru.check.MinSize().Width + theme.Padding() + theme.InnerPadding()
	ru.obj = container.New(&variantRowLayout{indent: indent}, bg, header, ru.text)
	return ru
}

// showRowMenu pops up a rendering's actions under its menu button.
func (qc *quoteCompare) showRowMenu(ru *variantRowUI) {
	c := qc.win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(ru.menu).Add(fyne.NewPos(0, ru.menu.Size().Height))
	widget.ShowPopUpMenuAtPosition(qc.rowMenu(ru.row), c, pos)
}

// rowMenu is the actions on one rendering.
func (qc *quoteCompare) rowMenu(r annotate.VariantRow) *fyne.Menu {
	open := fyne.NewMenuItem("Open in the reading pane", func() { qc.openRow(r) })
	ref := fyne.NewMenuItem("Use as reference", func() { qc.setReference(r.QuoteIDs[0]) })
	ref.Disabled = r.Reference
	pin := fyne.NewMenuItem("Mark as the canonical text", func() { qc.pinCanonical(r) })
	g, _ := qc.m.group(qc.m.groupID)
	pin.Disabled = r.Text == g.Canonical || len(r.QuoteIDs) > 1
	if len(r.QuoteIDs) > 1 {
		pin.Label = "Mark as the canonical text (not for a quote printed in parts)"
	}
	move := fyne.NewMenuItem("Move to another group…", func() { qc.moveDialog(r) })
	move.Disabled = len(qc.m.all) < 2
	detach := fyne.NewMenuItem("Take out of this group", func() { qc.detach(r) })
	return fyne.NewMenu("", open, ref, fyne.NewMenuItemSeparator(), pin, move, detach)
}

// variantRowLayout lays out a rendering: a background, the header on top,
// the text under it, indented past the tick box.
type variantRowLayout struct {
	indent float32
}

var _ heightForLayout = (*variantRowLayout)(nil)

const rowPad = 4

func (l *variantRowLayout) heightFor(objs []fyne.CanvasObject, width float32) float32 {
	return objs[1].MinSize().Height + objectHeight(objs[2], width-l.indent-rowPad) + rowPad*2
}

// MinSize implements fyne.Layout.
func (l *variantRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	head, text := objs[1].MinSize(), objs[2].MinSize()
	return fyne.NewSize(max(head.Width, text.Width+l.indent), head.Height+text.Height+rowPad*2)
}

// Layout implements fyne.Layout.
func (l *variantRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	hh := objs[1].MinSize().Height
	objs[1].Move(fyne.NewPos(0, 0))
	objs[1].Resize(fyne.NewSize(size.Width, hh))
	tw := size.Width - l.indent - rowPad
	objs[2].Move(fyne.NewPos(l.indent, hh))
	objs[2].Resize(fyne.NewSize(tw, objectHeight(objs[2], tw)))
}

// groupRow is a line of the group list: a bar coloured by how much the
// outlets disagree, the canonical text, and what the group is.
type groupRow struct {
	widget.BaseWidget
	bar      *canvas.Rectangle
	text     *captionLine
	meta     *captionLine
	conflict *widget.Icon
	content  *fyne.Container
}

func newGroupRow() *groupRow {
	r := &groupRow{}
	r.bar = canvas.NewRectangle(color.Transparent)
	r.bar.SetMinSize(fyne.NewSize(5, 5))
	r.bar.CornerRadius = 2
	r.text = newCaptionLine()
	r.text.SizeName = theme.SizeNameText
	r.meta = newCaptionLine()
	r.conflict = widget.NewIcon(theme.WarningIcon())
	r.content = container.NewBorder(nil, nil, r.bar, nil, container.NewVBox(r.text, container.NewBorder(nil, nil, nil, r.conflict, r.meta)))
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *groupRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.content)
}

func (r *groupRow) set(s annotate.GroupSummary) {
	r.bar.FillColor = disagreementColor(s.MinSimilarity)
	r.bar.Refresh()
	r.text.SetSegments(captionSeg{Text: "“" + collapseSpace(s.Canonical) + "”", Color: theme.ColorNameForeground})
	r.meta.SetSegments(captionSeg{Text: groupMeta(s), Color: theme.ColorNamePlaceHolder})
	if s.Conflict {
		r.conflict.Show()
	} else {
		r.conflict.Hide()
	}
}

// compareQuotesShortcut is Ctrl+K, View → Compare quotes.
var compareQuotesShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyK, Modifier: fyne.KeyModifierShortcutDefault}

// openQuoteCompare is View → Compare quotes: the comparison window for the
// current story, opened or brought forward.
func (w *window) openQuoteCompare() {
	if w.quoteCmp == nil {
		w.quoteCmp = newQuoteCompare(w)
	}
	w.quoteCmp.setStory(w.storyID)
	w.quoteCmp.win.Show()
	w.quoteCmp.win.RequestFocus()
}

// syncCompareWindows makes open comparison windows follow the main
// window's story; with reload they read it again too.
func (w *window) syncCompareWindows(reload bool) {
	if qc := w.quoteCmp; qc != nil {
		if qc.storyID != w.storyID {
			qc.setStory(w.storyID)
		} else if reload {
			qc.reload(0)
		}
	}
	if ac := w.articleCmp; ac != nil {
		if ac.storyID != w.storyID {
			ac.setStory(w.storyID, 0, 0)
		} else if reload {
			ac.reload()
		}
	}
}
