package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
	"factdesk/storage/ingest"
)

// progressText describes an import step for the status bar.
func progressText(p ingest.Progress) string {
	switch p.Stage {
	case ingest.StageScan:
		return "Looking for files…"
	case ingest.StageImport:
		if p.Path != "" {
			return fmt.Sprintf("Importing %d of %d: %s", min(p.Done+1, p.Total), p.Total, filepath.Base(p.Path))
		}
		return fmt.Sprintf("Imported %d of %d files", p.Done, p.Total)
	case ingest.StageIndex:
		if p.Total > 0 {
			return fmt.Sprintf("Indexing for search (%d of %d articles)", p.Done, p.Total)
		}
		return "Indexing for search…"
	case ingest.StageMatch:
		return fmt.Sprintf("Matching quotes across outlets (%d of %d stories)", p.Done, p.Total)
	case ingest.StageDone:
		return "Done"
	}
	return string(p.Stage)
}

// reportText sums an import up for the status bar and, when files failed,
// the error dialog.
func reportText(rep ingest.Report) (summary, details string) {
	summary = "Import: " + rep.Summary()
	var b strings.Builder
	shown := 0
	for _, f := range rep.Files {
		if f.Err == nil {
			continue
		}
		if shown == 10 {
			fmt.Fprintf(&b, "…and %d more.\n", rep.Failed-shown)
			break
		}
		fmt.Fprintf(&b, "• %s\n", f.Err)
		shown++
	}
	if rep.IndexErr != nil {
		fmt.Fprintf(&b, "Indexing for search failed (the articles are saved and are indexed at the next search): %s\n", rep.IndexErr)
	}
	if rep.MatchErr != nil {
		fmt.Fprintf(&b, "Quote matching failed (the articles are saved): %s\n", rep.MatchErr)
	}
	return summary, strings.TrimSpace(b.String())
}

// statusBar is the line at the bottom of the window: messages, a progress
// bar while importing, and the store file.
type statusBar struct {
	msg   *widget.Label
	stage *widget.Label
	bar   *widget.ProgressBar
	store *quietText
	busy  *fyne.Container
	obj   fyne.CanvasObject
}

func newStatusBar(path string) *statusBar {
	s := &statusBar{}
	s.msg = widget.NewLabel("Ready")
	s.msg.Truncation = fyne.TextTruncateEllipsis
	s.stage = widget.NewLabel("")
	s.stage.Truncation = fyne.TextTruncateEllipsis
	s.bar = widget.NewProgressBar()
	s.store = newQuietText(false)
	s.setStore(path)
	barBox := container.NewGridWrap(fyne.NewSize(220, s.bar.MinSize().Height), s.bar)
	s.busy = container.NewBorder(nil, nil, nil, barBox, s.stage)
	s.busy.Hide()
	s.obj = container.NewVBox(widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, s.store.RichText, container.NewStack(s.msg, s.busy)))
	return s
}

// message shows msg and ends any progress display.
func (s *statusBar) message(msg string) {
	s.msg.SetText(collapseSpace(msg))
}

// setStore names the store file.
func (s *statusBar) setStore(path string) {
	s.store.SetText(filepath.Base(path))
}

// progress shows an import step.
func (s *statusBar) progress(p ingest.Progress) {
	s.msg.Hide()
	s.busy.Show()
	s.stage.SetText(progressText(p))
	s.bar.SetValue(p.Fraction())
}

// idle hides the progress display.
func (s *statusBar) idle() {
	s.busy.Hide()
	s.msg.Show()
}

// runSeed runs the first-start seeding off the UI goroutine with progress,
// then loads the stories.
func (w *window) runSeed(seed func(context.Context, func(ingest.Progress)) error) {
	w.importing = true
	w.status.progress(ingest.Progress{Stage: ingest.StageScan})
	w.nav.setEmptyText("Loading…")
	post := w.opts.post
	w.wk.read(func(ctx context.Context) func() {
		err := seed(ctx, func(p ingest.Progress) {
			post(func() { w.status.progress(p) })
		})
		return func() {
			w.importing = false
			w.status.idle()
			w.nav.setEmptyText(noStories)
			if err != nil {
				w.fail("load the sample stories", err)
			}
			w.loadStories(true)
		}
	})
}

// importPaths imports files and folders through ingest, with progress in
// the status bar, then refreshes the window.
func (w *window) importPaths(paths []string) {
	if len(paths) == 0 {
		return
	}
	if w.importing {
		w.note("An import is already running; try again when it has finished.")
		return
	}
	w.importing = true
	w.status.progress(ingest.Progress{Stage: ingest.StageScan})
	st, post := w.store, w.opts.post
	w.wk.read(func(ctx context.Context) func() {
		rep := ingest.Paths(ctx, st, paths, annotate.Meta{}, func(p ingest.Progress) {
			post(func() { w.status.progress(p) })
		})
		return func() {
			w.importing = false
			w.status.idle()
			summary, details := reportText(rep)
			w.note(summary)
			if details != "" {
				dialog.ShowInformation("Some files were not imported", details, w.win)
			}
			if st == w.store {
				w.reload()
			}
		}
	})
}

// dropped imports files dropped on the window.
func (w *window) dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) == 0 {
		w.note("Only files and folders can be imported.")
		return
	}
	w.importPaths(paths)
}

// importFileDialog asks for a file to import.
func (w *window) importFileDialog() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			w.fail("choose a file", err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		w.importPaths([]string{path})
	}, w.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".txt", ".md", ".markdown", ".html", ".htm"}))
	d.SetConfirmText("Import")
	d.Show()
}

// importFolderDialog asks for a folder to import.
func (w *window) importFolderDialog() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			w.fail("choose a folder", err)
			return
		}
		if u == nil {
			return
		}
		w.importPaths([]string{u.Path()})
	}, w.win)
	d.SetConfirmText("Import")
	d.Show()
}
