// Package ingest turns files into stored articles: it finds the files, parses
// each with annotate, saves each in its own transaction, and then refreshes the
// quote matching of every story the batch touched. The CLI and the desktop app
// both import through it, so both report progress and errors the same way.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"factdesk/annotate"
	"factdesk/storage"
)

// Store is what ingest needs from the store.
type Store interface {
	ImportDocument(ctx context.Context, doc annotate.Document) (storage.ImportResult, error)
	StaleStories(ctx context.Context) ([]int64, error)
	RefreshQuotes(ctx context.Context, storyID int64) error
}

// Stage names a step of an import, as shown in progress lines and bars.
type Stage string

// The stages of an import, in order.
const (
	StageScan   Stage = "scan"
	StageImport Stage = "import"
	StageMatch  Stage = "match"
	StageDone   Stage = "done"
)

// Progress reports how far an import has come. Done counts items finished in
// the stage out of Total; Path names the file being worked on, if any.
type Progress struct {
	Stage Stage
	Done  int
	Total int
	Path  string
}

// Fraction is the share of the stage that is done, in [0,1].
func (p Progress) Fraction() float64 {
	if p.Total <= 0 {
		return 0
	}
	return float64(p.Done) / float64(p.Total)
}

// FileResult is the outcome of importing one file: a stored article or an error.
type FileResult struct {
	Path   string
	Result storage.ImportResult
	Err    error
}

// Report sums up an import.
type Report struct {
	Files      []FileResult
	Created    int
	Versions   int
	Duplicates int
	Failed     int
	// MatchErr is set when refreshing quote groups failed after the files
	// were saved; the articles themselves are stored.
	MatchErr error
}

// OK reports whether every file imported and matching succeeded.
func (r Report) OK() bool { return r.Failed == 0 && r.MatchErr == nil }

func (r *Report) add(fr FileResult) {
	r.Files = append(r.Files, fr)
	switch {
	case fr.Err != nil:
		r.Failed++
	case fr.Result.Outcome == storage.OutcomeCreated:
		r.Created++
	case fr.Result.Outcome == storage.OutcomeNewVersion:
		r.Versions++
	case fr.Result.Outcome == storage.OutcomeDuplicate:
		r.Duplicates++
	}
}

// Summary is a one-line account of the report.
func (r Report) Summary() string {
	return fmt.Sprintf("%d imported, %d new versions, %d duplicates skipped, %d failed",
		r.Created, r.Versions, r.Duplicates, r.Failed)
}

// Paths imports files and folders (recursively). Each file is committed on its
// own, so a bad file never stops the rest and never leaves half an article.
// progress may be nil. A cancelled context stops between files.
func Paths(ctx context.Context, st Store, paths []string, defaults annotate.Meta, progress func(Progress)) Report {
	if progress == nil {
		progress = func(Progress) {}
	}
	progress(Progress{Stage: StageScan})
	files, errs := annotate.CollectFiles(paths)
	var rep Report
	for _, err := range errs {
		rep.add(FileResult{Path: errPath(err), Err: err})
	}
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			rep.add(FileResult{Path: f, Err: fmt.Errorf("import %s: %w", f, err)})
			continue
		}
		progress(Progress{Stage: StageImport, Done: i, Total: len(files), Path: f})
		doc, err := annotate.ReadDocument(f, defaults)
		if err != nil {
			rep.add(FileResult{Path: f, Err: err})
			continue
		}
		rep.add(save(ctx, st, f, doc))
	}
	progress(Progress{Stage: StageImport, Done: len(files), Total: len(files)})
	rep.MatchErr = Rematch(ctx, st, progress)
	progress(Progress{Stage: StageDone, Done: 1, Total: 1})
	return rep
}

// FS imports every supported file below root in fsys, in lexical order,
// skipping folders named in skip. It is how the embedded sample corpus seeds a
// new store.
func FS(ctx context.Context, st Store, fsys fs.FS, root string, skip []string, progress func(Progress)) Report {
	if progress == nil {
		progress = func(Progress) {}
	}
	var names []string
	var rep Report
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			for _, s := range skip {
				if d.Name() == s {
					return fs.SkipDir
				}
			}
			return nil
		}
		if annotate.IsSupported(p) {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		rep.add(FileResult{Path: root, Err: fmt.Errorf("import %s: %w", root, err)})
		return rep
	}
	sort.Strings(names)
	type parsed struct {
		name string
		doc  annotate.Document
	}
	var docs []parsed
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			rep.add(FileResult{Path: name, Err: fmt.Errorf("import %s: %w", name, err)})
			continue
		}
		doc, err := annotate.ParseDocument(name, data, annotate.Meta{})
		if err != nil {
			rep.add(FileResult{Path: name, Err: err})
			continue
		}
		doc.Source = path.Join(root, strings.TrimPrefix(name, root+"/"))
		docs = append(docs, parsed{name, doc})
	}
	// A file that does not name its story joins the story its folder's
	// other files name most often (a saved web page has no story header).
	folderStory := map[string]map[string]int{}
	for _, p := range docs {
		if p.doc.Story != "" {
			dir := path.Dir(p.name)
			if folderStory[dir] == nil {
				folderStory[dir] = map[string]int{}
			}
			folderStory[dir][p.doc.Story]++
		}
	}
	for i, p := range docs {
		progress(Progress{Stage: StageImport, Done: i, Total: len(docs), Path: p.name})
		if p.doc.Story == "" {
			p.doc.Story = mostCommon(folderStory[path.Dir(p.name)])
		}
		rep.add(save(ctx, st, p.name, p.doc))
	}
	progress(Progress{Stage: StageImport, Done: len(docs), Total: len(docs)})
	rep.MatchErr = Rematch(ctx, st, progress)
	progress(Progress{Stage: StageDone, Done: 1, Total: 1})
	return rep
}

// Rematch refreshes the quote groups of every story whose articles changed
// since it was last matched, including stories left stale by an import that
// was interrupted.
func Rematch(ctx context.Context, st Store, progress func(Progress)) error {
	if progress == nil {
		progress = func(Progress) {}
	}
	stale, err := st.StaleStories(ctx)
	if err != nil {
		return fmt.Errorf("match quotes: %w", err)
	}
	var errs []error
	for i, id := range stale {
		progress(Progress{Stage: StageMatch, Done: i, Total: len(stale)})
		if err := st.RefreshQuotes(ctx, id); err != nil {
			errs = append(errs, fmt.Errorf("match quotes of story %d: %w", id, err))
		}
	}
	progress(Progress{Stage: StageMatch, Done: len(stale), Total: len(stale)})
	return errors.Join(errs...)
}

func save(ctx context.Context, st Store, p string, doc annotate.Document) FileResult {
	res, err := st.ImportDocument(ctx, doc)
	if err != nil {
		return FileResult{Path: p, Err: fmt.Errorf("import %s: %w", p, err)}
	}
	return FileResult{Path: p, Result: res}
}

// errPath recovers the path an error is about, when it says.
func errPath(err error) string {
	var ie *annotate.InputError
	if errors.As(err, &ie) {
		return ie.Path
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Path
	}
	return ""
}

// mostCommon returns the key with the highest count, the first in lexical
// order on a tie, or "" for an empty map.
func mostCommon(counts map[string]int) string {
	best, n := "", 0
	for k, c := range counts {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	return best
}
