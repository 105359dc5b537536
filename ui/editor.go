package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
)

// saveDelay is how long the editor waits after the last keystroke before it
// saves.
const saveDelay = 400 * time.Millisecond

// parseTags splits a comma-separated tag list, trimming each tag and
// dropping empty and repeated ones, in the order written.
func parseTags(s string) []string {
	var tags []string
	for _, t := range strings.Split(s, ",") {
		t = collapseSpace(t)
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return tags
}

// formatTags writes tags as the editor shows them.
func formatTags(tags []string) string { return strings.Join(tags, ", ") }

// tagCompletions proposes ways to finish the tag being typed at the end of
// input: input with its last tag replaced by each known tag that starts with
// it (case-folded) and is not already listed.
func tagCompletions(input string, known []string) []string {
	head, last := "", input
	if i := strings.LastIndex(input, ","); i >= 0 {
		head, last = input[:i+1]+" ", input[i+1:]
	}
	head = strings.TrimLeft(head, " ")
	last = strings.ToLower(strings.TrimSpace(last))
	have := parseTags(head)
	var out []string
	for _, t := range known {
		if slices.Contains(have, t) || !strings.HasPrefix(strings.ToLower(t), last) {
			continue
		}
		out = append(out, head+t)
	}
	return out
}

// speakerSuggestions lists speakers to offer for a: first those of detected
// quotes overlapping it (best overlap first), then every speaker already
// named in the story's annotations.
func speakerSuggestions(a annotate.Annotation, quotes []annotate.Quote, anns []annotate.Annotation) []string {
	type cand struct {
		name    string
		overlap int
	}
	var cands []cand
	for _, q := range quotes {
		if q.ArticleID != a.ArticleID || q.InTitle || q.Speaker == "" || !q.Span.Overlaps(a.Span) {
			continue
		}
		cands = append(cands, cand{q.Speaker, min(q.End, a.End) - max(q.Start, a.Start)})
	}
	slices.SortStableFunc(cands, func(x, y cand) int { return y.overlap - x.overlap })
	var out []string
	for _, c := range cands {
		if !slices.Contains(out, c.name) {
			out = append(out, c.name)
		}
	}
	var rest []string
	for _, x := range anns {
		if x.Speaker != "" && !slices.Contains(out, x.Speaker) && !slices.Contains(rest, x.Speaker) {
			rest = append(rest, x.Speaker)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// sameEdit reports whether a and b agree on every field the editor edits.
func sameEdit(a, b annotate.Annotation) bool {
	return a.Kind == b.Kind && a.Speaker == b.Speaker && a.Status == b.Status &&
		a.Note == b.Note && slices.Equal(a.Tags, b.Tags)
}

// anchorNotice explains an annotation's anchor state, or is "" when it sits
// where it was made.
func anchorNotice(a annotate.Anchor) string {
	switch a {
	case annotate.AnchorMoved:
		return "The article changed; this text was found at a new place."
	case annotate.AnchorFuzzy:
		return "The article changed; this text was re-attached to a close match."
	case annotate.AnchorOrphaned:
		return "Orphaned: this text is no longer in the article. Its old text is kept here."
	}
	return ""
}

// editor edits the selected annotation. Changes save as you type, after
// saveDelay, and at once when another annotation is selected, before undo
// and when the window closes.
type editor struct {
	w *window

	cur     annotate.Annotation // as last saved
	has     bool
	loading bool // set while fields are filled, so their callbacks stay quiet
	edit    pendingEdit
	known   []string // every tag, for completion

	heading *widget.Label
	exact   *widget.Label
	anchor  *widget.Label
	kind    *widget.Select
	speaker *widget.SelectEntry
	tags    *widget.SelectEntry
	status  *widget.Select
	note    *widget.Entry
	del     *widget.Button
	form    *fyne.Container

	hint *widget.RichText

	offered      annotate.Quote
	offerText    *widget.Label
	offerSpeaker *widget.Label
	offer        *fyne.Container

	obj *fyne.Container
}

func newEditor(w *window) *editor {
	e := &editor{w: w}
	e.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	e.exact = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	e.exact.Wrapping = fyne.TextWrapWord
	e.anchor = widget.NewLabel("")
	e.anchor.Wrapping = fyne.TextWrapWord
	e.anchor.Importance = widget.WarningImportance

	kinds := make([]string, len(annotate.Kinds))
	for i, k := range annotate.Kinds {
		kinds[i] = string(k)
	}
	e.kind = widget.NewSelect(kinds, func(string) { e.changedNow("kind") })
	statuses := make([]string, len(annotate.Statuses))
	for i, s := range annotate.Statuses {
		statuses[i] = string(s)
	}
	e.status = widget.NewSelect(statuses, func(string) { e.changedNow("status") })
	e.speaker = widget.NewSelectEntry(nil)
	e.speaker.SetPlaceHolder("Who said it")
	e.speaker.OnChanged = func(string) { e.changed("speaker") }
	e.tags = widget.NewSelectEntry(nil)
	e.tags.SetPlaceHolder("tag, another tag")
	e.tags.OnChanged = func(s string) {
		if !e.loading {
			e.tags.SetOptions(tagCompletions(s, e.known))
		}
		e.changed("tags")
	}
	e.note = widget.NewMultiLineEntry()
	e.note.Wrapping = fyne.TextWrapWord
	e.note.SetMinRowsVisible(4)
	e.note.SetPlaceHolder("Note: source, how it was checked…")
	e.note.OnChanged = func(string) { e.changed("note") }
	e.del = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), func() {
		if !e.has {
			return
		}
		e.flush()
		w.deleteAnnotation(e.cur)
	})
	e.del.Importance = widget.DangerImportance

	fields := widget.NewForm(
		widget.NewFormItem("Kind", e.kind),
		widget.NewFormItem("Speaker", e.speaker),
		widget.NewFormItem("Tags", e.tags),
		widget.NewFormItem("Status", e.status),
		widget.NewFormItem("Note", e.note),
	)
	e.form = container.NewVBox(
		e.heading, e.exact, e.anchor, fields,
		container.NewHBox(layout.NewSpacer(), e.del),
	)

	e.hint = newHint("Select an annotation to edit it, or select text in an article and tag it.")

	e.offerText = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	e.offerText.Wrapping = fyne.TextWrapWord
	e.offerSpeaker = widget.NewLabel("")
	e.offerSpeaker.Wrapping = fyne.TextWrapWord
	tag := widget.NewButtonWithIcon("Tag as quote", theme.ContentAddIcon(), func() { w.tagQuote(e.offered) })
	tag.Importance = widget.HighImportance
	e.offer = container.NewVBox(
		widget.NewLabelWithStyle("Detected quote", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		e.offerText, e.offerSpeaker, container.NewHBox(tag),
	)

	e.obj = container.NewVBox(e.hint, e.form, e.offer)
	e.clear()
	return e
}

// setTags updates the tags offered for completion.
func (e *editor) setTags(tags []string) { e.known = tags }

// dirty reports whether an edit waits to be saved.
func (e *editor) dirty() bool { return e.edit.dirty() }

// show loads a into the editor, saving what was pending for another one.
func (e *editor) show(a annotate.Annotation) {
	if e.has && e.cur.ID != a.ID {
		e.flush()
	}
	e.cur, e.has = a, true
	e.fill(a)
	e.hint.Hide()
	e.offer.Hide()
	e.form.Show()
	e.obj.Refresh()
}

// refresh shows a newer state of the annotation being edited (after undo,
// redo or a change by another process); fields being typed in win.
func (e *editor) refresh(a annotate.Annotation) {
	if !e.has || e.cur.ID != a.ID || e.dirty() {
		return
	}
	e.cur = a
	e.fill(a)
}

// fill puts a's fields in the widgets without saving.
func (e *editor) fill(a annotate.Annotation) {
	e.loading = true
	defer func() { e.loading = false }()
	e.heading.SetText(kindTitle(a.Kind) + " · " + a.Outlet)
	e.exact.SetText("“" + excerpt(a.Exact, 400) + "”")
	if n := anchorNotice(a.Anchor); n != "" {
		e.anchor.SetText(n)
		e.anchor.Show()
	} else {
		e.anchor.Hide()
	}
	e.kind.SetSelected(string(a.Kind))
	e.status.SetSelected(string(a.Status))
	sugg := speakerSuggestions(a, e.w.quotes, e.w.anns)
	if v := e.w.panes.showing(a.ArticleID); v != nil {
		sugg = mergeFirst(speakerSuggestions(a, v.quotes, nil), sugg)
	}
	e.speaker.SetOptions(sugg)
	if a.Speaker == "" && len(sugg) > 0 {
		if q, ok := e.detectedSpeaker(a); ok {
			e.speaker.SetPlaceHolder("Detected: " + q + " (pick from the list)")
		} else {
			e.speaker.SetPlaceHolder("Who said it")
		}
	} else {
		e.speaker.SetPlaceHolder("Who said it")
	}
	e.speaker.SetText(a.Speaker)
	e.tags.SetText(formatTags(a.Tags))
	e.tags.SetOptions(tagCompletions("", e.known))
	e.note.SetText(a.Note)
}

// detectedSpeaker is the speaker the quote engine found for the quote that
// overlaps a most.
func (e *editor) detectedSpeaker(a annotate.Annotation) (string, bool) {
	quotes := e.w.quotes
	if v := e.w.panes.showing(a.ArticleID); v != nil {
		quotes = v.quotes
	}
	q, ok := overlappingQuote(quotes, a.ArticleID, a.Span)
	if !ok || q.Speaker == "" {
		return "", false
	}
	return q.Speaker, true
}

// mergeFirst returns first followed by the items of rest not in first.
func mergeFirst(first, rest []string) []string {
	out := slices.Clone(first)
	for _, s := range rest {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// clear shows the hint instead of an annotation, saving what was pending.
func (e *editor) clear() {
	e.flush()
	e.has = false
	e.cur = annotate.Annotation{}
	e.form.Hide()
	e.offer.Hide()
	e.hint.Show()
	e.obj.Refresh()
}

// offerQuote shows a detected quote with a button that tags it.
func (e *editor) offerQuote(q annotate.Quote) {
	e.clear()
	e.offered = q
	e.offerText.SetText("“" + excerpt(q.Text, 400) + "”")
	if q.Speaker != "" {
		e.offerSpeaker.SetText(fmt.Sprintf("Speaker: %s (%.0f%% sure)", q.Speaker, q.SpeakerConfidence*100))
	} else {
		e.offerSpeaker.SetText("Speaker: not clear from the text")
	}
	e.hint.Hide()
	e.offer.Show()
	e.obj.Refresh()
}

// changed notes an edit of field typed in an entry and saves it after
// saveDelay without further typing. An edit of another field saves the
// pending one first, so each field's edits undo on their own.
func (e *editor) changed(field string) {
	if e.loading || !e.has {
		return
	}
	e.edit.edited(field, e.w.wk, e.flush)
}

// changedNow saves an edit made with a menu at once.
func (e *editor) changedNow(field string) {
	if e.loading || !e.has {
		return
	}
	e.changed(field)
	e.flush()
}

// withField is e.cur with field taken from its widget. Only the edited
// field is read: a menu changes its value before it reports the change, so
// reading every widget would fold that change into the previous step.
func (e *editor) withField(field string) annotate.Annotation {
	a := e.cur
	switch field {
	case "kind":
		if k, err := annotate.ParseKind(e.kind.Selected); err == nil {
			a.Kind = k
		}
	case "status":
		if s, err := annotate.ParseStatus(e.status.Selected); err == nil {
			a.Status = s
		}
	case "speaker":
		a.Speaker = collapseSpace(e.speaker.Text)
	case "tags":
		a.Tags = parseTags(e.tags.Text)
	case "note":
		a.Note = e.note.Text
	}
	return a
}

// flush saves a pending edit now.
func (e *editor) flush() {
	field := e.edit.take()
	if field == "" || !e.has {
		return
	}
	after := e.withField(field)
	if sameEdit(e.cur, after) {
		return
	}
	before := e.cur
	e.cur = after
	if field == "kind" {
		e.heading.SetText(kindTitle(after.Kind) + " · " + after.Outlet)
	}
	e.w.saveEdit(before, after, field)
}
