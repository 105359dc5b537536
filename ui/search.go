package ui

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
	"factdesk/storage"
)

// searchDelay is how long the search box waits after the last keystroke.
const searchDelay = 250 * time.Millisecond

// searchLimit is how many results a search lists.
const searchLimit = 100

// snippetPart is a run of a search snippet; matched words are marked.
type snippetPart struct {
	Text  string
	Match bool
}

// snippetLead is how many words of context a snippet keeps before its
// first match, so that the match shows on a narrow line.
const snippetLead = 2

// snippetParts splits a search snippet at storage.SnippetMark into plain
// runs and matched words, on one line, with at most snippetLead words
// before the first match.
func snippetParts(snippet string) []snippetPart {
	pieces := strings.Split(collapseSpace(snippet), storage.SnippetMark)
	parts := make([]snippetPart, 0, len(pieces))
	for i, p := range pieces {
		if p == "" {
			continue
		}
		if i == 0 && len(pieces) > 1 {
			if words := strings.Fields(p); len(words) > snippetLead {
				p = storage.SnippetEllipsis + strings.Join(words[len(words)-snippetLead:], " ") + " "
			}
		}
		parts = append(parts, snippetPart{Text: p, Match: i%2 == 1})
	}
	return parts
}

// snippetLine draws a search snippet on one line, matched words bold in the
// primary colour, cut with an ellipsis where the row ends. (RichText
// truncates only its first segment.)
type snippetLine struct {
	widget.BaseWidget
	parts []snippetPart
}

func newSnippetLine() *snippetLine {
	l := &snippetLine{}
	l.ExtendBaseWidget(l)
	return l
}

// SetParts replaces the snippet.
func (l *snippetLine) SetParts(parts []snippetPart) {
	l.parts = parts
	l.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (l *snippetLine) CreateRenderer() fyne.WidgetRenderer {
	return &snippetRenderer{line: l}
}

type snippetRenderer struct {
	line  *snippetLine
	texts []*canvas.Text
	objs  []fyne.CanvasObject
}

func (r *snippetRenderer) Destroy() {}

func (r *snippetRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *snippetRenderer) MinSize() fyne.Size {
	th := r.line.Theme()
	h := fyne.MeasureText("Ag", th.Size(theme.SizeNameText), fyne.TextStyle{}).Height
	return fyne.NewSize(th.Size(theme.SizeNameInnerPadding)*2, h+th.Size(theme.SizeNameInnerPadding))
}

func (r *snippetRenderer) Refresh() {
	th := r.line.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	for len(r.texts) < len(r.line.parts) {
		r.texts = append(r.texts, canvas.NewText("", nil))
	}
	r.objs = r.objs[:0]
	for i, p := range r.line.parts {
		t := r.texts[i]
		t.TextSize = th.Size(theme.SizeNameText)
		t.TextStyle = fyne.TextStyle{Bold: p.Match}
		t.Color = th.Color(theme.ColorNameForeground, v)
		if p.Match {
			t.Color = th.Color(theme.ColorNamePrimary, v)
		}
		r.objs = append(r.objs, t)
	}
	r.Layout(r.line.Size())
	canvas.Refresh(r.line)
}

// Layout places the runs left to right and cuts the one that reaches the
// edge.
func (r *snippetRenderer) Layout(size fyne.Size) {
	pad := r.line.Theme().Size(theme.SizeNameInnerPadding)
	x, limit := pad, size.Width-pad
	for i, p := range r.line.parts {
		if i >= len(r.texts) {
			break
		}
		t := r.texts[i]
		t.Text = p.Text
		w := fyne.MeasureText(t.Text, t.TextSize, t.TextStyle).Width
		switch {
		case x >= limit:
			t.Text = ""
		case x+w > limit:
			t.Text = fitText(p.Text, limit-x, func(s string) float32 {
				return fyne.MeasureText(s, t.TextSize, t.TextStyle).Width
			})
		}
		t.Move(fyne.NewPos(x, pad/2))
		t.Resize(fyne.NewSize(w, size.Height-pad))
		x += w
	}
}

// fitText is the longest prefix of s that, with an ellipsis, measures at
// most width.
func fitText(s string, width float32, measure func(string) float32) string {
	r := []rune(s)
	lo, hi := 0, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if measure(string(r[:mid])+"…") <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return ""
	}
	return strings.TrimRight(string(r[:lo]), " ") + "…"
}

// hitSpan is the span of the word that starts at offset in body, for
// selecting a search hit; it is empty when no word starts there.
func hitSpan(body string, offset int) annotate.Span {
	t := annotate.NewText(body)
	offset = min(max(offset, 0), t.Len())
	end := offset
	for _, r := range t.Slice(annotate.Span{Start: offset, End: min(t.Len(), offset+200)}) {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
			break
		}
		end++
	}
	return annotate.Span{Start: offset, End: end}
}

// searchPanel is the search box in the top bar and its results, listed in
// place of the navigator while a query is open.
type searchPanel struct {
	w *window

	entry   *widget.Entry
	summary *widget.Label
	list    *widget.List
	results *fyne.Container

	hits  []storage.Hit
	query string
	seq   int
	stop  func() bool
	quiet bool
}

func newSearchPanel(w *window) *searchPanel {
	s := &searchPanel{w: w}
	s.entry = widget.NewEntry()
	s.entry.SetPlaceHolder("Search all articles and notes (Ctrl+F)")
	s.entry.ActionItem = widget.NewButtonWithIcon("", theme.SearchIcon(), func() { s.search(s.entry.Text) })
	s.entry.OnChanged = func(q string) {
		if s.quiet {
			return
		}
		if s.stop != nil {
			s.stop()
		}
		s.stop = w.wk.after(searchDelay, func() { s.search(s.entry.Text) })
	}
	s.entry.OnSubmitted = s.search

	s.summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.summary.Truncation = fyne.TextTruncateEllipsis
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), s.clear)
	closeBtn.Importance = widget.LowImportance
	s.list = widget.NewList(func() int { return len(s.hits) }, s.createRow, s.updateRow)
	s.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(s.hits) {
			w.openHit(s.hits[i])
		}
	}
	s.results = container.NewBorder(container.NewBorder(nil, nil, nil, closeBtn, s.summary), nil, nil, nil, s.list)
	s.results.Hide()
	return s
}

// focus puts the cursor in the search box.
func (s *searchPanel) focus() {
	s.w.win.Canvas().Focus(s.entry)
}

// clear closes the results and empties the box.
func (s *searchPanel) clear() {
	if s.stop != nil {
		s.stop()
		s.stop = nil
	}
	s.seq++
	s.query, s.hits = "", nil
	s.quiet = true
	s.entry.SetText("")
	s.quiet = false
	s.list.UnselectAll()
	s.list.Refresh()
	s.results.Hide()
	s.w.nav.obj.Show()
}

// run puts q in the search box and searches for it.
func (s *searchPanel) run(q string) {
	if s.entry.Text != q {
		s.quiet = true
		s.entry.SetText(q)
		s.quiet = false
	}
	s.search(q)
}

// indexNotice is how many articles waiting for the search index make the
// search panel say it is indexing them (some 100 ms of work).
const indexNotice = 1000

// indexingText is what the search panel says while a search indexes n
// articles first.
func indexingText(n int) string {
	return fmt.Sprintf("Indexing %d articles…", n)
}

// search searches the store for q, the search box's text, and lists the
// results.
func (s *searchPanel) search(q string) {
	if s.stop != nil {
		s.stop()
		s.stop = nil
	}
	if strings.TrimSpace(q) == "" {
		s.clear()
		return
	}
	s.query = q
	s.seq++
	seq, st := s.seq, s.w.store
	s.summary.SetText("Searching…")
	s.results.Show()
	s.w.nav.obj.Hide()
	post := s.w.opts.post
	s.w.wk.read(func(ctx context.Context) func() {
		// Articles an interrupted import left unindexed are indexed by
		// the search first: say so when that takes a while.
		if n, err := st.PendingIndex(ctx); err == nil && n >= indexNotice {
			post(func() {
				if seq == s.seq {
					s.summary.SetText(indexingText(n))
				}
			})
		}
		hits, err := st.Search(ctx, q, searchLimit)
		return func() {
			if seq != s.seq || st != s.w.store {
				return
			}
			if err != nil {
				s.summary.SetText("Search failed")
				s.w.fail("search", err)
				return
			}
			s.hits = hits
			switch len(hits) {
			case 0:
				s.summary.SetText(fmt.Sprintf("No results for “%s”", excerpt(q, 40)))
			case searchLimit:
				s.summary.SetText(fmt.Sprintf("First %d results for “%s”", len(hits), excerpt(q, 40)))
			default:
				s.summary.SetText(fmt.Sprintf("%d result%s for “%s”", len(hits), plural(len(hits)), excerpt(q, 40)))
			}
			s.list.UnselectAll()
			s.list.Refresh()
			s.list.ScrollToTop()
		}
	})
}

func (s *searchPanel) createRow() fyne.CanvasObject {
	outlet := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	outlet.Truncation = fyne.TextTruncateEllipsis
	title := widget.NewLabel("")
	title.Truncation = fyne.TextTruncateEllipsis
	return container.New(&tightVBox{}, outlet, title, newSnippetLine())
}

func (s *searchPanel) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(s.hits) {
		return
	}
	h := s.hits[i]
	c := o.(*fyne.Container)
	outlet, title, snippet := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Label), c.Objects[2].(*snippetLine)
	where := h.Outlet + " · " + h.Story
	if h.Kind == storage.HitAnnotation {
		where = h.Outlet + " · annotation"
	}
	outlet.SetText(where)
	title.SetText(h.Title)
	snippet.SetParts(snippetParts(h.Snippet))
}

// openHit opens a search result: the article at the match, selecting the
// matched word, or the annotation, selected and flashed.
func (w *window) openHit(h storage.Hit) {
	if art, ok := w.nav.article(h.ArticleID); ok {
		w.setStory(art.StoryID)
		w.nav.selectNode(articleNode(h.ArticleID))
	}
	if h.Kind == storage.HitAnnotation && h.AnnotationID != 0 {
		w.openArticle(h.ArticleID, func(*paneView) { w.selectAnnotation(h.AnnotationID, true) })
		return
	}
	w.openArticle(h.ArticleID, func(v *paneView) {
		v.reading.ScrollToOffset(h.Offset)
		v.reading.SetSelection(hitSpan(v.article.Body, h.Offset))
	})
}
