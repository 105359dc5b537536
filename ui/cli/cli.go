// Package cli is Factdesk's command line: the same binary, headless, for
// scripts and tests. Each command opens the store, does one thing, prints
// plain text or (with --json) one JSON document to stdout, and reports
// errors on stderr with a non-zero exit.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"

	"github.com/alecthomas/kong"

	"factdesk/storage"
)

// Version is the build's version, set by main.
type Version string

// Globals are the flags every command takes.
type Globals struct {
	DB string `name:"db" env:"FACTDESK_DB" placeholder:"PATH" help:"Store file (default: $$XDG_DATA_HOME/factdesk/factdesk.db)."`
	// CPUProfile writes a Go CPU profile of the command, for `go tool
	// pprof` (docs/BENCHMARKS.md).
	CPUProfile string `name:"cpuprofile" hidden:"" type:"path" help:"Write a CPU profile of the command to this file."`
}

// StorePath resolves the store file: --db, FACTDESK_DB, or the user's default.
func (g Globals) StorePath() (string, error) {
	if g.DB != "" {
		return g.DB, nil
	}
	return DefaultStorePath()
}

// DefaultStorePath is $XDG_DATA_HOME/factdesk/factdesk.db, falling back to
// ~/.local/share/factdesk/factdesk.db.
func DefaultStorePath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find home folder for the default store: %w", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "factdesk", "factdesk.db"), nil
}

// Env is what commands run with: where to write and how to open the store.
type Env struct {
	Ctx     context.Context
	Stdout  io.Writer
	Stderr  io.Writer
	Version Version
	// Desktop opens the desktop app on a store path; main provides it so this
	// package needs no GUI driver.
	Desktop func(storePath string) error
}

// open opens the store named by the global flags.
func (g Globals) open(env *Env) (*storage.Store, error) {
	p, err := g.StorePath()
	if err != nil {
		return nil, err
	}
	st, err := storage.Open(env.Ctx, p) // its errors name the store
	if err != nil {
		return nil, err
	}
	return st, nil
}

// Root is the whole command line.
type Root struct {
	Globals

	Open        OpenCmd        `cmd:"" default:"1" help:"Open the desktop app (the default)."`
	Import      ImportCmd      `cmd:"" help:"Import article files and folders (.txt, .md, .html) or W3C annotations."`
	Articles    ArticlesCmd    `cmd:"" help:"List articles: id, story, outlet, title, url, date, chars, version."`
	Article     ArticleCmd     `cmd:"" help:"Print an article body exactly as stored (what offsets index)."`
	Versions    VersionsCmd    `cmd:"" help:"List an article's versions, or diff two of them."`
	Annotate    AnnotateCmd    `cmd:"" help:"Annotate a span of an article; prints the new id."`
	Annotations AnnotationsCmd `cmd:"" help:"List annotations."`
	Search      SearchCmd      `cmd:"" help:"Full-text search across articles and notes."`
	Quotes      QuotesCmd      `cmd:"" help:"List detected quotes and their cross-outlet groups."`
	Fact        FactCmd        `cmd:"" help:"Add, link, change or delete a fact."`
	Facts       FactsCmd       `cmd:"" help:"List facts with the outlets that support, contradict or are silent on each."`
	Export      ExportCmd      `cmd:"" help:"Export a story's fact sheet: md, html, pdf, json (W3C), csv or claimreview."`
	Diff        DiffCmd        `cmd:"" help:"Word-level diff of two texts."`
	Compare     CompareCmd     `cmd:"" help:"Coverage summary of a story and sentence alignments of its articles."`
	Group       GroupCmd       `cmd:"" help:"Correct quote matching: split, merge, move, detach, canonical, speaker; annotate a group."`
	Backup      BackupCmd      `cmd:"" help:"Copy the store to a backup file (default: today's backup in the backups folder next to it)."`
	Restore     RestoreCmd     `cmd:"" help:"Replace the store with a backup; the replaced store is kept in the backups folder."`
	GenCorpus   GenCorpusCmd   `cmd:"" name:"gen-corpus" help:"Write a deterministic synthetic corpus for benchmarks."`
	Version     VersionCmd     `cmd:"" help:"Print the version."`
}

// Run parses args and runs the chosen command; it returns the process exit code.
func Run(env *Env, args []string) int {
	var root Root
	exited, exitCode := false, 0
	parser, err := kong.New(&root,
		kong.Name("factdesk"),
		kong.Description("Read outlets side by side, tag facts and quotes, compare and export fact sheets."),
		kong.UsageOnError(),
		kong.Writers(env.Stdout, env.Stderr),
		kong.Exit(func(code int) { exited, exitCode = true, code }),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
	)
	if err != nil {
		fmt.Fprintf(env.Stderr, "factdesk: %v\n", err)
		return 2
	}
	kctx, err := parser.Parse(args)
	if exited { // --help printed the usage
		return exitCode
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "factdesk: %v\n", err)
		return 2
	}
	err = runProfiled(root.Globals.CPUProfile, func() error { return kctx.Run(env, &root.Globals) })
	var ex exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ex):
		return int(ex)
	default:
		fmt.Fprintf(env.Stderr, "factdesk: %v\n", err)
		return 1
	}
}

// exitError ends a command with an exit code after it has already reported
// what went wrong.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit %d", int(e)) }

// writeJSON prints v as one indented JSON document.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// OpenCmd opens the desktop app.
type OpenCmd struct{}

// Run opens the desktop app on the store.
func (c *OpenCmd) Run(env *Env, g *Globals) error {
	p, err := g.StorePath()
	if err != nil {
		return err
	}
	if env.Desktop == nil {
		return errors.New("this build has no desktop app")
	}
	return env.Desktop(p)
}

// VersionCmd prints the version.
type VersionCmd struct{}

// Run prints the version.
func (c *VersionCmd) Run(env *Env) error {
	_, err := fmt.Fprintf(env.Stdout, "factdesk %s\n", env.Version)
	return err
}

// runProfiled runs fn, writing a CPU profile of it to path when path is set.
func runProfiled(path string, fn func() error) error {
	if path == "" {
		return fn()
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("cpu profile: %w", err)
	}
	err = fn()
	pprof.StopCPUProfile()
	return errors.Join(err, f.Close())
}
