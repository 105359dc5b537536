package ui

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
)

// The editor's corrections of quote matching, from the quote comparison
// window: split, merge, move, take out, canonical text, speaker, and
// turning a group into annotations.

// slugTag makes a tag from a quote: its first words but articles, lower
// case, joined by hyphens.
func slugTag(text string) string {
	const maxWords, maxLen = 6, 40
	var words []string
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	}) {
		f = strings.NewReplacer("'", "", "’", "").Replace(f)
		if f == "" || f == "a" || f == "an" || f == "the" {
			continue
		}
		if n := len(strings.Join(append(words, f), "-")); n > maxLen && len(words) > 0 {
			break
		}
		words = append(words, f)
		if len(words) == maxWords {
			break
		}
	}
	if len(words) == 0 {
		return "quote"
	}
	return strings.Join(words, "-")
}

// groupChoice names a group in the merge and move menus.
func groupChoice(s annotate.GroupSummary) string {
	return fmt.Sprintf("%d · “%s” — %s", s.GroupID, excerpt(s.Canonical, 60), cmp.Or(s.Speaker, "speaker unknown"))
}

// Corrections. Each runs through the store off the UI goroutine, then
// reloads this window (showing the group that holds keepQuote) and the
// main window's story, whose sidebar compares quotes too.

// fail reports an error in the main window's status bar and in a dialog
// over this window, where the editor is working.
func (qc *quoteCompare) fail(what string, err error) {
	err = fmt.Errorf("%s: %w", what, err)
	qc.w.note("Error: " + err.Error())
	dialog.ShowError(err, qc.win)
}

// correct runs a correction.
func (qc *quoteCompare) correct(what string, keepQuote int64, done string, fn func(ctx context.Context, cs CorrectionStore) error) {
	st := qc.w.store
	cs := CorrectionStore(st)
	qc.w.wk.write(func(ctx context.Context) func() {
		track := qc.w.beginTracked(ctx, st)
		err := fn(ctx, cs)
		accept := track(err)
		return func() {
			if st != qc.w.store {
				return
			}
			if err != nil {
				qc.fail(what, err)
				qc.reload(0)
				return
			}
			accept()
			qc.w.note(done)
			qc.reload(keepQuote)
			qc.w.loadStoryData()
		}
	})
}

// splitChecked moves the ticked renderings into a new group.
func (qc *quoteCompare) splitChecked() {
	ids, n := qc.m.checkedQuotes(qc.view)
	if n == 0 || n == len(qc.view.Rows) {
		qc.w.note("Tick the renderings to split off: some, not all.")
		return
	}
	keep := int64(0)
	for _, r := range qc.view.Rows {
		if !qc.m.checked[r.QuoteIDs[0]] {
			keep = r.QuoteIDs[0]
			break
		}
	}
	gid := qc.m.groupID
	qc.correct("split quote group", keep, fmt.Sprintf("Split %d rendering%s into a group of their own.", n, plural(n)),
		func(ctx context.Context, cs CorrectionStore) error { return cs.SplitGroup(ctx, gid, ids) })
}

// merge moves every quote of group other into the group shown.
func (qc *quoteCompare) merge(other int64) {
	g, ok := qc.m.group(qc.m.groupID)
	if !ok || other == g.ID {
		return
	}
	qc.correct("merge quote groups", g.QuoteIDs[0], "Merged the two quote groups.",
		func(ctx context.Context, cs CorrectionStore) error { return cs.MergeGroups(ctx, g.ID, other) })
}

// move moves a rendering into group to, keeping this group in view.
func (qc *quoteCompare) move(r annotate.VariantRow, to int64) {
	keep := qc.remainingQuote(r)
	qc.correct("move quote", keep, "Moved the quote to the other group.",
		func(ctx context.Context, cs CorrectionStore) error {
			for _, id := range r.QuoteIDs {
				if err := cs.MoveQuote(ctx, id, to); err != nil {
					return err
				}
			}
			return nil
		})
}

// detach takes a rendering out of the group.
func (qc *quoteCompare) detach(r annotate.VariantRow) {
	keep := qc.remainingQuote(r)
	qc.correct("take quote out of its group", keep, "Took the quote out of the group.",
		func(ctx context.Context, cs CorrectionStore) error {
			for _, id := range r.QuoteIDs {
				if err := cs.DetachQuote(ctx, id); err != nil {
					return err
				}
			}
			return nil
		})
}

// remainingQuote is a quote of the group shown other than r's.
func (qc *quoteCompare) remainingQuote(r annotate.VariantRow) int64 {
	for _, o := range qc.view.Rows {
		if o.QuoteIDs[0] != r.QuoteIDs[0] {
			return o.QuoteIDs[0]
		}
	}
	return 0
}

// pinCanonical makes a rendering's text the group's canonical text.
func (qc *quoteCompare) pinCanonical(r annotate.VariantRow) {
	gid := qc.m.groupID
	qc.correct("mark canonical text", r.QuoteIDs[0], "Marked "+r.Outlet+"’s text as the canonical text.",
		func(ctx context.Context, cs CorrectionStore) error { return cs.PinCanonical(ctx, gid, r.QuoteIDs[0]) })
}

// setSpeaker confirms or changes the group's speaker.
func (qc *quoteCompare) setSpeaker(name string) {
	g, ok := qc.m.group(qc.m.groupID)
	if !ok {
		return
	}
	name = strings.TrimSpace(name)
	msg := "Speaker set to " + name + "."
	if name == "" {
		msg = "Speaker marked unknown."
	}
	qc.correct("set speaker", g.QuoteIDs[0], msg,
		func(ctx context.Context, cs CorrectionStore) error { return cs.SetGroupSpeaker(ctx, g.ID, name) })
}

// annotateGroup makes quote annotations of the group in every article,
// tagged tag, and reloads the main window to show them.
func (qc *quoteCompare) annotateGroup(tag string) {
	g, ok := qc.m.group(qc.m.groupID)
	if !ok {
		return
	}
	st := qc.w.store
	tag = strings.TrimSpace(tag)
	qc.w.wk.write(func(ctx context.Context) func() {
		anns, err := st.GroupToAnnotations(ctx, g.ID, tag)
		return func() {
			if st != qc.w.store {
				return
			}
			if err != nil {
				qc.fail("annotate group", err)
				return
			}
			msg := fmt.Sprintf("Created %d quote annotation%s", len(anns), plural(len(anns)))
			if tag != "" {
				msg += " tagged " + tag
			}
			msg += ". Ctrl+Z in the main window undoes."
			if len(anns) == 0 {
				msg = "Every rendering of this quote is annotated already."
			} else {
				parts := make([]change, len(anns))
				for i, a := range anns {
					parts[i] = created(a)
				}
				qc.w.hist.push(compound("annotate group", parts))
				qc.w.menu.updateUndo()
			}
			qc.w.note(msg)
			qc.w.reload()
		}
	})
}

// Dialogs that gather what a correction needs, then run it.

// otherGroups are the choices for merging with or moving to another group.
func (qc *quoteCompare) otherGroups() (labels []string, ids []int64) {
	others := slices.Clone(qc.m.all)
	annotate.SortGroupSummaries(others, annotate.ByOutlets)
	for _, s := range others {
		if s.GroupID != qc.m.groupID {
			labels = append(labels, groupChoice(s))
			ids = append(ids, s.GroupID)
		}
	}
	return labels, ids
}

// chooseGroup asks for another group of the story.
func (qc *quoteCompare) chooseGroup(title, confirm string, then func(id int64)) {
	labels, ids := qc.otherGroups()
	if len(ids) == 0 {
		qc.w.note("The story has no other quote group.")
		return
	}
	sel := widget.NewSelect(labels, nil)
	sel.SetSelectedIndex(0)
	content := container.NewGridWrap(fyne.NewSize(640, sel.MinSize().Height), sel)
	dialog.ShowCustomConfirm(title, confirm, "Cancel", content, func(ok bool) {
		if i := sel.SelectedIndex(); ok && i >= 0 {
			then(ids[i])
		}
	}, qc.win)
}

func (qc *quoteCompare) mergeDialog() {
	qc.chooseGroup("Merge another group into this one", "Merge", qc.merge)
}

func (qc *quoteCompare) moveDialog(r annotate.VariantRow) {
	qc.chooseGroup("Move "+r.Outlet+"’s rendering to", "Move", func(id int64) { qc.move(r, id) })
}

// speakerChoices are the names offered for a group's speaker: the group's,
// then those the outlets give, then the story's other speakers.
func speakerChoices(v annotate.GroupView, all []annotate.GroupSummary) []string {
	var out []string
	add := func(s string) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	add(v.Speaker)
	for _, r := range v.Rows {
		add(r.Speaker)
	}
	for _, s := range annotate.GroupSpeakers(all) {
		add(s)
	}
	return out
}

func (qc *quoteCompare) speakerDialog() {
	if _, ok := qc.m.group(qc.m.groupID); !ok {
		return
	}
	entry := widget.NewSelectEntry(speakerChoices(qc.view, qc.m.all))
	entry.SetText(qc.view.Speaker)
	entry.PlaceHolder = "Leave empty when nobody is known"
	items := []*widget.FormItem{widget.NewFormItem("Speaker", entry)}
	items[0].HintText = "Saving records the speaker as confirmed by you; re-matching keeps it."
	d := dialog.NewForm("Who said it?", "Save", "Cancel", items, func(ok bool) {
		if ok {
			qc.setSpeaker(entry.Text)
		}
	}, qc.win)
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	d.Show()
}

func (qc *quoteCompare) annotateDialog() {
	g, ok := qc.m.group(qc.m.groupID)
	if !ok {
		return
	}
	tag := widget.NewEntry()
	tag.SetText(slugTag(g.Canonical))
	items := []*widget.FormItem{widget.NewFormItem("Tag", tag)}
	items[0].HintText = fmt.Sprintf("Tags a quote annotation on this quote in each of its %d articles, with the speaker %s.",
		len(qc.articlesOfView()), cmp.Or(g.Speaker, "unknown"))
	d := dialog.NewForm("Annotate group", "Annotate", "Cancel", items, func(ok bool) {
		if ok {
			qc.annotateGroup(tag.Text)
		}
	}, qc.win)
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	d.Show()
}

// articlesOfView are the distinct articles of the group shown.
func (qc *quoteCompare) articlesOfView() []int64 {
	var ids []int64
	for _, r := range qc.view.Rows {
		if !slices.Contains(ids, r.ArticleID) {
			ids = append(ids, r.ArticleID)
		}
	}
	return ids
}
