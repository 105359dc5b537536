package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
)

// factForm is an open New fact or Add to fact dialog.
type factForm struct {
	dlg         *dialog.FormDialog
	passages    []factPassage
	text        *widget.Entry  // new fact
	status      *widget.Select // new fact
	note        *widget.Entry  // new fact
	fact        *widget.Select // add to fact
	contradicts *widget.Check  // add to fact
	factIDs     []int64        // fact ids in fact.Options order
}

// statusOptions are the statuses for a menu, in display order.
func statusOptions() []string {
	out := make([]string, len(annotate.Statuses))
	for i, s := range annotate.Statuses {
		out[i] = string(s)
	}
	return out
}

// factsPanel lists the current story's facts, each with the outlets that
// support it, contradict it and are silent (syndicated copies counted once,
// as annotate.BuildFactSheet counts them), and edits the selected one. The
// facts come from one read of the store (FactSheetInput), which the export
// preview shares.
type factsPanel struct {
	w *window

	input    annotate.FactSheetInput // as last read
	sheet    annotate.FactSheet      // built from input
	storyID  int64                   // story of input; 0 before the first load
	loaded   bool
	seq      int             // bumps per load; stale loads are dropped
	selected int64           // selected fact, 0 for none
	selectID int64           // fact to select once the next load lands
	watchers []*factsWatcher // told after each load (the export dialog)
	marking  bool            // set while the panel selects a row itself

	// The fact being edited, as last saved, and the edit waiting to be.
	cur     annotate.Fact
	edit    pendingEdit // "text" or "note" while a debounced save waits
	saving  int         // fact saves queued and not yet back
	filling bool        // set while fields are filled, so their callbacks stay quiet

	reloadStop func() bool // a reload waiting after an annotation change
	loadStop   func()      // stops the load under way, if any

	form    *factForm             // the open New fact / Add to fact dialog, if any
	confirm *dialog.ConfirmDialog // the open Delete fact question, if any

	tabs  *container.AppTabs
	tab   *container.TabItem
	story *quietText
	count *quietText
	list  *widget.List
	empty *widget.RichText
	obj   fyne.CanvasObject

	hint          *widget.RichText
	detail        *fyne.Container
	text          *widget.Entry
	status        *widget.Select
	note          *widget.Entry
	supporters    *widget.Label
	contradictors *widget.Label
	silent        *widget.Label
	supportHead   *widget.Label
	contraHead    *widget.Label
	supporting    *fyne.Container
	contradicting *fyne.Container
	del           *widget.Button
}

func newFactsPanel(w *window) *factsPanel {
	p := &factsPanel{w: w}
	heading := widget.NewLabelWithStyle("Facts", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.story = newQuietText(true)
	p.count = newQuietText(false)
	newBtn := widget.NewButtonWithIcon("New from selection", theme.ContentAddIcon(), w.newFactFromSelection)
	newBtn.Importance = widget.LowImportance
	addBtn := widget.NewButtonWithIcon("Add selection…", theme.ContentPasteIcon(), w.addSelectionToFact)
	addBtn.Importance = widget.LowImportance

	p.list = widget.NewList(func() int { return len(p.sheet.Facts) },
		func() fyne.CanvasObject { return newFactRow() },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= 0 && i < len(p.sheet.Facts) {
				o.(*factRow).set(p.sheet.Facts[i])
			}
		})
	p.list.OnSelected = func(i widget.ListItemID) {
		if !p.marking && i >= 0 && i < len(p.sheet.Facts) {
			p.selectFact(p.sheet.Facts[i].ID)
		}
	}
	p.empty = newHint("No facts yet.\nSelect the passages that back a fact, in one article or in several side by side, and press Ctrl+Shift+A (New fact from selection).")

	top := container.NewVBox(
		container.NewBorder(nil, nil, heading, p.count.RichText, p.story.RichText),
		container.NewHBox(newBtn, addBtn),
	)
	listArea := container.NewBorder(top, nil, nil, nil, container.NewStack(p.list, container.NewPadded(p.empty)))

	p.text = widget.NewEntry()
	p.text.SetPlaceHolder("The fact, in one line")
	p.text.OnChanged = func(string) { p.changed("text") }
	p.status = widget.NewSelect(statusOptions(), func(string) { p.changedNow("status") })
	p.note = widget.NewMultiLineEntry()
	p.note.Wrapping = fyne.TextWrapWord
	p.note.SetMinRowsVisible(3)
	p.note.SetPlaceHolder("Note: how it was checked, who to call…")
	p.note.OnChanged = func(string) { p.changed("note") }

	wrapped := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	p.supporters, p.contradictors, p.silent = wrapped(), wrapped(), wrapped()
	p.supportHead = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.contraHead = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.supporting = container.NewVBox()
	p.contradicting = container.NewVBox()
	addHere := widget.NewButtonWithIcon("Add selection…", theme.ContentPasteIcon(), func() {
		if ps, ok := w.passagesOrHint(); ok {
			w.flush()
			p.askAddToFact(ps, p.selected)
		}
	})
	p.del = widget.NewButtonWithIcon("Delete fact", theme.DeleteIcon(), p.confirmDelete)
	p.del.Importance = widget.DangerImportance

	fields := widget.NewForm(
		widget.NewFormItem("Fact", p.text),
		widget.NewFormItem("Status", p.status),
		widget.NewFormItem("Note", p.note),
		widget.NewFormItem("For", p.supporters),
		widget.NewFormItem("Against", p.contradictors),
		widget.NewFormItem("Silent", p.silent),
	)
	p.detail = container.NewVBox(fields,
		widget.NewSeparator(), p.supportHead, p.supporting,
		p.contraHead, p.contradicting,
		container.NewHBox(addHere, layout.NewSpacer(), p.del))
	p.hint = newHint("Select a fact to edit it and see its passages.")
	detail := container.NewVScroll(container.NewVBox(p.hint, p.detail))

	split := container.NewVSplit(listArea, detail)
	split.Offset = 0.35
	p.obj = split
	p.clear()
	return p
}

// reveal brings the Facts tab to the front.
func (p *factsPanel) reveal() {
	if p.tabs != nil && p.tabs.Selected() != p.tab {
		p.tabs.Select(p.tab)
	}
}

// watch calls fn after every load until the returned func is called.
func (p *factsPanel) watch(fn func()) (cancel func()) {
	entry := &factsWatcher{fn}
	p.watchers = append(p.watchers, entry)
	return func() {
		p.watchers = slices.DeleteFunc(p.watchers, func(e *factsWatcher) bool { return e == entry })
	}
}

// factsWatcher is a func watching the facts panel's loads; a pointer, so
// that it can be told apart when it stops watching.
type factsWatcher struct{ fn func() }

// clear empties the panel, as when no story is open.
func (p *factsPanel) clear() {
	p.flush()
	p.seq++
	p.input, p.sheet, p.storyID, p.loaded = annotate.FactSheetInput{}, annotate.FactSheet{}, 0, false
	p.story.SetText("")
	p.showFacts()
}

// selectOnLoad selects fact id once the next load lands.
func (p *factsPanel) selectOnLoad(id int64) { p.selectID = id }

// annotationChanged reloads the facts shortly after an annotation was
// created, deleted, restored or re-anchored, once the change's own write is
// queued: a deleted annotation takes its fact links along, and passages
// show the annotations' text.
func (p *factsPanel) annotationChanged(before, after *annotate.Annotation) {
	if before != nil && after != nil && before.Exact == after.Exact && before.Anchor == after.Anchor {
		return
	}
	if p.reloadStop != nil {
		p.reloadStop()
	}
	p.reloadStop = p.w.wk.after(annotationReloadDelay, func() {
		p.reloadStop = nil
		p.load()
	})
}

// annotationReloadDelay gathers the annotation changes of one action into
// one reload of the facts.
const annotationReloadDelay = 50 * time.Millisecond

// load reads the current story's facts. It starts once the window's writes
// queued before it are done, so it sees every change made before it was
// called, but does not hold up the writes queued after it: reading a fact
// sheet aligns the story's articles to find syndicated copies, seconds in a
// story of a few hundred the first time. A newer load stops an older one.
func (p *factsPanel) load() {
	w := p.w
	if p.reloadStop != nil {
		p.reloadStop()
		p.reloadStop = nil
	}
	st, id := w.store, w.storyID
	if id != p.storyID {
		p.clear()
		if s, ok := w.nav.story(id); ok {
			p.story.SetText(s.Name)
		}
	}
	if id == 0 {
		return
	}
	p.seq++
	seq := p.seq
	if p.loadStop != nil {
		p.loadStop()
	}
	ctx, cancel := context.WithCancel(w.wk.ctx)
	p.loadStop = cancel
	w.wk.write(func(context.Context) func() {
		return func() { // the earlier writes are done
			w.wk.read(func(context.Context) func() {
				in, err := st.FactSheetInput(ctx, id)
				var sheet annotate.FactSheet
				if err == nil {
					sheet = annotate.BuildFactSheet(in)
				}
				return func() {
					if seq != p.seq || st != w.store || id != w.storyID {
						return // a newer load, cancelled or not, shows its own
					}
					p.loadStop = nil
					cancel()
					if err != nil {
						w.fail("load facts", err)
						return
					}
					p.set(id, in, sheet)
				}
			})
		}
	})
}

// set shows a freshly read story.
func (p *factsPanel) set(storyID int64, in annotate.FactSheetInput, sheet annotate.FactSheet) {
	p.input, p.sheet, p.storyID, p.loaded = in, sheet, storyID, true
	p.story.SetText(in.Story.Name)
	if p.selectID != 0 {
		if p.selected != p.selectID {
			p.flush()
		}
		p.selected, p.selectID = p.selectID, 0
	}
	p.showFacts()
	for _, e := range slices.Clone(p.watchers) {
		e.fn()
	}
}

// fact finds a loaded fact.
func (p *factsPanel) fact(id int64) (annotate.SheetFact, int, bool) {
	for i, f := range p.sheet.Facts {
		if f.ID == id {
			return f, i, true
		}
	}
	return annotate.SheetFact{}, -1, false
}

// showFacts refreshes the list, the tab title and the detail.
func (p *factsPanel) showFacts() {
	n := len(p.sheet.Facts)
	p.count.SetText(fmt.Sprint(n))
	if p.tab != nil {
		title := "Facts"
		if n > 0 {
			title = fmt.Sprintf("Facts (%d)", n)
		}
		if p.tab.Text != title {
			p.tab.Text = title
			p.tabs.Refresh()
		}
	}
	if n == 0 && p.loaded {
		p.empty.Show()
	} else {
		p.empty.Hide()
	}
	p.list.Refresh()
	p.marking = true
	defer func() { p.marking = false }()
	f, i, ok := p.fact(p.selected)
	if !ok {
		p.flush()
		p.selected = 0
		p.list.UnselectAll()
		p.showDetail(annotate.SheetFact{}, false)
		return
	}
	p.list.Select(i)
	p.list.ScrollTo(i)
	p.showDetail(f, true)
}

// selectFact shows fact id in the detail.
func (p *factsPanel) selectFact(id int64) {
	if id != p.selected {
		p.flush()
	}
	p.selected = id
	p.showFacts()
}

// showDetail fills the editor and the passage lists with f. Fields with an
// edit waiting to be saved keep what is typed.
func (p *factsPanel) showDetail(f annotate.SheetFact, ok bool) {
	if !ok {
		p.cur = annotate.Fact{}
		p.detail.Hide()
		p.hint.Show()
		return
	}
	p.hint.Hide()
	p.detail.Show()
	// While an edit of this fact is typed or being saved, its fields keep
	// what is typed: a load that raced the save must not bring back the
	// old text.
	keep := p.cur.ID == f.ID && (p.edit.dirty() || p.saving > 0)
	p.cur = annotate.Fact{ID: f.ID, StoryID: p.storyID, Text: f.Text, Status: f.Status, Note: f.Note}
	if !keep {
		p.filling = true
		p.text.SetText(f.Text)
		p.status.SetSelected(string(f.Status))
		p.note.SetText(f.Note)
		p.filling = false
	}

	setVoices(p.supporters, f.Supporters, widget.SuccessImportance)
	setVoices(p.contradictors, f.Contradictors, widget.DangerImportance)
	setVoices(p.silent, f.Silent, widget.MediumImportance)
	p.supportHead.SetText(fmt.Sprintf("Supporting passages (%d)", len(f.Supporting)))
	p.contraHead.SetText(fmt.Sprintf("Contradicting passages (%d)", len(f.Contradicting)))
	p.supporting.Objects = p.excerptRows(f.ID, f.Supporting)
	p.contradicting.Objects = p.excerptRows(f.ID, f.Contradicting)
	p.supporting.Refresh()
	p.contradicting.Refresh()
}

// excerptRows lists a fact's passages on one side.
func (p *factsPanel) excerptRows(factID int64, es []annotate.SheetExcerpt) []fyne.CanvasObject {
	rows := make([]fyne.CanvasObject, 0, len(es))
	for _, e := range es {
		outlet := widget.NewLabelWithStyle(e.Outlet, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		outlet.Truncation = fyne.TextTruncateEllipsis
		open := widget.NewButtonWithIcon("", theme.VisibilityIcon(), func() { p.w.openExcerpt(e) })
		open.Importance = widget.LowImportance
		unlink := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { p.unlink(factID, e) })
		unlink.Importance = widget.LowImportance
		text := "“" + excerpt(e.Text, 400) + "”"
		if e.Anchor == annotate.AnchorOrphaned {
			text += " (no longer in the article)"
		}
		rows = append(rows, container.NewVBox(
			container.NewBorder(nil, nil, nil, container.NewHBox(open, unlink), outlet),
			newTapText(text, func() { p.w.openExcerpt(e) }),
		))
	}
	return rows
}

// unlink removes a passage from a fact; the annotation stays.
func (p *factsPanel) unlink(factID int64, e annotate.SheetExcerpt) {
	p.w.factWrite("unlink passage",
		func(ctx context.Context, st Store) error { return st.UnlinkFact(ctx, factID, e.AnnotationID) },
		func() {
			p.load()
			p.w.note(fmt.Sprintf("Removed the %s passage from fact #%d; the annotation stays.", e.Outlet, factID))
		}, nil)
}

// confirmDelete asks before deleting the selected fact; its annotations
// stay.
func (p *factsPanel) confirmDelete() {
	f, _, ok := p.fact(p.selected)
	if !ok {
		return
	}
	d := dialog.NewConfirm("Delete fact",
		fmt.Sprintf("Delete fact #%d, “%s”?\nIts passages stay tagged; only the fact and its links go.", f.ID, excerpt(f.Text, 80)),
		func(yes bool) {
			if yes {
				p.deleteFact(f.ID)
			}
		}, p.w.win)
	d.SetConfirmText("Delete")
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
	p.confirm = d
}

// deleteFact deletes fact id.
func (p *factsPanel) deleteFact(id int64) {
	p.confirm = nil
	if p.cur.ID == id {
		p.edit.take() // the fact is going: drop its waiting edit
	}
	p.w.factWrite("delete fact",
		func(ctx context.Context, st Store) error { return st.DeleteFact(ctx, id) },
		func() {
			p.load()
			p.w.note(fmt.Sprintf("Deleted fact #%d.", id))
		}, nil)
}

// dirty reports whether a fact edit waits to be saved.
func (p *factsPanel) dirty() bool { return p.edit.dirty() }

// changed notes an edit typed in field and saves it after saveDelay without
// further typing, as the annotation editor does.
func (p *factsPanel) changed(field string) {
	if p.filling || p.cur.ID == 0 {
		return
	}
	p.edit.edited(field, p.w.wk, p.flush)
}

// changedNow saves an edit made with a menu at once.
func (p *factsPanel) changedNow(field string) {
	if p.filling || p.cur.ID == 0 {
		return
	}
	p.changed(field)
	p.flush()
}

// withField is f with field taken from its widget.
func (p *factsPanel) withField(field string, f annotate.Fact) annotate.Fact {
	switch field {
	case "text":
		f.Text = collapseSpace(p.text.Text)
	case "status":
		if s, err := annotate.ParseStatus(p.status.Selected); err == nil {
			f.Status = s
		}
	case "note":
		f.Note = p.note.Text
	}
	return f
}

// flush saves a pending fact edit now.
func (p *factsPanel) flush() {
	field := p.edit.take()
	if field == "" || p.cur.ID == 0 {
		return
	}
	after := p.withField(field, p.cur)
	if after.Text == "" {
		p.w.note("A fact needs its text; the empty text was not saved.")
		return
	}
	if after.Text == p.cur.Text && after.Status == p.cur.Status && after.Note == p.cur.Note {
		return
	}
	p.cur = after
	if _, i, ok := p.fact(after.ID); ok {
		sf := &p.sheet.Facts[i]
		sf.Text, sf.Status, sf.Note = after.Text, after.Status, after.Note
		p.list.RefreshItem(i)
	}
	p.saving++
	p.w.factWrite("save fact", func(ctx context.Context, st Store) error {
		_, err := st.UpdateFact(ctx, after)
		return err
	}, nil, func() {
		p.saving--
		p.load()
	})
}

// askNewFact opens the New fact dialog for passages.
func (p *factsPanel) askNewFact(ps []factPassage) {
	f := &factForm{passages: ps}
	f.text = widget.NewEntry()
	f.text.SetText(excerpt(ps[0].text, factTextLimit))
	f.text.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("the fact, in one line")
		}
		return nil
	}
	f.status = widget.NewSelect(statusOptions(), nil)
	f.status.SetSelected(string(annotate.StatusUnverified))
	f.note = widget.NewMultiLineEntry()
	f.note.Wrapping = fyne.TextWrapWord
	f.note.SetMinRowsVisible(3)
	f.note.SetPlaceHolder("How it was checked, who to call…")
	from := widget.NewLabel(passagesSummary(ps))
	from.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{
		widget.NewFormItem("Fact", f.text),
		widget.NewFormItem("Status", f.status),
		widget.NewFormItem("Note", f.note),
		widget.NewFormItem("Supported by", from),
	}
	f.text.OnSubmitted = func(string) { f.dlg.Submit() }
	f.dlg = dialog.NewForm("New fact", "Create", "Cancel", items, func(ok bool) {
		p.form = nil
		if !ok {
			return
		}
		status, err := annotate.ParseStatus(f.status.Selected)
		if err != nil {
			status = annotate.StatusUnverified
		}
		p.w.createFact(f.passages, annotate.Fact{StoryID: p.w.storyID, Text: collapseSpace(f.text.Text),
			Status: status, Note: f.note.Text})
	}, p.w.win)
	p.showForm(f)
	p.w.win.Canvas().Focus(f.text)
}

// askAddToFact opens the Add to fact dialog for passages, with fact
// preselected when it is one of the story's.
func (p *factsPanel) askAddToFact(ps []factPassage, preselect int64) {
	if len(p.sheet.Facts) == 0 {
		p.w.note("The story has no facts yet: use New fact from selection (Ctrl+Shift+A).")
		return
	}
	f := &factForm{passages: ps}
	labels := make([]string, len(p.sheet.Facts))
	for i, sf := range p.sheet.Facts {
		labels[i] = factLabel(sf)
		f.factIDs = append(f.factIDs, sf.ID)
	}
	f.fact = widget.NewSelect(labels, nil)
	i := slices.Index(f.factIDs, preselect)
	f.fact.SetSelectedIndex(max(i, 0))
	f.contradicts = widget.NewCheck("The passages contradict the fact", nil)
	from := widget.NewLabel(passagesSummary(ps))
	from.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{
		widget.NewFormItem("Fact", f.fact),
		widget.NewFormItem("", f.contradicts),
		widget.NewFormItem("Passages", from),
	}
	f.dlg = dialog.NewForm("Add selection to fact", "Add", "Cancel", items, func(ok bool) {
		p.form = nil
		i := f.fact.SelectedIndex()
		if !ok || i < 0 || i >= len(f.factIDs) {
			return
		}
		p.w.linkPassages(f.passages, f.factIDs[i], f.contradicts.Checked)
	}, p.w.win)
	p.showForm(f)
}

// showForm shows a fact dialog at a width that fits a sentence.
func (p *factsPanel) showForm(f *factForm) {
	p.form = f
	f.dlg.Resize(fyne.NewSize(min(640, p.w.win.Canvas().Size().Width-40), f.dlg.MinSize().Height))
	f.dlg.Show()
}

// factRow is the template of a fact list row: status badge and text over
// the outlets for, against and silent.
type factRow struct {
	widget.BaseWidget
	status *widget.Label
	text   *widget.Label
	meta   *quietText
}

func newFactRow() *factRow {
	r := &factRow{}
	r.status = widget.NewLabel("")
	r.status.SizeName = theme.SizeNameCaptionText
	r.status.TextStyle = fyne.TextStyle{Bold: true}
	r.text = widget.NewLabel("")
	r.text.Truncation = fyne.TextTruncateEllipsis
	r.meta = newQuietText(true)
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *factRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(&tightVBox{},
		container.NewBorder(nil, nil, r.status, nil, r.text), r.meta.RichText))
}

func (r *factRow) set(f annotate.SheetFact) {
	r.status.Importance = statusImportance(f.Status)
	r.status.SetText(strings.ToUpper(string(f.Status)))
	r.text.SetText(f.Text)
	r.meta.SetText(factSummary(f))
}

// tapText is wrapped italic text that runs a func when clicked: a passage
// that opens its article.
type tapText struct {
	widget.BaseWidget
	label *widget.Label
	onTap func()
}

var (
	_ fyne.Tappable      = (*tapText)(nil)
	_ desktop.Cursorable = (*tapText)(nil)
)

func newTapText(text string, onTap func()) *tapText {
	t := &tapText{label: widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}), onTap: onTap}
	t.label.Wrapping = fyne.TextWrapWord
	t.ExtendBaseWidget(t)
	return t
}

// CreateRenderer implements fyne.Widget.
func (t *tapText) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.label) }

// Tapped implements fyne.Tappable.
func (t *tapText) Tapped(*fyne.PointEvent) {
	if t.onTap != nil {
		t.onTap()
	}
}

// Cursor implements desktop.Cursorable.
func (t *tapText) Cursor() desktop.Cursor { return desktop.PointerCursor }
