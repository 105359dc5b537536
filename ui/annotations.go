package ui

import (
	"context"
	"fmt"
	"slices"

	"factdesk/annotate"
)

// annotation finds a loaded annotation: in the story or in an open pane.
func (w *window) annotation(id int64) (annotate.Annotation, bool) {
	if id == 0 {
		return annotate.Annotation{}, false
	}
	for _, a := range w.anns {
		if a.ID == id {
			return a, true
		}
	}
	for _, v := range w.panes.list.items {
		if a, ok := v.annotation(id); ok {
			return a, true
		}
	}
	return annotate.Annotation{}, false
}

// articleStory is the story an article belongs to, as far as the window
// knows.
func (w *window) articleStory(articleID int64) int64 {
	if a, ok := w.nav.article(articleID); ok {
		return a.StoryID
	}
	for _, v := range w.panes.list.items {
		if v.article.ID == articleID {
			return v.article.StoryID
		}
	}
	return 0
}

// annotateActive tags the active pane's selection; it serves the shortcuts,
// the Edit menu and the toolbar.
func (w *window) annotateActive(kind annotate.Kind) {
	v := w.panes.active()
	w.createAnnotation(v, kind, v.reading.Selection())
}

// createAnnotation stores a new annotation of sel in v's article at once and
// opens it in the editor. A quote over a detected quote gets its speaker.
func (w *window) createAnnotation(v *paneView, kind annotate.Kind, sel annotate.Span) {
	if v.article.ID == 0 || sel.Empty() {
		w.note("Select some text in an article first, then tag it.")
		return
	}
	a, err := annotate.NewAnnotation(v.article.ID, v.article.Body, sel, kind)
	if err != nil {
		w.fail("tag selection", err)
		return
	}
	if kind == annotate.KindQuote {
		if q, ok := overlappingQuote(v.quotes, v.article.ID, sel); ok {
			a.Speaker = q.Speaker
		}
	}
	w.insert(a, v)
}

// insert creates a in the store and selects it.
func (w *window) insert(a annotate.Annotation, v *paneView) {
	w.flush()
	st := w.store
	outlet := v.article.Outlet
	w.wk.write(func(ctx context.Context) func() {
		track := w.beginTracked(ctx, st)
		got, err := st.CreateAnnotation(ctx, a)
		done := track(err)
		return func() {
			if st != w.store {
				return
			}
			if err != nil {
				w.fail("save annotation", err)
				return
			}
			done()
			if got.Outlet == "" {
				got.Outlet = outlet
			}
			w.hist.push(created(got))
			w.applyLocal(nil, &got, false)
			w.selectAnnotation(got.ID, false)
			if v.article.ID == got.ArticleID {
				v.reading.SetSelection(annotate.Span{Start: got.End, End: got.End})
			}
			w.menu.updateUndo()
			w.note(fmt.Sprintf("Tagged as %s. Ctrl+Z undoes.", got.Kind))
		}
	})
}

// beginTracked reads the store's revision before a write; the func it
// returns, given the write's error, reads it again and returns a func to run
// on the UI goroutine that accepts the new revision as the window's own when
// nothing else wrote in between. Polling then reloads only for other
// processes' changes.
func (w *window) beginTracked(ctx context.Context, st Store) func(error) func() {
	before, err := st.Revision(ctx)
	return func(werr error) func() {
		if err != nil || werr != nil {
			return func() {}
		}
		after, err := st.Revision(ctx)
		return func() {
			if err == nil && w.knownRev == before && after == before+1 {
				w.knownRev = after
			}
		}
	}
}

// overlappingQuote is the detected body quote of article that overlaps sp
// most, if any does.
func overlappingQuote(quotes []annotate.Quote, articleID int64, sp annotate.Span) (annotate.Quote, bool) {
	best, bestLen := annotate.Quote{}, 0
	for _, q := range quotes {
		if q.ArticleID != articleID || q.InTitle || !q.Span.Overlaps(sp) {
			continue
		}
		n := min(q.End, sp.End) - max(q.Start, sp.Start)
		if n > bestLen {
			best, bestLen = q, n
		}
	}
	return best, bestLen > 0
}

// applyLocal shows a change in every list and pane: before is the
// annotation as it was (nil if new), after as it is (nil if deleted). With
// fromEditor the editor's fields, which already hold after, are left alone.
func (w *window) applyLocal(before, after *annotate.Annotation, fromEditor bool) {
	var id, articleID int64
	switch {
	case after != nil:
		id, articleID = after.ID, after.ArticleID
	case before != nil:
		id, articleID = before.ID, before.ArticleID
	default:
		return
	}
	if w.storyID != 0 && w.articleStory(articleID) == w.storyID {
		w.anns = replaceAnnotation(w.anns, id, after)
		w.side.setAnnotations(w.anns)
		w.facts.annotationChanged(before, after)
	}
	dark := w.dark()
	for _, v := range w.panes.list.items {
		if v.article.ID == articleID {
			v.anns = replaceAnnotation(v.anns, id, after)
			v.setHighlights(dark)
		}
	}
	if after != nil {
		w.tags = mergeTags(w.tags, after.Tags)
		w.editor.setTags(w.tags)
	}
	switch {
	case w.selected == id && after == nil:
		w.selectAnnotation(0, false)
	case w.selected == id && !fromEditor:
		w.editor.refresh(*after)
		w.compare.show(*after)
	}
}

// replaceAnnotation puts a (or nothing, when a is nil) in place of the
// annotation id in list, keeping list ordered by article and offset.
func replaceAnnotation(list []annotate.Annotation, id int64, a *annotate.Annotation) []annotate.Annotation {
	out := make([]annotate.Annotation, 0, len(list)+1)
	for _, x := range list {
		if x.ID != id {
			out = append(out, x)
		}
	}
	if a != nil {
		out = append(out, *a)
	}
	slices.SortStableFunc(out, func(x, y annotate.Annotation) int {
		if x.ArticleID != y.ArticleID {
			return compareInt64(x.ArticleID, y.ArticleID)
		}
		if x.Start != y.Start {
			return x.Start - y.Start
		}
		return compareInt64(x.ID, y.ID)
	})
	return out
}

func compareInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// mergeTags adds tags missing from have, keeping it sorted.
func mergeTags(have, add []string) []string {
	out := slices.Clone(have)
	for _, t := range add {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// selectAnnotation selects annotation id (0 clears the selection) in the
// sidebar, the editor and the panes; with reveal it also opens its article,
// scrolls to it and flashes it.
func (w *window) selectAnnotation(id int64, reveal bool) {
	if id != w.selected {
		w.flush()
		w.session++
	}
	w.selected = id
	for _, v := range w.panes.list.items {
		v.reading.SetEmphasis(id)
	}
	a, ok := w.annotation(id)
	w.menu.setSelected(ok)
	if !ok {
		w.selected = 0
		w.side.markSelected(0)
		w.editor.clear()
		w.compare.clear()
		return
	}
	w.side.markSelected(id)
	w.editor.show(a)
	w.compare.show(a)
	if reveal {
		w.reveal(a)
	}
}

// reveal opens a's article, scrolls to a and flashes it.
func (w *window) reveal(a annotate.Annotation) {
	w.openArticle(a.ArticleID, func(v *paneView) {
		if a.Anchor == annotate.AnchorOrphaned {
			w.note("This annotation is orphaned: its text is no longer in the article.")
			return
		}
		v.reading.ScrollToOffset(a.Start)
		v.reading.SetEmphasis(a.ID)
		v.reading.Flash(a.ID)
	})
}

// highlightTapped selects the annotation under a click, or offers to tag a
// detected quote.
func (w *window) highlightTapped(v *paneView, hid int64) {
	if qid, ok := highlightQuoteID(hid); ok {
		if q, ok := v.quote(qid); ok {
			w.selectAnnotation(0, false)
			w.editor.offerQuote(q)
		}
		return
	}
	w.selectAnnotation(hid, false)
}

// tagQuote turns a detected quote into a quote annotation with its speaker.
func (w *window) tagQuote(q annotate.Quote) {
	v := w.panes.showing(q.ArticleID)
	if v == nil || v.article.ID != q.ArticleID {
		w.note("Open the quote's article to tag it.")
		return
	}
	a, err := annotate.NewAnnotation(q.ArticleID, v.article.Body, q.Span, annotate.KindQuote)
	if err != nil {
		w.fail("tag quote", err)
		return
	}
	a.Speaker = q.Speaker
	w.insert(a, v)
}

// saveEdit stores an edit made in the editor.
func (w *window) saveEdit(before, after annotate.Annotation, field string) {
	w.hist.push(edited(before, after, w.session, field))
	w.menu.updateUndo()
	w.applyLocal(&before, &after, true)
	st := w.store
	w.wk.write(func(ctx context.Context) func() {
		track := w.beginTracked(ctx, st)
		_, err := st.UpdateAnnotation(ctx, after)
		done := track(err)
		return func() {
			if st != w.store {
				return
			}
			done()
			if err != nil {
				w.fail("save annotation", err)
				w.reload()
			}
		}
	})
}

// deleteAnnotation deletes a, undoably.
func (w *window) deleteAnnotation(a annotate.Annotation) {
	w.flush()
	c := deleted(a)
	w.hist.push(c)
	w.menu.updateUndo()
	w.applyChange(c)
	w.note(fmt.Sprintf("Deleted %s. Ctrl+Z undoes.", a.Kind))
}

// undo reverts the last annotation change.
func (w *window) undo() {
	w.flush()
	c, ok := w.hist.undo()
	if !ok {
		w.note("Nothing to undo.")
		return
	}
	w.session++
	w.applyChange(c)
	w.menu.updateUndo()
	w.note("Undid " + c.inverse().describe() + ".")
}

// redo makes the last undone change again.
func (w *window) redo() {
	w.flush()
	c, ok := w.hist.redo()
	if !ok {
		w.note("Nothing to redo.")
		return
	}
	w.session++
	w.applyChange(c)
	w.menu.updateUndo()
	w.note("Redid " + c.describe() + ".")
}

// applyChange shows c at once and writes it to the store; a failed write
// reloads the store's state.
func (w *window) applyChange(c change) {
	for _, p := range c.parts {
		w.applyLocal(p.Before, p.After, false)
	}
	w.applyLocal(c.Before, c.After, false)
	if c.After != nil && w.selected != c.After.ID {
		w.selectAnnotation(c.After.ID, false)
	}
	st := w.store
	w.wk.write(func(ctx context.Context) func() {
		track := w.beginTracked(ctx, st)
		err := apply(ctx, st, c)
		done := track(err)
		return func() {
			if st != w.store {
				return
			}
			done()
			if err != nil {
				w.fail("save change", err)
				w.reload()
			}
		}
	})
}
