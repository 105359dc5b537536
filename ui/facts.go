package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
)

// newFactShortcut is Ctrl+Shift+A: a new fact from the selected passages.
func newFactShortcut() *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: fyne.KeyA, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
}

// addToFactShortcut is Ctrl+Shift+L: link the selected passages to a fact.
func addToFactShortcut() *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
}

// factTextLimit is how many code points of a selection prefill a new
// fact's text.
const factTextLimit = 240

// factPassage is a selected span to tie to a fact: an annotation already on
// exactly that span, or a new fact annotation to create for it.
type factPassage struct {
	articleID int64
	outlet    string
	span      annotate.Span
	text      string
	existing  annotate.Annotation // ID 0 when the span has no annotation yet
	fresh     annotate.Annotation // created when existing.ID is 0
}

// existingAnnotation is the annotation of anns on exactly span sp, if any:
// a fact first, then the other kinds in the order of annotate.Kinds.
// Orphaned annotations, whose span no longer indexes the text, do not count.
func existingAnnotation(anns []annotate.Annotation, articleID int64, sp annotate.Span) (annotate.Annotation, bool) {
	best, rank := annotate.Annotation{}, len(annotate.Kinds)
	for _, a := range anns {
		if a.ArticleID != articleID || a.Span != sp || a.Anchor == annotate.AnchorOrphaned {
			continue
		}
		if r := slices.Index(annotate.Kinds, a.Kind); r >= 0 && r < rank {
			best, rank = a, r
		}
	}
	return best, best.ID != 0
}

// selectedPassages collects the non-empty selection of every pane that
// shows an article of the current story, left to right. skipped counts the
// selections in other stories' articles, which a fact of this story cannot
// use.
func (w *window) selectedPassages() (ps []factPassage, skipped int, err error) {
	for _, v := range w.panes.list.items {
		sel := v.reading.Selection()
		if v.article.ID == 0 || sel.Empty() {
			continue
		}
		if v.article.StoryID != w.storyID {
			skipped++
			continue
		}
		p := factPassage{articleID: v.article.ID, outlet: v.article.Outlet, span: sel, text: v.reading.SelectedText()}
		if a, ok := existingAnnotation(v.anns, v.article.ID, sel); ok {
			p.existing = a
		} else {
			fresh, ferr := annotate.NewAnnotation(v.article.ID, v.article.Body, sel, annotate.KindFact)
			if ferr != nil {
				return nil, skipped, fmt.Errorf("passage in %s: %w", v.article.Outlet, ferr)
			}
			p.fresh = fresh
		}
		ps = append(ps, p)
	}
	return ps, skipped, nil
}

// passagesSummary names the passages for a dialog: "2 passages: Coastline
// Press Agency (new annotation), The Ellery Standard (tagged quote)".
func passagesSummary(ps []factPassage) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		if p.existing.ID != 0 {
			parts[i] = fmt.Sprintf("%s (tagged %s)", p.outlet, p.existing.Kind)
		} else {
			parts[i] = p.outlet + " (new fact annotation)"
		}
	}
	n := "1 passage"
	if len(ps) != 1 {
		n = fmt.Sprintf("%d passages", len(ps))
	}
	return n + ": " + strings.Join(parts, ", ")
}

// passagesOrHint gathers the selected passages, or says in the status bar
// why there are none.
func (w *window) passagesOrHint() ([]factPassage, bool) {
	if w.storyID == 0 {
		w.note("Open a story first.")
		return nil, false
	}
	ps, skipped, err := w.selectedPassages()
	if err != nil {
		w.fail("collect the selection", err)
		return nil, false
	}
	if len(ps) == 0 {
		msg := "Select the passages first: drag over the text in one or more panes."
		if skipped > 0 {
			msg = "The selected passages belong to another story than the one open."
		}
		w.note(msg)
		return nil, false
	}
	if skipped > 0 {
		w.note(fmt.Sprintf("Left out %d selection(s) in another story's articles.", skipped))
	}
	return ps, true
}

// newFactFromSelection asks for a new fact's text, status and note and
// creates it from the selected passages, one per pane.
func (w *window) newFactFromSelection() {
	ps, ok := w.passagesOrHint()
	if !ok {
		return
	}
	w.flush()
	w.facts.askNewFact(ps)
}

// addSelectionToFact asks which fact the selected passages support or
// contradict and links them to it.
func (w *window) addSelectionToFact() {
	ps, ok := w.passagesOrHint()
	if !ok {
		return
	}
	if len(w.facts.sheet.Facts) == 0 {
		w.note("The story has no facts yet: use New fact from selection (Ctrl+Shift+A).")
		return
	}
	w.flush()
	w.facts.askAddToFact(ps, w.facts.selected)
}

// factMenuItems are the fact actions for a pane's right-click menu; none
// without a selection.
func (w *window) factMenuItems(v *paneView) []*fyne.MenuItem {
	if v.reading.Selection().Empty() {
		return nil
	}
	newFact := fyne.NewMenuItem("New fact from selection…", w.newFactFromSelection)
	newFact.Shortcut = newFactShortcut()
	addTo := fyne.NewMenuItem("Add selection to fact…", w.addSelectionToFact)
	addTo.Shortcut = addToFactShortcut()
	addTo.Disabled = len(w.facts.sheet.Facts) == 0
	return []*fyne.MenuItem{newFact, addTo}
}

// factEditMenuItems are the Edit menu's fact items.
func (w *window) factEditMenuItems() []*fyne.MenuItem {
	newFact := fyne.NewMenuItem("New fact from selection…", w.newFactFromSelection)
	newFact.Shortcut = newFactShortcut()
	addTo := fyne.NewMenuItem("Add selection to fact…", w.addSelectionToFact)
	addTo.Shortcut = addToFactShortcut()
	return []*fyne.MenuItem{newFact, addTo}
}

// addFactShortcuts registers the fact shortcuts and Ctrl+E (export) on the
// canvas, for when no widget has the focus.
func (w *window) addFactShortcuts(c fyne.Canvas) {
	c.AddShortcut(newFactShortcut(), func(fyne.Shortcut) { w.newFactFromSelection() })
	c.AddShortcut(addToFactShortcut(), func(fyne.Shortcut) { w.addSelectionToFact() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { w.exportFactSheet() })
}

// factToolbarButton is the toolbar's "New fact" button.
func (w *window) factToolbarButton() *widget.Button {
	b := widget.NewButtonWithIcon("New fact", theme.ContentAddIcon(), w.newFactFromSelection)
	b.Importance = widget.LowImportance
	return b
}

// sideTabs puts the annotations sidebar and the facts panel in tabs.
func (w *window) sideTabs() fyne.CanvasObject {
	w.facts.tab = container.NewTabItem("Facts", w.facts.obj)
	w.facts.tabs = container.NewAppTabs(container.NewTabItem("Annotations", w.side.obj), w.facts.tab)
	return w.facts.tabs
}

// trackedWrite runs one store write and returns, with its error, the func
// to run on the UI goroutine that takes the new revision as the window's
// own (see beginTracked).
func (w *window) trackedWrite(ctx context.Context, st Store, write func() error) (func(), error) {
	track := w.beginTracked(ctx, st)
	err := write()
	return track(err), err
}

// storePassages creates the annotations the passages still need. It
// returns every passage's annotation ID, in order, the annotations it
// created, and the revision bookkeeping to run on the UI goroutine.
func (w *window) storePassages(ctx context.Context, st Store, ps []factPassage) (ids []int64, made []annotate.Annotation, dones []func(), err error) {
	for _, p := range ps {
		if p.existing.ID != 0 {
			ids = append(ids, p.existing.ID)
			continue
		}
		var got annotate.Annotation
		done, err := w.trackedWrite(ctx, st, func() error {
			var err error
			got, err = st.CreateAnnotation(ctx, p.fresh)
			return err
		})
		dones = append(dones, done)
		if err != nil {
			return ids, made, dones, fmt.Errorf("tag passage in %s: %w", p.outlet, err)
		}
		if got.Outlet == "" {
			got.Outlet = p.outlet
		}
		ids = append(ids, got.ID)
		made = append(made, got)
	}
	return ids, made, dones, nil
}

// passagesStored shows annotations a fact action created, as undoable
// tagging steps, and collapses the selections it used.
func (w *window) passagesStored(ps []factPassage, made []annotate.Annotation) {
	for i := range made {
		w.hist.push(created(made[i]))
		w.applyLocal(nil, &made[i], false)
	}
	if len(made) > 0 {
		w.menu.updateUndo()
	}
	for _, p := range ps {
		if v := w.panes.showing(p.articleID); v != nil && v.reading.Selection() == p.span {
			v.reading.SetSelection(annotate.Span{Start: p.span.End, End: p.span.End})
		}
	}
}

// createFact stores f with the passages as its support.
func (w *window) createFact(ps []factPassage, f annotate.Fact) {
	st := w.store
	w.wk.write(func(ctx context.Context) func() {
		ids, made, dones, err := w.storePassages(ctx, st, ps)
		var got annotate.Fact
		if err == nil {
			for _, id := range ids {
				f.Links = append(f.Links, annotate.FactLink{AnnotationID: id})
			}
			var done func()
			done, err = w.trackedWrite(ctx, st, func() error {
				var err error
				got, err = st.AddFact(ctx, f)
				return err
			})
			dones = append(dones, done)
		}
		return func() {
			if st != w.store {
				return
			}
			for _, d := range dones {
				d()
			}
			w.passagesStored(ps, made)
			if err != nil {
				w.fail("create fact", err)
				w.facts.load()
				return
			}
			w.facts.selectOnLoad(got.ID)
			w.facts.load()
			w.facts.reveal()
			w.note(fmt.Sprintf("Fact #%d created from %s.", got.ID, countNoun(len(ids), "passage")))
		}
	})
}

// linkPassages ties the passages to fact id as support, or as
// contradiction.
func (w *window) linkPassages(ps []factPassage, factID int64, contradicts bool) {
	st := w.store
	w.wk.write(func(ctx context.Context) func() {
		ids, made, dones, err := w.storePassages(ctx, st, ps)
		for _, id := range ids {
			if err != nil {
				break
			}
			var done func()
			done, err = w.trackedWrite(ctx, st, func() error { return st.LinkFact(ctx, factID, id, contradicts) })
			dones = append(dones, done)
		}
		return func() {
			if st != w.store {
				return
			}
			for _, d := range dones {
				d()
			}
			w.passagesStored(ps, made)
			w.facts.selectOnLoad(factID)
			w.facts.load()
			if err != nil {
				w.fail("add to fact", err)
				return
			}
			w.facts.reveal()
			side := "supporting"
			if contradicts {
				side = "contradicting"
			}
			w.note(fmt.Sprintf("Added %s %s fact #%d.", countNoun(len(ids), "passage"), side, factID))
		}
	})
}

// factWrite runs one fact change in the store. On the UI goroutine it then
// runs then (may be nil) when the write succeeded, or reports the error
// (what names the change) and reloads the facts; always (may be nil) runs
// in both cases, first.
func (w *window) factWrite(what string, write func(ctx context.Context, st Store) error, then, always func()) {
	st := w.store
	w.wk.write(func(ctx context.Context) func() {
		done, err := w.trackedWrite(ctx, st, func() error { return write(ctx, st) })
		return func() {
			if always != nil {
				always()
			}
			if st != w.store {
				return
			}
			done()
			if err != nil {
				w.fail(what, err)
				w.facts.load()
				return
			}
			if then != nil {
				then()
			}
		}
	})
}

// openExcerpt opens a fact's passage in a pane, scrolled to it and
// selected in the annotation list.
func (w *window) openExcerpt(e annotate.SheetExcerpt) {
	if _, ok := w.annotation(e.AnnotationID); ok {
		w.selectAnnotation(e.AnnotationID, true)
		return
	}
	w.openArticle(e.ArticleID, nil)
}

// countNoun is "1 passage" or "3 passages".
func countNoun(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// voiceNames joins voices: "Coastline Press Agency (also Northgate
// Gazette), The Ellery Standard", or "—" for none.
func voiceNames(vs []annotate.Voice) string {
	if len(vs) == 0 {
		return "—"
	}
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = v.String()
	}
	return strings.Join(names, ", ")
}

// setVoices shows voices in l, coloured by importance unless there are
// none.
func setVoices(l *widget.Label, vs []annotate.Voice, importance widget.Importance) {
	if len(vs) == 0 {
		importance = widget.MediumImportance
	}
	l.Importance = importance
	l.SetText(voiceNames(vs))
	l.Refresh()
}

// factSummary is the line under a fact in the list: which outlets are for,
// against and silent.
func factSummary(f annotate.SheetFact) string {
	if len(f.Supporters) == 0 && len(f.Contradictors) == 0 {
		return fmt.Sprintf("#%d · no passages yet", f.ID)
	}
	parts := []string{fmt.Sprintf("#%d", f.ID), "For: " + voiceNames(f.Supporters)}
	if len(f.Contradictors) > 0 {
		parts = append(parts, "Against: "+voiceNames(f.Contradictors))
	}
	if len(f.Silent) > 0 {
		parts = append(parts, "Silent: "+voiceNames(f.Silent))
	}
	return strings.Join(parts, " · ")
}

// factLabel names a fact in a menu: "#3 · The council voted 7–4".
func factLabel(f annotate.SheetFact) string {
	return fmt.Sprintf("#%d · %s", f.ID, excerpt(f.Text, 70))
}
