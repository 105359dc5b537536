package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"factdesk/annotate"
	"factdesk/storage"
)

// CompareCmd prints a story's coverage summary and sentence alignments.
type CompareCmd struct {
	Story string `help:"Story to compare (default with --a and --b: their story)." placeholder:"NAME"`
	A     int64  `name:"a" help:"Align only this pair: first article." placeholder:"ID"`
	B     int64  `name:"b" help:"Align only this pair: second article." placeholder:"ID"`
	JSON  bool   `name:"json" help:"Print JSON: {story, coverage, alignments}."`
}

// The JSON shapes of compare.

type compareJSON struct {
	Story      *storyJSON      `json:"story"`
	Coverage   coverageJSON    `json:"coverage"`
	Alignments []alignmentJSON `json:"alignments"`
}

type storyJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type coverageJSON struct {
	Unit     string                `json:"unit"`
	Articles []articleCoverageJSON `json:"articles"`
	Outlets  []outletCoverageJSON  `json:"outlets"`
	Pairs    []pairCoverageJSON    `json:"pairs"`
	Clusters [][]int64             `json:"clusters"`
	Sources  int                   `json:"sources"`
}

type articleCoverageJSON struct {
	ArticleID       int64   `json:"article_id"`
	Outlet          string  `json:"outlet"`
	Title           string  `json:"title"`
	Words           int     `json:"words"`
	SharedWords     int     `json:"shared_words"`
	Shared          float64 `json:"shared"`
	Sentences       int     `json:"sentences"`
	SharedSentences int     `json:"shared_sentences"`
	Cluster         *int    `json:"cluster"`
}

type outletCoverageJSON struct {
	Outlet      string  `json:"outlet"`
	Articles    int     `json:"articles"`
	Words       int     `json:"words"`
	SharedWords int     `json:"shared_words"`
	Shared      float64 `json:"shared"`
}

type pairCoverageJSON struct {
	A        int64   `json:"a"`
	B        int64   `json:"b"`
	Links    int     `json:"links"`
	SharedA  float64 `json:"shared_a"`
	SharedB  float64 `json:"shared_b"`
	NearCopy bool    `json:"near_copy"`
}

type alignmentJSON struct {
	A          int64          `json:"a"`
	B          int64          `json:"b"`
	SentencesA []sentenceJSON `json:"sentences_a"`
	SentencesB []sentenceJSON `json:"sentences_b"`
	Links      []linkJSON     `json:"links"`
	OnlyA      []int          `json:"only_a"`
	OnlyB      []int          `json:"only_b"`
}

type sentenceJSON struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

type linkJSON struct {
	A          []int    `json:"a"`
	B          []int    `json:"b"`
	Similarity float64  `json:"similarity"`
	Matched    int      `json:"matched"`
	Exact      bool     `json:"exact"`
	Ops        []opJSON `json:"ops"`
}

// Run compares the articles.
func (c *CompareCmd) Run(env *Env, g *Globals) error {
	if (c.A == 0) != (c.B == 0) {
		return errors.New("--a and --b go together: give both articles of the pair")
	}
	if c.Story == "" && c.A == 0 {
		return errors.New("say what to compare: --story NAME, or --a ID --b ID")
	}
	if c.A != 0 && c.A == c.B {
		return errors.New("--a and --b name the same article")
	}
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()

	var story *annotate.Story
	var arts []annotate.Article
	if c.A != 0 {
		a, err := st.Article(env.Ctx, c.A)
		if err != nil {
			return err
		}
		b, err := st.Article(env.Ctx, c.B)
		if err != nil {
			return err
		}
		if c.Story != "" && (a.Story != c.Story || b.Story != c.Story) {
			return fmt.Errorf("articles %d and %d are not both in story %q", c.A, c.B, c.Story)
		}
		if a.StoryID == b.StoryID {
			story = &annotate.Story{ID: a.StoryID, Name: a.Story}
		} else {
			arts = []annotate.Article{a, b}
		}
	} else {
		s, err := st.StoryByName(env.Ctx, c.Story)
		if err != nil {
			return err
		}
		story = &s
	}
	if story != nil {
		if arts, err = storyArticles(env, st, story.ID); err != nil {
			return err
		}
	}

	in := make([]annotate.CoverageInput, len(arts))
	byID := make(map[int64]annotate.Article, len(arts))
	for k, a := range arts {
		in[k] = annotate.CoverageInput{ArticleID: a.ID, Outlet: a.Outlet, Body: a.Body}
		byID[a.ID] = a
	}
	cov, err := annotate.Coverage(env.Ctx, in)
	if err != nil {
		return fmt.Errorf("coverage: %w", err)
	}

	var pairs [][2]annotate.Article
	if c.A != 0 {
		pairs = [][2]annotate.Article{{byID[c.A], byID[c.B]}}
	} else {
		for x := range arts {
			for y := x + 1; y < len(arts); y++ {
				pairs = append(pairs, [2]annotate.Article{arts[x], arts[y]})
			}
		}
	}
	aligned := make([]annotate.Alignment, len(pairs))
	for k, p := range pairs {
		aligned[k] = annotate.AlignArticles(p[0].Body, p[1].Body)
	}

	if c.JSON {
		out := compareJSON{Coverage: toCoverageJSON(cov, byID), Alignments: make([]alignmentJSON, len(pairs))}
		if story != nil {
			out.Story = &storyJSON{ID: story.ID, Name: story.Name}
		}
		for k, p := range pairs {
			out.Alignments[k] = toAlignmentJSON(p[0], p[1], aligned[k])
		}
		return writeJSON(env.Stdout, out)
	}
	if err := printCoverage(env.Stdout, story, cov, byID); err != nil {
		return err
	}
	for k, p := range pairs {
		if err := printAlignment(env.Stdout, p[0], p[1], aligned[k]); err != nil {
			return err
		}
	}
	return nil
}

// storyArticles loads the latest version of every article of a story, with
// bodies, in the store's order (outlet, title).
func storyArticles(env *Env, st *storage.Store, storyID int64) ([]annotate.Article, error) {
	list, err := st.Articles(env.Ctx, storage.ArticleFilter{StoryID: storyID})
	if err != nil {
		return nil, err
	}
	out := make([]annotate.Article, 0, len(list))
	for _, a := range list {
		full, err := st.Article(env.Ctx, a.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, full)
	}
	return out, nil
}

func toCoverageJSON(cov annotate.CoverageSummary, byID map[int64]annotate.Article) coverageJSON {
	out := coverageJSON{Unit: "words", Articles: []articleCoverageJSON{}, Outlets: []outletCoverageJSON{},
		Pairs: []pairCoverageJSON{}, Clusters: [][]int64{}, Sources: cov.Sources}
	for _, a := range cov.Articles {
		j := articleCoverageJSON{ArticleID: a.ArticleID, Outlet: a.Outlet, Title: byID[a.ArticleID].Title,
			Words: a.Words, SharedWords: a.SharedWords, Shared: a.Shared,
			Sentences: a.Sentences, SharedSentences: a.SharedSentences}
		if a.Cluster >= 0 {
			cluster := a.Cluster
			j.Cluster = &cluster
		}
		out.Articles = append(out.Articles, j)
	}
	for _, o := range cov.Outlets {
		out.Outlets = append(out.Outlets, outletCoverageJSON(o))
	}
	for _, p := range cov.Pairs {
		out.Pairs = append(out.Pairs, pairCoverageJSON(p))
	}
	out.Clusters = append(out.Clusters, cov.Clusters...)
	return out
}

func toAlignmentJSON(a, b annotate.Article, al annotate.Alignment) alignmentJSON {
	sentences := func(body string, spans []annotate.Span) []sentenceJSON {
		t := annotate.NewText(body)
		out := make([]sentenceJSON, len(spans))
		for i, s := range spans {
			out[i] = sentenceJSON{Start: s.Start, End: s.End, Text: t.Slice(s)}
		}
		return out
	}
	out := alignmentJSON{A: a.ID, B: b.ID, SentencesA: sentences(a.Body, al.A), SentencesB: sentences(b.Body, al.B),
		Links: make([]linkJSON, len(al.Links)), OnlyA: orEmpty(al.OnlyA()), OnlyB: orEmpty(al.OnlyB())}
	for k, l := range al.Links {
		out.Links[k] = linkJSON{A: l.A, B: l.B, Similarity: l.Similarity, Matched: l.Matched, Exact: l.Exact, Ops: toOpsJSON(l.Ops)}
	}
	return out
}

func orEmpty(xs []int) []int {
	if xs == nil {
		return []int{}
	}
	return xs
}

// printCoverage writes the coverage summary as a table.
func printCoverage(w io.Writer, story *annotate.Story, cov annotate.CoverageSummary, byID map[int64]annotate.Article) error {
	name := "articles compared"
	if story != nil {
		name = fmt.Sprintf("story %q", story.Name)
	}
	fmt.Fprintf(w, "%s: %d articles, %d independent sources (near-copies counted once)\n\n", name, len(cov.Articles), cov.Sources)
	fmt.Fprintln(w, "Coverage: share of each article's words found in another article")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  ID\tOUTLET\tTITLE\tWORDS\tSHARED\tNEAR-COPY")
	for _, a := range cov.Articles {
		cluster := "—"
		if a.Cluster >= 0 {
			cluster = fmt.Sprintf("cluster %d", a.Cluster+1)
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%d\t%.0f%%\t%s\n", a.ArticleID, a.Outlet, clip(byID[a.ArticleID].Title, 40), a.Words, 100*a.Shared, cluster)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(cov.Outlets) > 0 {
		fmt.Fprintln(w, "\nBy outlet")
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, o := range cov.Outlets {
			fmt.Fprintf(tw, "  %s\t%d articles\t%d words\t%.0f%% shared\n", o.Outlet, o.Articles, o.Words, 100*o.Shared)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(cov.Clusters) > 0 {
		fmt.Fprintln(w, "\nNear-copy clusters (syndicated copy)")
		for k, ids := range cov.Clusters {
			names := make([]string, len(ids))
			for i, id := range ids {
				names[i] = fmt.Sprintf("#%d %s", id, byID[id].Outlet)
			}
			fmt.Fprintf(w, "  cluster %d: %s\n", k+1, strings.Join(names, ", "))
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}

// printAlignment writes one pair's alignment: = for identical sentences, ~
// for near ones with their diff ([-deleted-] {+inserted+}), - for a
// sentence only in the first article, + for one only in the second.
func printAlignment(w io.Writer, a, b annotate.Article, al annotate.Alignment) error {
	ta, tb := annotate.NewText(a.Body), annotate.NewText(b.Body)
	onlyA, onlyB := al.OnlyA(), al.OnlyB()
	fmt.Fprintf(w, "#%d %s ↔ #%d %s: %d linked, %d only in #%d, %d only in #%d\n",
		a.ID, a.Outlet, b.ID, b.Outlet, len(al.Links), len(onlyA), a.ID, len(onlyB), b.ID)
	nums := func(prefix string, xs []int) string {
		s := make([]string, len(xs))
		for i, x := range xs {
			s[i] = fmt.Sprintf("%s%d", prefix, x)
		}
		return strings.Join(s, "+")
	}
	for i := range al.A {
		k := al.LinkOfA[i]
		if k < 0 {
			fmt.Fprintf(w, "  - %-12s %s\n", nums("a", []int{i}), clip(ta.Slice(al.A[i]), 110))
			continue
		}
		l := al.Links[k]
		if l.A[0] != i {
			continue // the second sentence of a 2:1 link
		}
		pos := nums("a", l.A) + "=" + nums("b", l.B)
		if l.Ops == nil {
			fmt.Fprintf(w, "  = %-12s %s\n", pos, clip(ta.Slice(al.A[i]), 110))
			continue
		}
		var sb strings.Builder
		for _, op := range l.Ops {
			switch op.Op {
			case annotate.OpEqual:
				sb.WriteString(op.Text)
			case annotate.OpDelete:
				sb.WriteString("[-" + op.Text + "-]")
			case annotate.OpInsert:
				sb.WriteString("{+" + op.Text + "+}")
			}
		}
		fmt.Fprintf(w, "  ~ %-12s %.2f  %s\n", pos, l.Similarity, strings.Join(strings.Fields(sb.String()), " "))
	}
	for _, j := range onlyB {
		fmt.Fprintf(w, "  + %-12s %s\n", nums("b", []int{j}), clip(tb.Slice(al.B[j]), 110))
	}
	_, err := fmt.Fprintln(w)
	return err
}

// GroupCmd corrects the matching of quotes across outlets. Corrections are
// stored by quote and survive matching again.
type GroupCmd struct {
	Split     GroupSplitCmd     `cmd:"" help:"Move quotes of a group into a new group of their own."`
	Merge     GroupMergeCmd     `cmd:"" help:"Move every quote of group B into group A."`
	Move      GroupMoveCmd      `cmd:"" help:"Move a quote into a group."`
	Detach    GroupDetachCmd    `cmd:"" help:"Take a quote out of its group, and keep it out."`
	Canonical GroupCanonicalCmd `cmd:"" help:"Make a quote's text its group's canonical text."`
	Speaker   GroupSpeakerCmd   `cmd:"" help:"Confirm or change a group's speaker."`
	Annotate  GroupAnnotateCmd  `cmd:"" help:"Turn a group into quote annotations in every article."`
}

// groupOutput is what the group commands print with --json: the group the
// corrected quote is now in, or null.
type groupOutput struct {
	Group *groupJSON `json:"group"`
}

// printGroupOf prints the group holding quoteID after a correction.
func printGroupOf(env *Env, st *storage.Store, quoteID int64, asJSON bool) error {
	gid, err := st.GroupOfQuote(env.Ctx, quoteID)
	if errors.Is(err, storage.ErrNotFound) {
		if asJSON {
			return writeJSON(env.Stdout, groupOutput{})
		}
		_, err = fmt.Fprintf(env.Stdout, "quote %d is in no group\n", quoteID)
		return err
	}
	if err != nil {
		return err
	}
	grp, err := st.Group(env.Ctx, gid)
	if err != nil {
		return err
	}
	if asJSON {
		j := toGroupJSON(grp)
		return writeJSON(env.Stdout, groupOutput{Group: &j})
	}
	_, err = fmt.Fprintf(env.Stdout, "group %d — %s, %d quotes\n  “%s”\n", grp.ID, orDash(grp.Speaker), len(grp.QuoteIDs), clip(grp.Canonical, 100))
	return err
}

// GroupSplitCmd splits quotes off a group.
type GroupSplitCmd struct {
	JSON   bool    `name:"json" help:"Print the new group as JSON."`
	Group  int64   `arg:"" help:"Group id."`
	Quotes []int64 `arg:"" name:"quote" help:"Quote ids to move into a new group (one alone leaves every group)."`
}

// Run splits the group.
func (c *GroupSplitCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.SplitGroup(env.Ctx, c.Group, c.Quotes); err != nil {
		return err
	}
	return printGroupOf(env, st, c.Quotes[0], c.JSON)
}

// GroupMergeCmd merges two groups.
type GroupMergeCmd struct {
	JSON bool  `name:"json" help:"Print the merged group as JSON."`
	A    int64 `arg:"" name:"group-a" help:"Group that receives the quotes."`
	B    int64 `arg:"" name:"group-b" help:"Group whose quotes move."`
}

// Run merges group B into group A.
func (c *GroupMergeCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	into, err := st.Group(env.Ctx, c.A)
	if err != nil {
		return err
	}
	if err := st.MergeGroups(env.Ctx, c.A, c.B); err != nil {
		return err
	}
	return printGroupOf(env, st, into.QuoteIDs[0], c.JSON)
}

// GroupMoveCmd moves a quote into a group.
type GroupMoveCmd struct {
	JSON  bool  `name:"json" help:"Print the group as JSON."`
	Quote int64 `arg:"" help:"Quote id."`
	Group int64 `arg:"" help:"Group id to move it into."`
}

// Run moves the quote.
func (c *GroupMoveCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.MoveQuote(env.Ctx, c.Quote, c.Group); err != nil {
		return err
	}
	return printGroupOf(env, st, c.Quote, c.JSON)
}

// GroupDetachCmd takes a quote out of its group.
type GroupDetachCmd struct {
	JSON  bool  `name:"json" help:"Print JSON: {\"group\": null}."`
	Quote int64 `arg:"" help:"Quote id."`
}

// Run detaches the quote.
func (c *GroupDetachCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.DetachQuote(env.Ctx, c.Quote); err != nil {
		return err
	}
	return printGroupOf(env, st, c.Quote, c.JSON)
}

// GroupCanonicalCmd pins a group's canonical text.
type GroupCanonicalCmd struct {
	JSON  bool  `name:"json" help:"Print the group as JSON."`
	Group int64 `arg:"" help:"Group id."`
	Quote int64 `arg:"" help:"Member quote whose text becomes canonical."`
}

// Run pins the quote's text.
func (c *GroupCanonicalCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.PinCanonical(env.Ctx, c.Group, c.Quote); err != nil {
		return err
	}
	return printGroupOf(env, st, c.Quote, c.JSON)
}

// GroupSpeakerCmd sets a group's speaker.
type GroupSpeakerCmd struct {
	JSON    bool   `name:"json" help:"Print the group as JSON."`
	Group   int64  `arg:"" help:"Group id."`
	Speaker string `arg:"" help:"Who said it (\"\" when nobody is known)."`
}

// Run sets the speaker.
func (c *GroupSpeakerCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	grp, err := st.Group(env.Ctx, c.Group)
	if err != nil {
		return err
	}
	if err := st.SetGroupSpeaker(env.Ctx, c.Group, c.Speaker); err != nil {
		return err
	}
	return printGroupOf(env, st, grp.QuoteIDs[0], c.JSON)
}

// GroupAnnotateCmd turns a group into quote annotations.
type GroupAnnotateCmd struct {
	JSON  bool   `name:"json" help:"Print the new annotations as JSON."`
	Tag   string `help:"Tag for every annotation (default: quote-group-ID)." placeholder:"TAG"`
	Group int64  `arg:"" help:"Group id."`
}

// Run annotates the group's quotes and lists the new annotations.
func (c *GroupAnnotateCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	tag := c.Tag
	if tag == "" {
		tag = fmt.Sprintf("quote-group-%d", c.Group)
	}
	made, err := st.GroupToAnnotations(env.Ctx, c.Group, tag)
	if err != nil {
		return err
	}
	if c.JSON {
		out := make([]annotationJSON, 0, len(made))
		for _, a := range made {
			out = append(out, toAnnotationJSON(a))
		}
		return writeJSON(env.Stdout, out)
	}
	for _, a := range made {
		fmt.Fprintf(env.Stdout, "%d\t%s\t%d-%d\t%s\n", a.ID, a.Outlet, a.Start, a.End, clip(a.Exact, 80))
	}
	_, err = fmt.Fprintf(env.Stdout, "%d annotations, tag %q\n", len(made), tag)
	return err
}
