package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"

	"factdesk/annotate"
	"factdesk/storage"
)

// windowOptions adjust the window for tests.
type windowOptions struct {
	// post runs a func on the UI goroutine: fyne.Do in the app, a queue the
	// test drains in tests.
	post func(func())
	// pollEvery is how often the store's revision is checked for changes made
	// by other processes; 0 turns polling off.
	pollEvery time.Duration
}

// window is Factdesk's main window and everything it shows. All its fields
// belong to the UI goroutine; store calls go through wk.
type window struct {
	ctx   context.Context
	app   fyne.App
	win   fyne.Window
	cfg   Config
	opts  windowOptions
	wk    *worker
	store Store
	path  string
	owned io.Closer // a store opened through cfg.OpenStore, closed on switch and exit

	hist    history
	session int // editor session: edits of one field in one session undo together

	nav     *navigator
	panes   *paneArea
	side    *sidebar
	editor  *editor
	compare *comparePanel
	search  *searchPanel
	status  *statusBar
	menu    *menus
	facts   *factsPanel
	export  *exportDialog // the open Export fact sheet dialog, if any

	articles   map[int64][]annotate.Article // by story, as listed in the navigator
	storyID    int64
	anns       []annotate.Annotation // the story's annotations
	quotes     []annotate.Quote      // the story's detected quotes
	groups     []annotate.Group      // the story's quote groups
	tags       []string              // every tag in the store, for completion
	selected   int64                 // selected annotation, 0 for none
	storySeq   int                   // bumps per story load; stale loads are dropped
	knownRev   int64                 // store revision the window shows
	syncScroll bool
	importing  bool
	pollStop   context.CancelFunc

	quoteCmp   *quoteCompare   // the quote comparison window, when open
	articleCmp *articleCompare // the article comparison window, when open
}

func newWindow(ctx context.Context, a fyne.App, cfg Config, opts windowOptions) *window {
	w := &window{
		ctx:      ctx,
		app:      a,
		cfg:      cfg,
		opts:     opts,
		store:    cfg.Store,
		path:     cfg.Path,
		articles: map[int64][]annotate.Article{},
		hist:     history{limit: 500},
	}
	w.wk = newWorker(ctx, opts.post)
	w.win = a.NewWindow(windowTitle(cfg.Path))

	w.nav = newNavigator(w.selectStory, w.openNavArticle)
	w.panes = newPaneArea()
	w.panes.list.resize(2, func() *paneView { return newPaneView(w) })
	w.panes.relayout()
	w.editor = newEditor(w)
	w.compare = newComparePanel(w)
	w.side = newSidebar(w)
	w.facts = newFactsPanel(w)
	w.search = newSearchPanel(w)
	w.status = newStatusBar(cfg.Path)
	w.menu = newMenus(w)

	left := container.NewStack(w.nav.obj, w.search.results)
	inner := container.NewHSplit(w.panes.root, w.sideTabs())
	inner.Offset = 0.72
	outer := container.NewHSplit(left, inner)
	outer.Offset = 0.2
	w.win.SetContent(container.NewBorder(w.topBar(), w.status.obj, nil, nil, outer))
	w.win.SetMainMenu(w.menu.main)
	w.addShortcuts()
	w.win.SetOnDropped(w.dropped)
	w.win.SetCloseIntercept(func() {
		w.flush()
		w.win.Close()
	})
	a.Settings().AddListener(func(fyne.Settings) { w.themeChanged() })
	return w
}

// start loads the store into the window: it seeds it first when Config.Seed
// is set, then lists the stories and opens the first one, and starts
// watching the store for changes by other processes.
func (w *window) start() {
	if w.cfg.Seed != nil {
		w.runSeed(w.cfg.Seed)
	} else {
		w.loadStories(true)
	}
	w.startPolling()
}

// shutdown saves what is pending, waits up to timeout for writes to reach
// the store, and closes a store the window opened itself.
func (w *window) shutdown(timeout time.Duration) error {
	w.flush()
	if w.pollStop != nil {
		w.pollStop()
	}
	var errs []error
	if !w.wk.stop(timeout) {
		errs = append(errs, errors.New("some changes were still being saved when the window closed"))
	}
	if w.owned != nil {
		if err := w.owned.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// flush saves an edit still waiting for its debounce.
func (w *window) flush() {
	w.editor.flush()
	w.facts.flush()
}

// dark reports whether the current theme is dark.
func (w *window) dark() bool { return appIsDark(w.app) }

// themeChanged recolours the highlights after a theme switch.
func (w *window) themeChanged() {
	dark := w.dark()
	for _, v := range w.panes.list.items {
		v.setHighlights(dark)
		v.setActive(v == w.panes.active())
	}
	w.side.list.Refresh()
	if a, ok := w.annotation(w.selected); ok {
		w.compare.show(a)
	}
}

// fail reports an error in the status bar and a dialog.
func (w *window) fail(what string, err error) {
	err = fmt.Errorf("%s: %w", what, err)
	w.status.message("Error: " + err.Error())
	dialog.ShowError(err, w.win)
}

// note writes a message in the status bar.
func (w *window) note(msg string) { w.status.message(msg) }

// loadStories lists the stories and their articles. With openFirst and no
// story selected, it opens the first story.
func (w *window) loadStories(openFirst bool) {
	st := w.store
	w.wk.read(func(ctx context.Context) func() {
		rev, revErr := st.Revision(ctx)
		stories, err := st.Stories(ctx)
		var arts []annotate.Article
		if err == nil {
			arts, err = st.Articles(ctx, storage.ArticleFilter{})
		}
		return func() {
			if st != w.store {
				return
			}
			if err != nil {
				w.fail("list stories", err)
				return
			}
			if revErr == nil {
				w.knownRev = rev
			}
			w.articles = make(map[int64][]annotate.Article)
			for _, a := range arts {
				w.articles[a.StoryID] = append(w.articles[a.StoryID], a)
			}
			w.nav.set(stories, w.articles)
			if _, ok := w.nav.story(w.storyID); w.storyID != 0 && !ok {
				w.clearStory()
			}
			if w.storyID == 0 && openFirst && len(stories) > 0 {
				w.nav.selectNode(storyNode(stories[0].ID))
				w.selectStory(stories[0].ID)
			}
		}
	})
}

// clearStory empties the sidebar and the panes.
func (w *window) clearStory() {
	w.storyID = 0
	w.anns, w.quotes, w.groups = nil, nil, nil
	w.selectAnnotation(0, false)
	w.side.setAnnotations(nil)
	w.facts.clear()
	for _, v := range w.panes.list.items {
		v.showEmpty()
	}
	w.syncCompareWindows(false)
}

// selectStory makes id the current story and opens its first articles side
// by side: three when the reading area is wide enough, else two.
func (w *window) selectStory(id int64) {
	w.setStory(id)
	arts := w.articles[id]
	n := min(len(arts), w.defaultPaneCount())
	for _, v := range w.panes.list.resize(max(n, 1), func() *paneView { return newPaneView(w) }) {
		v.loadSeq++ // drop loads still running for removed panes
	}
	w.panes.relayout()
	for i, v := range w.panes.list.items {
		if i < len(arts) {
			w.loadPane(v, arts[i].ID, nil)
		} else {
			v.loadSeq++
			v.showEmpty()
		}
	}
}

// defaultPaneCount is how many panes a story opens with: as many as fit at a
// comfortable reading width, two or three.
func (w *window) defaultPaneCount() int {
	const readable = 380
	width := w.panes.root.Size().Width
	if width >= 3*readable {
		return 3
	}
	return 2
}

// setStory makes id the current story and loads its annotations, quotes and
// groups into the sidebar, without touching the panes.
func (w *window) setStory(id int64) {
	if id == w.storyID {
		return
	}
	w.flush()
	w.storyID = id
	w.selectAnnotation(0, false)
	w.anns, w.quotes, w.groups = nil, nil, nil
	w.side.resetFilter()
	w.side.setAnnotations(nil)
	s, _ := w.nav.story(id)
	w.side.setStory(s.Name)
	w.loadStoryData()
	w.syncCompareWindows(false)
}

// loadStoryData (re)loads the current story's annotations, quotes, groups
// and the store's tags, keeping the selected annotation.
func (w *window) loadStoryData() {
	st, id := w.store, w.storyID
	if id == 0 {
		return
	}
	w.storySeq++
	seq := w.storySeq
	w.facts.load()
	w.wk.read(func(ctx context.Context) func() {
		anns, err1 := st.Annotations(ctx, storage.AnnotationFilter{StoryID: id})
		quotes, err2 := st.Quotes(ctx, storage.QuoteFilter{StoryID: id})
		groups, err3 := st.GroupsWithoutDiffs(ctx, id) // the compare panel diffs what it shows
		tags, err4 := st.Tags(ctx)
		return func() {
			if seq != w.storySeq || st != w.store {
				return
			}
			if err := errors.Join(err1, err2, err3, err4); err != nil {
				w.fail("load story", err)
				return
			}
			w.anns, w.quotes, w.groups, w.tags = anns, quotes, groups, tags
			w.side.setAnnotations(anns)
			w.editor.setTags(tags)
			if a, ok := w.annotation(w.selected); ok {
				w.side.markSelected(a.ID)
				w.editor.refresh(a)
				w.compare.show(a)
			} else if w.selected != 0 {
				w.selectAnnotation(0, false)
			}
		}
	})
}

// openNavArticle opens an article chosen in the navigator.
func (w *window) openNavArticle(a annotate.Article) {
	w.setStory(a.StoryID)
	w.openArticle(a.ID, nil)
}

// openArticle shows article id in a pane and then runs then (may be nil) on
// that pane: the pane already showing it, else the active pane.
func (w *window) openArticle(id int64, then func(v *paneView)) {
	if v := w.panes.showing(id); v != nil {
		w.activatePane(v)
		if then == nil {
			return
		}
		if v.loading == id {
			v.onLoad = append(v.onLoad, func() { then(v) })
		} else {
			then(v)
		}
		return
	}
	v := w.panes.active()
	var fn func()
	if then != nil {
		fn = func() { then(v) }
	}
	w.loadPane(v, id, fn)
}

// loadPane loads article id with its annotations and quotes into v.
func (w *window) loadPane(v *paneView, id int64, then func()) {
	st := w.store
	if v.loading != id {
		v.onLoad = nil
	}
	v.loadSeq++
	seq := v.loadSeq
	v.loading = id
	if then != nil {
		v.onLoad = append(v.onLoad, then)
	}
	w.wk.read(func(ctx context.Context) func() {
		art, err1 := st.Article(ctx, id)
		anns, err2 := st.Annotations(ctx, storage.AnnotationFilter{ArticleID: id})
		quotes, err3 := st.Quotes(ctx, storage.QuoteFilter{ArticleID: id})
		return func() {
			if seq != v.loadSeq || st != w.store {
				return
			}
			v.loading = 0
			if err := errors.Join(err1, err2, err3); err != nil {
				v.onLoad = nil
				w.fail("open article", err)
				return
			}
			v.show(art, anns, quotes, w.dark())
			v.reading.SetEmphasis(w.selected)
			fns := v.onLoad
			v.onLoad = nil
			for _, fn := range fns {
				fn()
			}
		}
	})
}

// activatePane makes v the pane that shortcuts and links act on. A pane
// showing another story's article makes that story current, so that the
// sidebar lists what the editor is working on.
func (w *window) activatePane(v *paneView) {
	w.panes.activate(v)
	if id := v.article.StoryID; id != 0 && id != w.storyID {
		w.setStory(id)
		w.nav.selectNode(storyNode(id))
	}
}

// addPane opens an empty pane right of the active one.
func (w *window) addPane() {
	if !w.panes.list.add(newPaneView(w)) {
		w.note(fmt.Sprintf("At most %d panes fit side by side.", maxPanes))
		return
	}
	w.panes.relayout()
}

// removePane closes v (the last pane stays).
func (w *window) removePane(v *paneView) {
	i := w.panes.list.index(func(p *paneView) bool { return p == v })
	if _, ok := w.panes.list.remove(i); ok {
		v.loadSeq++
		w.panes.relayout()
	}
}

// movePane swaps v with its left (-1) or right (+1) neighbour.
func (w *window) movePane(v *paneView, delta int) {
	i := w.panes.list.index(func(p *paneView) bool { return p == v })
	if w.panes.list.move(i, delta) {
		w.panes.relayout()
	}
}

// paneScrolled mirrors a pane's scroll position in the others when
// synchronised scrolling is on.
func (w *window) paneScrolled(v *paneView, f float32) {
	if !w.syncScroll {
		return
	}
	for _, o := range w.panes.list.items {
		if o != v && o.article.ID != 0 {
			o.reading.ScrollToFraction(f)
		}
	}
}

// paneMenuItems are the window's additions to a pane's right-click menu.
func (w *window) paneMenuItems(v *paneView) []*fyne.MenuItem {
	items := w.factMenuItems(v)
	if sel := v.reading.SelectedText(); sel != "" {
		q := excerpt(sel, 30)
		items = append(items, fyne.NewMenuItem("Search the store for “"+q+"”", func() {
			w.search.run(sel)
		}))
	}
	if w.panes.list.len() > 1 {
		items = append(items, fyne.NewMenuItem("Close pane", func() { w.removePane(v) }))
	}
	if v.article.ID != 0 {
		items = append(items, fyne.NewMenuItem("Compare with another article", func() {
			w.openArticleCompare(v.article.ID, 0)
		}))
	}
	items = append(items, fyne.NewMenuItem("Open in a new pane", func() {
		if v.article.ID == 0 {
			return
		}
		w.addPane()
		w.loadPane(w.panes.active(), v.article.ID, nil)
	}))
	return items
}

// startPolling checks the store's revision every pollEvery and reloads when
// another process changed it.
func (w *window) startPolling() {
	if w.pollStop != nil {
		w.pollStop()
		w.pollStop = nil
	}
	if w.opts.pollEvery <= 0 {
		return
	}
	ctx, cancel := context.WithCancel(w.ctx)
	w.pollStop = cancel
	st, every, post := w.store, w.opts.pollEvery, w.opts.post
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			rev, err := st.Revision(ctx)
			if err != nil || ctx.Err() != nil {
				continue
			}
			post(func() {
				if ctx.Err() != nil || st != w.store || rev == w.knownRev {
					return
				}
				if w.importing || w.wk.writesPending() || w.editor.dirty() || w.facts.dirty() {
					return // look again next tick, once our own work settled
				}
				w.knownRev = rev
				w.reload()
			})
		}
	}()
}

// reload refreshes everything from the store, keeping the story, the panes'
// articles, the selected annotation and the filters.
func (w *window) reload() {
	w.loadStories(true)
	w.loadStoryData()
	for _, v := range w.panes.list.items {
		if v.article.ID != 0 {
			w.loadPane(v, v.article.ID, nil)
		}
	}
	if w.search.query != "" {
		w.search.search(w.search.query)
	}
	w.syncCompareWindows(true)
}

// switchStore moves the window to another store, closing one it opened
// before.
func (w *window) switchStore(st Store, path string) {
	w.flush()
	if w.owned != nil {
		old := w.owned
		w.wk.write(func(context.Context) func() {
			if err := old.Close(); err != nil {
				return func() { w.note("Close previous store: " + err.Error()) }
			}
			return nil
		})
	}
	w.owned = nil
	if c, ok := st.(io.Closer); ok {
		w.owned = c
	}
	w.store, w.path = st, path
	w.hist.reset()
	w.menu.updateUndo()
	w.win.SetTitle(windowTitle(path))
	w.status.setStore(path)
	w.nav.set(nil, nil)
	w.clearStory()
	w.search.clear()
	w.knownRev = 0
	w.loadStories(true)
	w.startPolling()
}

// excerpt shortens s to at most n code points on one line.
func excerpt(s string, n int) string {
	r := []rune(collapseSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}
