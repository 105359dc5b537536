package cli

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"factdesk/annotate"
	"factdesk/storage"
	"factdesk/storage/ingest"
)

// ImportCmd imports files and folders.
type ImportCmd struct {
	Story  string   `help:"Story for files that do not name one." placeholder:"NAME"`
	Outlet string   `help:"Outlet for files that do not name one." placeholder:"NAME"`
	JSON   bool     `name:"json" help:"Print a JSON report."`
	Format string   `default:"files" enum:"files,w3c" help:"files: articles (.txt, .md, .html); w3c: W3C Web Annotation JSON-LD files."`
	Paths  []string `arg:"" name:"path" help:"Files or folders to import." type:"path"`
}

type importFileJSON struct {
	Path      string `json:"path"`
	Outcome   string `json:"outcome,omitempty"`
	ArticleID int64  `json:"article_id,omitempty"`
	Version   int    `json:"version,omitempty"`
	Error     string `json:"error,omitempty"`
}

type importJSON struct {
	Files      []importFileJSON `json:"files"`
	Created    int              `json:"created"`
	Versions   int              `json:"new_versions"`
	Duplicates int              `json:"duplicates"`
	Failed     int              `json:"failed"`
	IndexError string           `json:"index_error,omitempty"`
	MatchError string           `json:"match_error,omitempty"`
}

// Run imports the paths, one transaction per file, and exits 1 if any failed.
func (c *ImportCmd) Run(env *Env, g *Globals) error {
	if c.Format == "w3c" {
		return c.runW3C(env, g)
	}
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	defaults := annotate.Meta{Story: c.Story, Outlet: c.Outlet}
	// An import keeps little alive (a few files ahead of the store) but
	// allocates a lot; collecting less often saves a tenth of its time
	// for a few tens of MB (docs/BENCHMARKS.md).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	last := ingest.Stage("")
	rep := ingest.Paths(env.Ctx, st, c.Paths, defaults, func(p ingest.Progress) {
		// one line per stage on stderr, so scripts can watch long imports
		if p.Stage != last {
			last = p.Stage
			if p.Stage != ingest.StageDone {
				fmt.Fprintf(env.Stderr, "%s...\n", p.Stage)
			}
		}
	})
	if c.JSON {
		out := importJSON{Files: []importFileJSON{}, Created: rep.Created, Versions: rep.Versions, Duplicates: rep.Duplicates, Failed: rep.Failed}
		for _, f := range rep.Files {
			fj := importFileJSON{Path: f.Path}
			if f.Err != nil {
				fj.Error = f.Err.Error()
			} else {
				fj.Outcome, fj.ArticleID, fj.Version = string(f.Result.Outcome), f.Result.ArticleID, f.Result.Version
			}
			out.Files = append(out.Files, fj)
		}
		if rep.IndexErr != nil {
			out.IndexError = rep.IndexErr.Error()
		}
		if rep.MatchErr != nil {
			out.MatchError = rep.MatchErr.Error()
		}
		if err := writeJSON(env.Stdout, out); err != nil {
			return err
		}
	} else {
		for _, f := range rep.Files {
			if f.Err == nil {
				fmt.Fprintf(env.Stdout, "%-11s #%d v%d  %s\n", f.Result.Outcome, f.Result.ArticleID, f.Result.Version, f.Path)
			}
		}
		fmt.Fprintln(env.Stdout, rep.Summary())
	}
	for _, f := range rep.Files {
		if f.Err != nil {
			fmt.Fprintf(env.Stderr, "error: %v\n", f.Err)
		}
	}
	if rep.IndexErr != nil {
		fmt.Fprintf(env.Stderr, "error: %v (the articles are saved; the next import or search indexes them)\n", rep.IndexErr)
	}
	if rep.MatchErr != nil {
		fmt.Fprintf(env.Stderr, "error: %v\n", rep.MatchErr)
	}
	if !rep.OK() {
		return exitError(1)
	}
	return nil
}

// ArticlesCmd lists articles.
type ArticlesCmd struct {
	Story string `help:"Only this story." placeholder:"NAME"`
	JSON  bool   `name:"json" help:"Print JSON."`
}

// Run lists the latest version of every article.
func (c *ArticlesCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	arts, err := st.Articles(env.Ctx, storage.ArticleFilter{Story: c.Story})
	if err != nil {
		return err
	}
	if c.JSON {
		out := make([]articleJSON, 0, len(arts))
		for _, a := range arts {
			out = append(out, toArticleJSON(a))
		}
		return writeJSON(env.Stdout, out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTORY\tOUTLET\tTITLE\tURL\tDATE\tCHARS\tVERSION")
	for _, a := range arts {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%d\n", a.ID, a.Story, a.Outlet, clip(a.Title, 60), a.URL, dateString(a.Published), a.Chars, a.Version)
	}
	return tw.Flush()
}

// ArticleCmd prints one article's body.
type ArticleCmd struct {
	ID int64 `arg:"" help:"Article id."`
}

// Run prints the body exactly as stored, with no decoration.
func (c *ArticleCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := st.Article(env.Ctx, c.ID)
	if err != nil {
		return fmt.Errorf("article %d: %w", c.ID, err)
	}
	_, err = fmt.Fprint(env.Stdout, a.Body)
	return err
}

// AnnotateCmd creates an annotation.
type AnnotateCmd struct {
	Article int64    `required:"" help:"Article id."`
	Start   int      `required:"" help:"First code point of the span."`
	End     int      `required:"" help:"Code point after the span (end exclusive)."`
	Kind    string   `required:"" enum:"fact,quote,claim,note" help:"fact, quote, claim or note."`
	Speaker string   `help:"Who said it."`
	Tag     []string `name:"tag" help:"A tag (repeat for more)."`
	Note    string   `help:"Free-text note."`
	Status  string   `default:"unverified" enum:"unverified,confirmed,disputed,false" help:"unverified, confirmed, disputed or false."`
}

// Run stores the annotation and prints its id.
func (c *AnnotateCmd) Run(env *Env, g *Globals) error {
	kind, err := annotate.ParseKind(c.Kind)
	if err != nil {
		return err
	}
	status, err := annotate.ParseStatus(c.Status)
	if err != nil {
		return err
	}
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := st.CreateAnnotation(env.Ctx, annotate.Annotation{
		ArticleID: c.Article, Span: annotate.Span{Start: c.Start, End: c.End},
		Kind: kind, Speaker: c.Speaker, Tags: c.Tag, Note: c.Note, Status: status,
	})
	if err != nil {
		return fmt.Errorf("annotate article %d: %w", c.Article, err)
	}
	_, err = fmt.Fprintln(env.Stdout, a.ID)
	return err
}

// AnnotationsCmd lists annotations.
type AnnotationsCmd struct {
	Article int64  `help:"Only this article." placeholder:"ID"`
	Story   string `help:"Only this story." placeholder:"NAME"`
	JSON    bool   `name:"json" help:"Print JSON."`
}

// Run lists annotations.
func (c *AnnotationsCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	anns, err := st.Annotations(env.Ctx, storage.AnnotationFilter{ArticleID: c.Article, Story: c.Story})
	if err != nil {
		return err
	}
	if c.JSON {
		out := make([]annotationJSON, 0, len(anns))
		for _, a := range anns {
			out = append(out, toAnnotationJSON(a))
		}
		return writeJSON(env.Stdout, out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tARTICLE\tOUTLET\tSPAN\tKIND\tSTATUS\tSPEAKER\tTAGS\tTEXT")
	for _, a := range anns {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%d-%d\t%s\t%s\t%s\t%s\t%s\n", a.ID, a.ArticleID, a.Outlet, a.Start, a.End, a.Kind, a.Status, a.Speaker, strings.Join(a.Tags, ","), clip(a.Exact, 60))
	}
	return tw.Flush()
}

// SearchCmd runs a full-text search.
type SearchCmd struct {
	JSON  bool     `name:"json" help:"Print JSON."`
	Limit int      `default:"50" help:"Most hits to show."`
	Query []string `arg:"" help:"Words to search for."`
}

type hitJSON struct {
	Kind         string `json:"kind"`
	ArticleID    int64  `json:"article_id"`
	AnnotationID int64  `json:"annotation_id,omitempty"`
	Story        string `json:"story"`
	Outlet       string `json:"outlet"`
	Title        string `json:"title"`
	Snippet      string `json:"snippet"`
	Offset       int    `json:"offset"`
}

// Run prints hits with snippets.
func (c *SearchCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	hits, err := st.Search(env.Ctx, strings.Join(c.Query, " "), c.Limit)
	if err != nil {
		return err
	}
	if c.JSON {
		out := make([]hitJSON, 0, len(hits))
		for _, h := range hits {
			out = append(out, hitJSON{h.Kind, h.ArticleID, h.AnnotationID, h.Story, h.Outlet, h.Title, h.Snippet, h.Offset})
		}
		return writeJSON(env.Stdout, out)
	}
	for _, h := range hits {
		fmt.Fprintf(env.Stdout, "#%d %s — %s [%s @%d]\n    %s\n", h.ArticleID, h.Outlet, h.Title, h.Kind, h.Offset, h.Snippet)
	}
	if len(hits) == 0 {
		fmt.Fprintln(env.Stderr, "no matches")
	}
	return nil
}

// QuotesCmd lists detected quotes and groups.
type QuotesCmd struct {
	Story string `help:"Only this story." placeholder:"NAME"`
	JSON  bool   `name:"json" help:"Print JSON: {\"quotes\": [...], \"groups\": [...]}."`
}

// Run prints quotes and their cross-outlet groups, refreshing stale matching first.
func (c *QuotesCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := ingest.Rematch(env.Ctx, st, nil); err != nil {
		return err
	}
	var stories []annotate.Story
	if c.Story != "" {
		s, err := st.StoryByName(env.Ctx, c.Story)
		if err != nil {
			return fmt.Errorf("story %q: %w", c.Story, err)
		}
		stories = []annotate.Story{s}
	} else if stories, err = st.Stories(env.Ctx); err != nil {
		return err
	}
	type out struct {
		Quotes []quoteJSON `json:"quotes"`
		Groups []groupJSON `json:"groups"`
	}
	res := out{Quotes: []quoteJSON{}, Groups: []groupJSON{}}
	var quotes []annotate.Quote
	var groups []annotate.Group
	for _, s := range stories {
		qs, err := st.Quotes(env.Ctx, storage.QuoteFilter{StoryID: s.ID})
		if err != nil {
			return err
		}
		gs, err := st.Groups(env.Ctx, s.ID)
		if err != nil {
			return err
		}
		quotes, groups = append(quotes, qs...), append(groups, gs...)
	}
	if c.JSON {
		for _, q := range quotes {
			res.Quotes = append(res.Quotes, toQuoteJSON(q))
		}
		for _, g := range groups {
			res.Groups = append(res.Groups, toGroupJSON(g))
		}
		return writeJSON(env.Stdout, res)
	}
	byID := make(map[int64]annotate.Quote, len(quotes))
	for _, q := range quotes {
		byID[q.ID] = q
	}
	for _, g := range groups {
		flag := ""
		if g.Conflict {
			flag = "  [speaker conflict]"
		}
		fmt.Fprintf(env.Stdout, "group %d — %s (%d outlets)%s\n  “%s”\n", g.ID, orDash(g.Speaker), len(g.QuoteIDs), flag, clip(g.Canonical, 100))
		for _, id := range g.QuoteIDs {
			q := byID[id]
			fmt.Fprintf(env.Stdout, "    %-18s %s\n", q.Outlet, clip(q.Text, 90))
		}
	}
	fmt.Fprintf(env.Stdout, "%d quotes, %d groups\n", len(quotes), len(groups))
	return nil
}

// DiffCmd diffs two texts word by word.
type DiffCmd struct {
	JSON bool   `name:"json" help:"Print JSON: {similarity, ops}."`
	A    string `arg:"" name:"text-a" help:"First text."`
	B    string `arg:"" name:"text-b" help:"Second text."`
}

// Run prints the diff: [-deleted-] {+inserted+}.
func (c *DiffCmd) Run(env *Env) error {
	d := annotate.DiffWords(c.A, c.B)
	if c.JSON {
		return writeJSON(env.Stdout, struct {
			Similarity float64  `json:"similarity"`
			Ops        []opJSON `json:"ops"`
		}{d.Similarity, toOpsJSON(d.Ops)})
	}
	var b strings.Builder
	for _, o := range d.Ops {
		switch o.Op {
		case annotate.OpEqual:
			b.WriteString(o.Text)
		case annotate.OpDelete:
			b.WriteString("[-" + o.Text + "-]")
		case annotate.OpInsert:
			b.WriteString("{+" + o.Text + "+}")
		}
	}
	_, err := fmt.Fprintf(env.Stdout, "%s\nsimilarity %.3f\n", b.String(), d.Similarity)
	return err
}

// VersionsCmd lists an article's versions or diffs two.
type VersionsCmd struct {
	JSON bool  `name:"json" help:"Print JSON."`
	Diff []int `help:"Diff two versions: --diff A,B." placeholder:"A,B"`
	ID   int64 `arg:"" help:"Article id."`
}

// Run lists versions, or prints a word diff between two.
func (c *VersionsCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	vs, err := st.ArticleVersions(env.Ctx, c.ID)
	if err != nil {
		return fmt.Errorf("article %d: %w", c.ID, err)
	}
	if len(c.Diff) > 0 {
		if len(c.Diff) != 2 {
			return errors.New("--diff takes two versions: --diff A,B")
		}
		pick := func(n int) (annotate.Article, error) {
			for _, v := range vs {
				if v.Version == n {
					return v, nil
				}
			}
			return annotate.Article{}, fmt.Errorf("article %d has no version %d", c.ID, n)
		}
		a, err := pick(c.Diff[0])
		if err != nil {
			return err
		}
		b, err := pick(c.Diff[1])
		if err != nil {
			return err
		}
		return (&DiffCmd{JSON: c.JSON, A: a.Body, B: b.Body}).Run(env)
	}
	if c.JSON {
		out := make([]articleJSON, 0, len(vs))
		for _, v := range vs {
			out = append(out, toArticleJSON(v))
		}
		return writeJSON(env.Stdout, out)
	}
	for _, v := range vs {
		fmt.Fprintf(env.Stdout, "v%d  %s  %d chars  %s\n", v.Version, timeString(v.ImportedAt), v.Chars, v.Title)
	}
	return nil
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
