package cli

import (
	"fmt"
	"io"
	"strings"

	"factdesk/annotate"
	"factdesk/storage"
)

// FactCmd groups the commands that change facts.
type FactCmd struct {
	Add    FactAddCmd    `cmd:"" help:"Add a fact to a story; prints its id."`
	Link   FactLinkCmd   `cmd:"" help:"Link an annotation to a fact as support (or, with --contradicts, contradiction)."`
	Unlink FactUnlinkCmd `cmd:"" help:"Remove the link between a fact and an annotation."`
	Set    FactSetCmd    `cmd:"" help:"Change a fact's text, status or note."`
	Delete FactDeleteCmd `cmd:"" help:"Delete a fact (its annotations stay)."`
}

// FactAddCmd adds a fact.
type FactAddCmd struct {
	Story  string `required:"" placeholder:"NAME" help:"Story the fact is about."`
	Text   string `required:"" help:"The fact, in one line."`
	Status string `default:"unverified" enum:"unverified,confirmed,disputed,false" help:"unverified, confirmed, disputed or false."`
	Note   string `help:"Free-text note."`
}

// Run stores the fact and prints its id.
func (c *FactAddCmd) Run(env *Env, g *Globals) error {
	status, err := annotate.ParseStatus(c.Status)
	if err != nil {
		return err
	}
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	story, err := st.StoryByName(env.Ctx, c.Story)
	if err != nil {
		return err
	}
	f, err := st.AddFact(env.Ctx, annotate.Fact{StoryID: story.ID, Text: c.Text, Status: status, Note: c.Note})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(env.Stdout, f.ID)
	return err
}

// FactLinkCmd links an annotation to a fact.
type FactLinkCmd struct {
	Contradicts  bool  `help:"The annotation contradicts the fact (default: supports it)."`
	FactID       int64 `arg:"" name:"fact-id" help:"Fact id."`
	AnnotationID int64 `arg:"" name:"annotation-id" help:"Annotation id (of an article of the fact's story)."`
}

// Run links the annotation; linking again switches between support and
// contradiction.
func (c *FactLinkCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	return st.LinkFact(env.Ctx, c.FactID, c.AnnotationID, c.Contradicts)
}

// FactUnlinkCmd unlinks an annotation from a fact.
type FactUnlinkCmd struct {
	FactID       int64 `arg:"" name:"fact-id" help:"Fact id."`
	AnnotationID int64 `arg:"" name:"annotation-id" help:"Annotation id."`
}

// Run removes the link.
func (c *FactUnlinkCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	return st.UnlinkFact(env.Ctx, c.FactID, c.AnnotationID)
}

// FactSetCmd changes a fact.
type FactSetCmd struct {
	Text   *string `help:"New text."`
	Status *string `enum:"unverified,confirmed,disputed,false" help:"New status: unverified, confirmed, disputed or false."`
	Note   *string `help:"New note (\"\" clears it)."`
	ID     int64   `arg:"" name:"fact-id" help:"Fact id."`
}

// Run changes the given fields and leaves the others.
func (c *FactSetCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	f, err := factByID(env, st, c.ID)
	if err != nil {
		return err
	}
	if c.Text != nil {
		f.Text = *c.Text
	}
	if c.Status != nil {
		if f.Status, err = annotate.ParseStatus(*c.Status); err != nil {
			return err
		}
	}
	if c.Note != nil {
		f.Note = *c.Note
	}
	_, err = st.UpdateFact(env.Ctx, f)
	return err
}

// factByID finds a fact among its story's facts.
func factByID(env *Env, st *storage.Store, id int64) (annotate.Fact, error) {
	stories, err := st.Stories(env.Ctx)
	if err != nil {
		return annotate.Fact{}, err
	}
	for _, s := range stories {
		facts, err := st.Facts(env.Ctx, s.ID)
		if err != nil {
			return annotate.Fact{}, err
		}
		for _, f := range facts {
			if f.ID == id {
				return f, nil
			}
		}
	}
	return annotate.Fact{}, fmt.Errorf("fact %d: %w", id, storage.ErrNotFound)
}

// FactDeleteCmd deletes a fact.
type FactDeleteCmd struct {
	ID int64 `arg:"" name:"fact-id" help:"Fact id."`
}

// Run deletes the fact.
func (c *FactDeleteCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	return st.DeleteFact(env.Ctx, c.ID)
}

// FactsCmd lists facts with the outlets for, against and silent.
type FactsCmd struct {
	Story string `help:"Only this story." placeholder:"NAME"`
	JSON  bool   `name:"json" help:"Print JSON."`
}

type voiceJSON struct {
	Outlets []string `json:"outlets"`
}

type factLinkJSON struct {
	AnnotationID int64  `json:"annotation_id"`
	ArticleID    int64  `json:"article_id"`
	Outlet       string `json:"outlet"`
	Text         string `json:"text"`
	Contradicts  bool   `json:"contradicts"`
	Link         string `json:"link,omitempty"`
}

type factJSON struct {
	ID            int64          `json:"id"`
	Story         string         `json:"story"`
	Text          string         `json:"text"`
	Status        string         `json:"status"`
	Note          string         `json:"note"`
	Supporting    []voiceJSON    `json:"supporting"`
	Contradicting []voiceJSON    `json:"contradicting"`
	Silent        []voiceJSON    `json:"silent"`
	Links         []factLinkJSON `json:"links"`
	CreatedAt     string         `json:"created_at"`
	UpdatedAt     string         `json:"updated_at"`
}

func toVoicesJSON(vs []annotate.Voice) []voiceJSON {
	out := make([]voiceJSON, 0, len(vs))
	for _, v := range vs {
		out = append(out, voiceJSON{Outlets: v.Outlets})
	}
	return out
}

func toFactJSON(story string, f annotate.SheetFact) factJSON {
	out := factJSON{
		ID: f.ID, Story: story, Text: f.Text, Status: string(f.Status), Note: f.Note,
		Supporting: toVoicesJSON(f.Supporters), Contradicting: toVoicesJSON(f.Contradictors), Silent: toVoicesJSON(f.Silent),
		Links:     []factLinkJSON{},
		CreatedAt: timeString(f.CreatedAt), UpdatedAt: timeString(f.UpdatedAt),
	}
	for _, side := range []struct {
		es  []annotate.SheetExcerpt
		con bool
	}{{f.Supporting, false}, {f.Contradicting, true}} {
		for _, e := range side.es {
			out.Links = append(out.Links, factLinkJSON{AnnotationID: e.AnnotationID, ArticleID: e.ArticleID,
				Outlet: e.Outlet, Text: e.Text, Contradicts: side.con, Link: e.Link})
		}
	}
	return out
}

// Run prints each fact with its supporting, contradicting and silent
// outlets; syndicated copies count once.
func (c *FactsCmd) Run(env *Env, g *Globals) error {
	st, err := g.open(env)
	if err != nil {
		return err
	}
	defer st.Close()
	var stories []annotate.Story
	if c.Story != "" {
		s, err := st.StoryByName(env.Ctx, c.Story)
		if err != nil {
			return err
		}
		stories = []annotate.Story{s}
	} else if stories, err = st.Stories(env.Ctx); err != nil {
		return err
	}
	out := []factJSON{}
	for _, s := range stories {
		fs, err := buildSheet(env, st, s.ID, "")
		if err != nil {
			return err
		}
		for _, f := range fs.Facts {
			if c.JSON {
				out = append(out, toFactJSON(s.Name, f))
			} else {
				printFact(env.Stdout, s.Name, f)
			}
		}
	}
	if c.JSON {
		return writeJSON(env.Stdout, out)
	}
	return nil
}

func printFact(w io.Writer, story string, f annotate.SheetFact) {
	fmt.Fprintf(w, "#%d [%s] %s  (%s)\n", f.ID, f.Status, clip(f.Text, 100), story)
	line := func(label string, vs []annotate.Voice) {
		names := make([]string, len(vs))
		for i, v := range vs {
			names[i] = v.String()
		}
		fmt.Fprintf(w, "    %-16s %s\n", label, orDash(strings.Join(names, ", ")))
	}
	line("supported by", f.Supporters)
	line("contradicted by", f.Contradictors)
	line("silent", f.Silent)
	if f.Note != "" {
		fmt.Fprintf(w, "    %-16s %s\n", "note", clip(f.Note, 100))
	}
}
