// Command factdesk is a desktop app for news editors and fact-checkers: read
// several outlets' coverage of a story side by side, tag facts, quotes and
// claims, compare how each outlet printed the same quote, and export fact
// sheets. Run with no command it opens the window; its commands serve scripts.
//
// main only wires the packages together: the CLI (ui/cli), the store
// (storage), the embedded sample corpus (assets) and the desktop UI (ui).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path"
	"syscall"

	"factdesk/assets"
	"factdesk/storage"
	"factdesk/storage/ingest"
	"factdesk/ui"
	"factdesk/ui/cli"
	_ "factdesk/ui/locale" // before Fyne initialises: see the package doc
)

// version is the release, stamped by the Makefile with -ldflags.
var version = "0.1.0-dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &cli.Env{
		Ctx:     ctx,
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Version: cli.Version(version),
		Desktop: func(path string) error { return desktop(ctx, path) },
	}
	code := cli.Run(env, os.Args[1:])
	stop()
	os.Exit(code)
}

// desktop opens the store, seeds an empty one with the sample corpus, and runs
// the window until it closes.
func desktop(ctx context.Context, storePath string) error {
	st, err := storage.Open(ctx, storePath)
	if err != nil {
		return fmt.Errorf("open store %s: %w", storePath, err)
	}
	defer st.Close()
	// Today's rolling backup, in the background: it reads every page, so it
	// also notices damage the quick open check does not look for. Closing the
	// window stops it (VACUUM INTO is interrupted and its temp file removed)
	// before the store closes.
	bctx, stopBackup := context.WithCancel(ctx)
	backupDone := make(chan struct{})
	defer func() { stopBackup(); <-backupDone }()
	go func() {
		defer close(backupDone)
		if _, err := st.DailyBackup(bctx); err != nil && bctx.Err() == nil {
			fmt.Fprintf(os.Stderr, "factdesk: daily backup: %v\n", err)
		}
	}()
	seed := func(ctx context.Context, progress func(ingest.Progress)) error {
		empty, err := st.IsEmpty(ctx)
		if err != nil || !empty {
			return err
		}
		rep := ingest.FS(ctx, st, assets.Sample, assets.SampleDir, []string{path.Base(assets.UpdatesDir)}, progress)
		if !rep.OK() {
			return fmt.Errorf("seed sample corpus: %s", rep.Summary())
		}
		return nil
	}
	return ui.Run(ctx, ui.Config{
		Store:   st,
		Path:    storePath,
		Seed:    seed,
		Version: version,
		OpenStore: func(ctx context.Context, p string) (ui.Store, error) {
			s, err := storage.Open(ctx, p)
			if err != nil {
				return nil, err // an untyped nil: the window never gets a nil *Store
			}
			return s, nil
		},
	})
}
