package ui

import (
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
)

// annFilter selects annotations in the sidebar; empty fields match all.
type annFilter struct {
	Kind    annotate.Kind
	Status  annotate.Status
	Tag     string
	Outlet  string
	Speaker string
}

// match reports whether a passes every set field.
func (f annFilter) match(a annotate.Annotation) bool {
	switch {
	case f.Kind != "" && a.Kind != f.Kind:
		return false
	case f.Status != "" && a.Status != f.Status:
		return false
	case f.Tag != "" && !slices.Contains(a.Tags, f.Tag):
		return false
	case f.Outlet != "" && a.Outlet != f.Outlet:
		return false
	case f.Speaker != "" && a.Speaker != f.Speaker:
		return false
	}
	return true
}

// isZero reports whether the filter lets everything through.
func (f annFilter) isZero() bool { return f == annFilter{} }

// sidebarRow is a row of the annotation list: a section header or an
// annotation.
type sidebarRow struct {
	header string
	ann    annotate.Annotation
}

// sidebarRows lists the annotations that pass f, in the order given, with
// orphaned ones (whose text is gone from the article) under their own
// header at the end.
func sidebarRows(anns []annotate.Annotation, f annFilter) []sidebarRow {
	var rows, orphans []sidebarRow
	for _, a := range anns {
		if !f.match(a) {
			continue
		}
		if a.Anchor == annotate.AnchorOrphaned {
			orphans = append(orphans, sidebarRow{ann: a})
		} else {
			rows = append(rows, sidebarRow{ann: a})
		}
	}
	if len(orphans) > 0 {
		rows = append(rows, sidebarRow{header: fmt.Sprintf("Orphaned (%d): text no longer in the article", len(orphans))})
		rows = append(rows, orphans...)
	}
	return rows
}

// filterChoices lists the distinct tags, outlets and speakers in anns,
// sorted, for the filter menus.
func filterChoices(anns []annotate.Annotation) (tags, outlets, speakers []string) {
	for _, a := range anns {
		for _, t := range a.Tags {
			if !slices.Contains(tags, t) {
				tags = append(tags, t)
			}
		}
		if a.Outlet != "" && !slices.Contains(outlets, a.Outlet) {
			outlets = append(outlets, a.Outlet)
		}
		if a.Speaker != "" && !slices.Contains(speakers, a.Speaker) {
			speakers = append(speakers, a.Speaker)
		}
	}
	slices.Sort(tags)
	slices.Sort(outlets)
	slices.Sort(speakers)
	return tags, outlets, speakers
}

// annotationMeta is the line under an annotation's excerpt.
func annotationMeta(a annotate.Annotation) string {
	parts := []string{a.Outlet}
	if a.Speaker != "" {
		parts = append(parts, a.Speaker)
	}
	if len(a.Tags) > 0 {
		parts = append(parts, "#"+strings.Join(a.Tags, " #"))
	}
	if a.Note != "" {
		parts = append(parts, "✎ "+excerpt(a.Note, 40))
	}
	return strings.Join(parts, " · ")
}

// statusImportance colours a status badge.
func statusImportance(s annotate.Status) widget.Importance {
	switch s {
	case annotate.StatusConfirmed:
		return widget.SuccessImportance
	case annotate.StatusDisputed:
		return widget.WarningImportance
	case annotate.StatusFalse:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// collapseSpace joins whitespace runs, newlines included, into one space.
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// The filter menus' "everything" entries.
const (
	allKinds    = "All kinds"
	allStatuses = "Any status"
	allTags     = "Any tag"
	allOutlets  = "All outlets"
	allSpeakers = "Any speaker"
)

// sidebar lists the story's annotations with filters, over the editor and
// the quote comparison of the selected one.
type sidebar struct {
	w *window

	heading *widget.Label
	story   *quietText
	count   *quietText
	kind    *widget.Select
	status  *widget.Select
	tag     *widget.Select
	outlet  *widget.Select
	speaker *widget.Select
	clear   *widget.Button
	list    *widget.List
	empty   *widget.RichText
	obj     fyne.CanvasObject

	all      []annotate.Annotation
	rows     []sidebarRow
	filter   annFilter
	selected int64
	marking  bool // set while the window selects a row itself
	quiet    bool // set while the filter menus are refilled
}

func newSidebar(w *window) *sidebar {
	s := &sidebar{w: w}
	s.heading = widget.NewLabelWithStyle("Annotations", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.story = newQuietText(true)
	s.count = newQuietText(false)

	kinds := []string{allKinds}
	for _, k := range annotate.Kinds {
		kinds = append(kinds, string(k))
	}
	statuses := []string{allStatuses}
	for _, st := range annotate.Statuses {
		statuses = append(statuses, string(st))
	}
	s.kind = s.newFilterSelect(kinds, allKinds)
	s.status = s.newFilterSelect(statuses, allStatuses)
	s.tag = s.newFilterSelect([]string{allTags}, allTags)
	s.outlet = s.newFilterSelect([]string{allOutlets}, allOutlets)
	s.speaker = s.newFilterSelect([]string{allSpeakers}, allSpeakers)
	s.clear = widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() {
		s.resetFilter()
		s.refresh()
	})
	s.clear.Importance = widget.LowImportance

	s.list = widget.NewList(func() int { return len(s.rows) }, s.createRow, s.updateRow)
	s.list.OnSelected = s.rowSelected
	s.empty = newHint("")

	filters := container.NewVBox(
		container.NewGridWithColumns(2, s.kind, s.status),
		container.NewGridWithColumns(2, s.outlet, s.speaker),
		container.NewBorder(nil, nil, nil, s.clear, s.tag),
	)
	top := container.NewVBox(
		container.NewBorder(nil, nil, s.heading, s.count.RichText, s.story.RichText),
		filters)
	listArea := container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, container.NewPadded(s.empty)))
	detail := container.NewVScroll(container.NewVBox(w.editor.obj, w.compare.obj))
	split := container.NewVSplit(listArea, detail)
	split.Offset = 0.4
	s.obj = split
	s.refresh()
	return s
}

func (s *sidebar) newFilterSelect(options []string, all string) *widget.Select {
	sel := widget.NewSelect(options, nil)
	sel.SetSelected(all)
	sel.OnChanged = func(string) {
		if s.quiet {
			return
		}
		s.readFilter()
		s.refresh()
	}
	return sel
}

// readFilter takes the filter from the menus.
func (s *sidebar) readFilter() {
	pick := func(sel *widget.Select, all string) string {
		if sel.Selected == all {
			return ""
		}
		return sel.Selected
	}
	s.filter = annFilter{
		Kind:    annotate.Kind(pick(s.kind, allKinds)),
		Status:  annotate.Status(pick(s.status, allStatuses)),
		Tag:     pick(s.tag, allTags),
		Outlet:  pick(s.outlet, allOutlets),
		Speaker: pick(s.speaker, allSpeakers),
	}
}

// setFilter sets the menus (and so the filter) to f.
func (s *sidebar) setFilter(f annFilter) {
	s.quiet = true
	defer func() { s.quiet = false }()
	set := func(sel *widget.Select, v, all string) {
		if v == "" {
			v = all
		}
		if !slices.Contains(sel.Options, v) {
			sel.Options = append(sel.Options, v)
		}
		sel.SetSelected(v)
	}
	set(s.kind, string(f.Kind), allKinds)
	set(s.status, string(f.Status), allStatuses)
	set(s.tag, f.Tag, allTags)
	set(s.outlet, f.Outlet, allOutlets)
	set(s.speaker, f.Speaker, allSpeakers)
	s.filter = f
	s.refresh()
}

// resetFilter lets everything through.
func (s *sidebar) resetFilter() { s.setFilter(annFilter{}) }

// setStory names the story in the heading.
func (s *sidebar) setStory(name string) { s.story.SetText(name) }

// setAnnotations replaces the list, keeping the filter and the selection.
func (s *sidebar) setAnnotations(anns []annotate.Annotation) {
	s.all = anns
	tags, outlets, speakers := filterChoices(anns)
	s.quiet = true
	s.tag.Options = append([]string{allTags}, withSelected(tags, s.filter.Tag)...)
	s.outlet.Options = append([]string{allOutlets}, withSelected(outlets, s.filter.Outlet)...)
	s.speaker.Options = append([]string{allSpeakers}, withSelected(speakers, s.filter.Speaker)...)
	s.quiet = false
	s.refresh()
}

// withSelected keeps a chosen filter value in its menu even when no
// annotation carries it any more, so the menu can show what filters.
func withSelected(opts []string, v string) []string {
	if v != "" && !slices.Contains(opts, v) {
		opts = append(opts, v)
	}
	return opts
}

// refresh rebuilds the rows from the annotations and the filter.
func (s *sidebar) refresh() {
	s.rows = sidebarRows(s.all, s.filter)
	shown := 0
	for _, r := range s.rows {
		if r.header == "" {
			shown++
		}
	}
	if s.filter.isZero() {
		s.count.SetText(fmt.Sprint(len(s.all)))
	} else {
		s.count.SetText(fmt.Sprintf("%d of %d", shown, len(s.all)))
	}
	setEnabled(s.clear, !s.filter.isZero())
	switch {
	case len(s.all) == 0:
		setQuiet(s.empty, "No annotations yet.\nSelect text in an article and press Ctrl+Shift+F (fact), Q (quote), C (claim) or N (note), or use the toolbar.")
		s.empty.Show()
	case len(s.rows) == 0:
		setQuiet(s.empty, "No annotation matches the filters.")
		s.empty.Show()
	default:
		s.empty.Hide()
	}
	s.list.Refresh()
	s.markSelected(s.selected)
}

// markSelected selects the row of annotation id without acting on it.
func (s *sidebar) markSelected(id int64) {
	s.selected = id
	s.marking = true
	defer func() { s.marking = false }()
	for i, r := range s.rows {
		if r.header == "" && r.ann.ID == id && id != 0 {
			s.list.Select(i)
			s.list.ScrollTo(i)
			return
		}
	}
	s.list.UnselectAll()
}

func (s *sidebar) rowSelected(i widget.ListItemID) {
	if s.marking || i < 0 || i >= len(s.rows) {
		return
	}
	r := s.rows[i]
	if r.header != "" {
		s.list.Unselect(i)
		return
	}
	s.w.selectAnnotation(r.ann.ID, true)
}

// annRow is the template of a list row.
type annRow struct {
	widget.BaseWidget
	swatch  *canvas.Rectangle
	text    *widget.Label
	meta    *quietText
	status  *widget.Label
	header  *widget.Label
	content *fyne.Container
}

func newAnnRow() *annRow {
	r := &annRow{}
	r.swatch = canvas.NewRectangle(color.Transparent)
	r.swatch.SetMinSize(fyne.NewSize(5, 5))
	r.swatch.CornerRadius = 2
	r.text = widget.NewLabel("")
	r.text.Truncation = fyne.TextTruncateEllipsis
	r.meta = newQuietText(true)
	r.status = widget.NewLabel("")
	r.status.SizeName = theme.SizeNameCaptionText
	r.header = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.header.Truncation = fyne.TextTruncateEllipsis
	lines := container.New(&tightVBox{}, r.text, container.NewBorder(nil, nil, nil, r.status, r.meta.RichText))
	r.content = container.NewBorder(nil, nil, r.swatch, nil, lines)
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *annRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(r.content, r.header))
}

func (r *annRow) set(row sidebarRow, dark bool) {
	if row.header != "" {
		r.content.Hide()
		r.header.SetText(row.header)
		r.header.Show()
		return
	}
	r.header.Hide()
	r.content.Show()
	a := row.ann
	r.swatch.FillColor = kindSolid(a.Kind, dark)
	r.swatch.Refresh()
	text := "“" + collapseSpace(a.Exact) + "”"
	r.text.TextStyle = fyne.TextStyle{Italic: a.Anchor == annotate.AnchorOrphaned}
	r.text.SetText(text)
	r.meta.SetText(annotationMeta(a))
	r.status.Importance = statusImportance(a.Status)
	r.status.SetText(string(a.Status))
}

func (s *sidebar) createRow() fyne.CanvasObject { return newAnnRow() }

func (s *sidebar) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(s.rows) {
		return
	}
	o.(*annRow).set(s.rows[i], s.w.dark())
}

// tightVBox stacks objects vertically with no gap, for two-line rows.
type tightVBox struct{}

// MinSize implements fyne.Layout.
func (*tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height - tightOverlap
	}
	return s
}

// Layout implements fyne.Layout.
func (*tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y-tightOverlap/2))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - tightOverlap
	}
}

// tightOverlap is how much of labels' inner padding two stacked lines share.
const tightOverlap = 8
