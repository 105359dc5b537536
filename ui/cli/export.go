package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"factdesk/annotate"
	"factdesk/storage"
	"factdesk/storage/ingest"
)

// ExportCmd writes a story's fact sheet.
type ExportCmd struct {
	Story        string `required:"" placeholder:"NAME" help:"Story to export."`
	Format       string `required:"" short:"f" enum:"md,html,pdf,json,csv,claimreview" help:"md, html, pdf, json (W3C Web Annotations), csv (annotations) or claimreview (JSON-LD)."`
	Output       string `short:"o" type:"path" placeholder:"FILE" help:"Write to FILE instead of standard output; the file appears complete or not at all."`
	Organization string `placeholder:"NAME" help:"Newsroom named as the author of ClaimReview items."`
}

// Run builds the story's fact sheet, refreshing stale quote matching first,
// and writes it in the chosen format.
func (c *ExportCmd) Run(env *Env, g *Globals) error {
	format, err := annotate.ParseExportFormat(c.Format)
	if err != nil {
		return err
	}
	if c.Output == "" && format == annotate.ExportPDF && isTerminal(env.Stdout) {
		return errors.New("a PDF is binary: write it to a file with -o FILE or redirect standard output")
	}
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := ingest.Rematch(env.Ctx, st, nil); err != nil {
		return err
	}
	story, err := st.StoryByName(env.Ctx, c.Story)
	if err != nil {
		return err
	}
	fs, err := buildSheet(env, st, story.ID, c.Organization)
	if err != nil {
		return err
	}
	if c.Output == "" {
		w := bufio.NewWriter(env.Stdout)
		if err := annotate.Render(w, fs, format); err != nil {
			return err
		}
		return w.Flush()
	}
	return annotate.WriteFileAtomic(c.Output, func(w io.Writer) error { return annotate.Render(w, fs, format) })
}

// buildSheet reads a story from the store and arranges its fact sheet.
func buildSheet(env *Env, st *storage.Store, storyID int64, organization string) (annotate.FactSheet, error) {
	in, err := st.FactSheetInput(env.Ctx, storyID)
	if err != nil {
		return annotate.FactSheet{}, err
	}
	in.Generator = "Factdesk " + string(env.Version)
	in.Organization = organization
	return annotate.BuildFactSheet(in), nil
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

type w3cResultJSON struct {
	Index        int    `json:"index"`
	ID           string `json:"id,omitempty"`
	Outcome      string `json:"outcome"`
	ArticleID    int64  `json:"article_id,omitempty"`
	AnnotationID int64  `json:"annotation_id,omitempty"`
	Anchor       string `json:"anchor,omitempty"`
	Reason       string `json:"reason,omitempty"`
}

type w3cFileJSON struct {
	Path       string          `json:"path"`
	Created    int             `json:"created"`
	Duplicates int             `json:"duplicates"`
	Skipped    int             `json:"skipped"`
	Results    []w3cResultJSON `json:"results"`
	Error      string          `json:"error,omitempty"`
}

// runW3C imports W3C Web Annotation files (import --format w3c), one
// transaction per file, and exits 1 if any file could not be read.
func (c *ImportCmd) runW3C(env *Env, g *Globals) error {
	if c.Story != "" || c.Outlet != "" {
		return errors.New("--story and --outlet do not apply to --format w3c: annotations name their articles")
	}
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	var files []w3cFileJSON
	failed := 0
	for _, p := range c.Paths {
		fj := w3cFileJSON{Path: p, Results: []w3cResultJSON{}}
		rep, err := importW3CFile(env, st, p)
		if err != nil {
			failed++
			fj.Error = err.Error()
			fmt.Fprintf(env.Stderr, "error: %v\n", err)
		}
		fj.Created, fj.Duplicates, fj.Skipped = rep.Created, rep.Duplicates, rep.Skipped
		for _, r := range rep.Results {
			fj.Results = append(fj.Results, w3cResultJSON{Index: r.Index, ID: r.ID, Outcome: string(r.Outcome),
				ArticleID: r.ArticleID, AnnotationID: r.AnnotationID, Anchor: string(r.Anchor), Reason: r.Reason})
			if r.Outcome == storage.W3CSkipped {
				name := r.ID
				if name == "" {
					name = fmt.Sprintf("annotation %d", r.Index+1)
				}
				fmt.Fprintf(env.Stderr, "skipped %s in %s: %s\n", name, p, r.Reason)
			}
		}
		if err == nil && !c.JSON {
			fmt.Fprintf(env.Stdout, "%s: %d created, %d duplicates, %d skipped\n", p, rep.Created, rep.Duplicates, rep.Skipped)
		}
		files = append(files, fj)
	}
	if c.JSON {
		if err := writeJSON(env.Stdout, struct {
			Files []w3cFileJSON `json:"files"`
		}{files}); err != nil {
			return err
		}
	}
	if failed > 0 {
		return exitError(1)
	}
	return nil
}

// importW3CFile reads, parses and imports one file.
func importW3CFile(env *Env, st *storage.Store, path string) (storage.W3CReport, error) {
	// Stat before opening: opening a FIFO for reading blocks until a writer comes.
	if fi, err := os.Stat(path); err != nil {
		return storage.W3CReport{}, fmt.Errorf("import %s: %w", path, err)
	} else if !fi.Mode().IsRegular() {
		return storage.W3CReport{}, fmt.Errorf("import %s: not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return storage.W3CReport{}, fmt.Errorf("import %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return storage.W3CReport{}, fmt.Errorf("import %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return storage.W3CReport{}, fmt.Errorf("import %s: not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, annotate.MaxW3CBytes+1))
	if err != nil {
		return storage.W3CReport{}, fmt.Errorf("import %s: %w", path, err)
	}
	anns, err := annotate.ParseW3C(data)
	if err != nil {
		return storage.W3CReport{}, fmt.Errorf("import %s: %w", path, err)
	}
	rep, err := st.ImportW3C(env.Ctx, anns)
	if err != nil {
		return rep, fmt.Errorf("import %s: %w", path, err)
	}
	return rep, nil
}
