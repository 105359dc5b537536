// Package ui is Factdesk's desktop app: a story navigator, article panes side
// by side, an annotations sidebar with its editor, search, imports, and
// undo/redo for every annotation change.
//
// The window talks to the store only through the Store interface declared
// here. Every store call runs off the UI goroutine and hands its result back
// through fyne.Do, so the window never waits on the disk.
package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"factdesk/annotate"
	"factdesk/storage"
	"factdesk/storage/ingest"
)

// AppID is the application ID from FyneApp.toml; it names the preferences
// file and the desktop entry.
const AppID = "test.example.factdesk"

// Store is what the window needs from the store. *storage.Store satisfies it.
type Store interface {
	Stories(ctx context.Context) ([]annotate.Story, error)
	Articles(ctx context.Context, f storage.ArticleFilter) ([]annotate.Article, error)
	Article(ctx context.Context, id int64) (annotate.Article, error)

	Annotations(ctx context.Context, f storage.AnnotationFilter) ([]annotate.Annotation, error)
	CreateAnnotation(ctx context.Context, a annotate.Annotation) (annotate.Annotation, error)
	UpdateAnnotation(ctx context.Context, a annotate.Annotation) (annotate.Annotation, error)
	DeleteAnnotation(ctx context.Context, id int64) error
	RestoreAnnotation(ctx context.Context, a annotate.Annotation) error
	Tags(ctx context.Context) ([]string, error)

	Quotes(ctx context.Context, f storage.QuoteFilter) ([]annotate.Quote, error)
	Groups(ctx context.Context, storyID int64) ([]annotate.Group, error)
	GroupsWithoutDiffs(ctx context.Context, storyID int64) ([]annotate.Group, error)

	Search(ctx context.Context, query string, limit int) ([]storage.Hit, error)
	PendingIndex(ctx context.Context) (int, error)
	Revision(ctx context.Context) (int64, error)

	// Quote-group corrections, for the comparison views (quotecompare.go).
	CorrectionStore

	// Facts and fact sheets.
	Facts(ctx context.Context, storyID int64) ([]annotate.Fact, error)
	AddFact(ctx context.Context, f annotate.Fact) (annotate.Fact, error)
	UpdateFact(ctx context.Context, f annotate.Fact) (annotate.Fact, error)
	DeleteFact(ctx context.Context, id int64) error
	LinkFact(ctx context.Context, factID, annotationID int64, contradicts bool) error
	UnlinkFact(ctx context.Context, factID, annotationID int64) error
	FactSheetInput(ctx context.Context, storyID int64) (annotate.FactSheetInput, error)

	// Importing files, indexing them and refreshing quote groups.
	ingest.Store
	RefreshQuotes(ctx context.Context, storyID int64) error
}

var _ Store = (*storage.Store)(nil)

// Config is what Run needs to open the main window.
type Config struct {
	// Store is the open store the window starts on. The caller owns it and
	// closes it after Run returns.
	Store Store
	// Path is the store file, shown in the title bar.
	Path string
	// Seed, when set, runs once at start with a progress callback; main uses
	// it to fill an empty store with the sample corpus.
	Seed func(ctx context.Context, progress func(ingest.Progress)) error
	// Version is the build's version, shown in Help → About.
	Version string
	// OpenStore opens (creating when missing) the store at path, for File →
	// Open store… and File → New store…. Nil disables both items. The window
	// closes the stores it opened this way when it switches again or exits,
	// if they implement io.Closer.
	OpenStore func(ctx context.Context, path string) (Store, error)
}

// Run opens the main window on cfg.Store and blocks until the window closes
// or ctx is cancelled. Pending annotation edits are saved before it returns.
func Run(ctx context.Context, cfg Config) error {
	if cfg.Store == nil {
		return errors.New("run desktop app: no store")
	}
	a := app.NewWithID(AppID)
	applyTheme(a, loadThemeMode(a))
	useLazyFileWriters()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := openWindow(ctx, a, cfg)
	if err != nil {
		return err
	}
	w.win.Resize(fyne.NewSize(1400, 860))
	w.win.SetMaster()
	w.win.Show()
	w.start()

	quit := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			fyne.Do(func() {
				w.flush()
				a.Quit()
			})
		case <-quit:
		}
	}()
	a.Run()
	close(quit)
	if err := w.shutdown(5 * time.Second); err != nil {
		return fmt.Errorf("close window: %w", err)
	}
	return nil
}

// openWindow creates the main window. GLFW panics when it cannot reach a
// display, after logging why; nothing is running yet, so that panic becomes
// an error here and the user reads one line instead of a stack trace.
func openWindow(ctx context.Context, a fyne.App, cfg Config) (w *window, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("open the window: %v (no usable display: is DISPLAY or WAYLAND_DISPLAY set to a running server?)", r)
		}
	}()
	return newWindow(ctx, a, cfg, windowOptions{post: fyne.Do, pollEvery: 2 * time.Second}), nil
}

// windowTitle is the title bar text for a store file.
func windowTitle(path string) string {
	if path == "" {
		return "Factdesk"
	}
	return "Factdesk — " + filepath.Base(path)
}
