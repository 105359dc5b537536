// Package ingest turns files into stored articles: it finds the files, parses
// each with annotate, saves each in its own transaction, indexes them for
// search, and then refreshes the quote matching of every story the batch
// touched. The CLI and the desktop app both import through it, so both report
// progress and errors the same way.
//
// Reading, parsing and quote extraction (storage.Store.Prepare) run on every
// core, a few files ahead of the one goroutine that stores them in order;
// stories are matched in parallel.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"factdesk/annotate"
	"factdesk/storage"
)

// Store is what ingest needs from the store.
type Store interface {
	Prepare(doc annotate.Document) storage.Prepared
	ImportPrepared(ctx context.Context, p storage.Prepared) (storage.ImportResult, error)
	IndexPending(ctx context.Context, progress func(done, total int)) (int, error)
	StaleStories(ctx context.Context) ([]int64, error)
	RefreshStories(ctx context.Context, storyIDs []int64, workers int, progress func(done, total int)) error
}

// Stage names a step of an import, as shown in progress lines and bars.
type Stage string

// The stages of an import, in order.
const (
	StageScan   Stage = "scan"
	StageImport Stage = "import"
	StageIndex  Stage = "index"
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
	// IndexErr is set when indexing the articles for search failed after
	// they were saved; they stay stored and are indexed by the next import
	// or search.
	IndexErr error
	// MatchErr is set when refreshing quote groups failed after the files
	// were saved; the articles themselves are stored.
	MatchErr error
}

// OK reports whether every file imported and indexing and matching
// succeeded.
func (r Report) OK() bool { return r.Failed == 0 && r.IndexErr == nil && r.MatchErr == nil }

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
// progress may be nil; it is called from the calling goroutine only. A
// cancelled context stops between files.
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
	srcs := make([]source, len(files))
	for i, f := range files {
		srcs[i] = source{f, func() (annotate.Document, error) { return annotate.ReadDocument(f, defaults) }}
	}
	finish(ctx, st, srcs, &rep, progress)
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
	srcs := make([]source, len(docs))
	for i, p := range docs {
		if p.doc.Story == "" {
			p.doc.Story = mostCommon(folderStory[path.Dir(p.name)])
		}
		srcs[i] = source{p.name, func() (annotate.Document, error) { return p.doc, nil }}
	}
	finish(ctx, st, srcs, &rep, progress)
	return rep
}

// source is a file to import: its path and how to read it.
type source struct {
	path string
	load func() (annotate.Document, error)
}

// finish imports srcs in order, then indexes and matches what they changed.
// Indexing (SQLite's work) and matching (mostly Go's) run at the same time,
// on different cores; the match stage is reported first, then what is left
// of the index stage.
func finish(ctx context.Context, st Store, srcs []source, rep *Report, progress func(Progress)) {
	store(ctx, st, srcs, rep, progress)
	indexed := make(chan Progress, 1) // the latest index progress
	indexErr := make(chan error, 1)
	go func() {
		_, err := st.IndexPending(ctx, func(done, total int) {
			p := Progress{Stage: StageIndex, Done: done, Total: total}
			select {
			case <-indexed: // drop the older news
			default:
			}
			indexed <- p
		})
		indexErr <- err
	}()
	// The index is written by one goroutine holding the store's write
	// lock, and it finishes last: the matchers leave it a core.
	rep.MatchErr = rematch(ctx, st, runtime.GOMAXPROCS(0)-1, progress)
	for {
		select {
		case p := <-indexed:
			progress(p)
		case rep.IndexErr = <-indexErr:
			select {
			case p := <-indexed: // the last news came with the end
				progress(p)
			default:
			}
			progress(Progress{Stage: StageDone, Done: 1, Total: 1})
			return
		}
	}
}

// prepared is a source read and prepared by a worker, or why it could not be.
type prepared struct {
	p   storage.Prepared
	err error
}

// store reads and prepares srcs on every core and stores them, in order, one
// transaction each. Workers run at most a few files ahead of the store.
func store(ctx context.Context, st Store, srcs []source, rep *Report, progress func(Progress)) {
	workers := runtime.GOMAXPROCS(0)
	type job struct {
		src source
		out chan prepared
	}
	jobs := make(chan job)
	// futures holds each dispatched file's result channel, in file order;
	// its capacity bounds how far the workers run ahead.
	futures := make(chan chan prepared, 4*workers)
	go func() {
		defer close(jobs)
		defer close(futures)
		for _, src := range srcs {
			if ctx.Err() != nil {
				return
			}
			out := make(chan prepared, 1)
			futures <- out
			jobs <- job{src, out}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				doc, err := j.src.load()
				if err != nil {
					j.out <- prepared{err: err}
					continue
				}
				j.out <- prepared{p: st.Prepare(doc)}
			}
		})
	}
	i := 0
	for out := range futures {
		src, r := srcs[i], <-out
		progress(Progress{Stage: StageImport, Done: i, Total: len(srcs), Path: src.path})
		switch {
		case r.err != nil:
			rep.add(FileResult{Path: src.path, Err: r.err})
		case ctx.Err() != nil:
			rep.add(FileResult{Path: src.path, Err: fmt.Errorf("import %s: %w", src.path, ctx.Err())})
		default:
			rep.add(save(ctx, st, src.path, r.p))
		}
		i++
	}
	wg.Wait()
	// Files left when the context was cancelled.
	for _, src := range srcs[i:] {
		rep.add(FileResult{Path: src.path, Err: fmt.Errorf("import %s: %w", src.path, context.Cause(ctx))})
	}
	progress(Progress{Stage: StageImport, Done: len(srcs), Total: len(srcs)})
}

// Rematch refreshes the quote groups of every story whose articles changed
// since it was last matched, including stories left stale by an import that
// was interrupted. Stories are matched in parallel (Store.RefreshStories);
// progress is called from the calling goroutine only.
func Rematch(ctx context.Context, st Store, progress func(Progress)) error {
	return rematch(ctx, st, 0, progress)
}

// rematch is Rematch with workers matchers at once (one per core when
// workers < 1).
func rematch(ctx context.Context, st Store, workers int, progress func(Progress)) error {
	if progress == nil {
		progress = func(Progress) {}
	}
	stale, err := st.StaleStories(ctx)
	if err != nil {
		return fmt.Errorf("match quotes: %w", err)
	}
	if len(stale) == 0 {
		progress(Progress{Stage: StageMatch})
		return nil
	}
	return st.RefreshStories(ctx, stale, workers, func(done, total int) {
		progress(Progress{Stage: StageMatch, Done: done, Total: total})
	})
}

func save(ctx context.Context, st Store, p string, doc storage.Prepared) FileResult {
	res, err := st.ImportPrepared(ctx, doc)
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

var _ Store = (*storage.Store)(nil)
