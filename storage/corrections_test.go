package storage_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"factdesk/annotate"
	"factdesk/storage"
)

// portStory imports three articles of a story with two shared quotes,
// using the stand-in quote engine, and matches them. It returns the story id.
func portStory(t *testing.T, st *storage.Store) int64 {
	t.Helper()
	st.SetQuoteEngine(straightQuotes, sameTextGroups)
	res := mustImport(t, st, newDoc("Port", "Coastal Courier", "Port to reopen", "",
		`"We will reopen the port on Friday" said Ortega. "The crews deserve a fair deal now" said Lind.`))
	mustImport(t, st, newDoc("Port", "Bay Times", `"We will reopen the port on Friday"`, "",
		`Officials met. "We will reopen the port on Friday" said Ortega. "The crews deserve a fair deal now" said Lind.`))
	mustImport(t, st, newDoc("Port", "Hill Herald", "Port news", "",
		`"We will reopen the port on Friday" said Okafor.`))
	if err := st.RefreshQuotes(context.Background(), res.StoryID); err != nil {
		t.Fatal(err)
	}
	return res.StoryID
}

// groupView is a group as the tests compare it: members by outlet (title
// quotes marked with *), canonical text and speaker.
type groupView struct {
	members   string
	canonical string
	speaker   string
}

// storyGroups reads a story's groups, keyed by their members.
func storyGroups(t *testing.T, st *storage.Store, storyID int64) ([]annotate.Group, map[string]groupView) {
	t.Helper()
	ctx := context.Background()
	qs, err := st.Quotes(ctx, storage.QuoteFilter{StoryID: storyID})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]annotate.Quote{}
	for _, q := range qs {
		byID[q.ID] = q
	}
	gs, err := st.Groups(ctx, storyID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]groupView{}
	for _, g := range gs {
		var ms []string
		for _, id := range g.QuoteIDs {
			q := byID[id]
			name := q.Outlet + ":" + strings.Fields(q.Text)[1]
			if q.InTitle {
				name += "*"
			}
			ms = append(ms, name)
		}
		slices.Sort(ms)
		v := groupView{strings.Join(ms, " "), g.Canonical, g.Speaker}
		out[v.members] = v
	}
	return gs, out
}

// quoteID finds the quote of an outlet whose text starts with prefix.
func quoteID(t *testing.T, st *storage.Store, storyID int64, outlet, prefix string, inTitle bool) int64 {
	t.Helper()
	qs, err := st.Quotes(context.Background(), storage.QuoteFilter{StoryID: storyID})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if q.Outlet == outlet && strings.HasPrefix(q.Text, prefix) && q.InTitle == inTitle {
			return q.ID
		}
	}
	t.Fatalf("no quote %q of %s", prefix, outlet)
	return 0
}

func groupOf(t *testing.T, st *storage.Store, quoteID int64) int64 {
	t.Helper()
	g, err := st.GroupOfQuote(context.Background(), quoteID)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func wantGroups(t *testing.T, got map[string]groupView, want ...groupView) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d groups, want %d: %+v", len(got), len(want), got)
	}
	for _, w := range want {
		if g, ok := got[w.members]; !ok || g != w {
			t.Errorf("group %q = %+v, want %+v (groups %+v)", w.members, g, w, got)
		}
	}
}

// Corrections hold after an import into the story and a fresh match: the
// group ids may change, the membership, canonical text and speaker do not.
func TestCorrectionsSurviveRematch(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	story := portStory(t, st)
	const reopen, crews = "We will reopen the port on Friday", "The crews deserve a fair deal now"
	_, groups := storyGroups(t, st, story)
	wantGroups(t, groups,
		groupView{"Bay Times:will Bay Times:will* Coastal Courier:will Hill Herald:will", reopen, "Ortega"},
		groupView{"Bay Times:crews Coastal Courier:crews", crews, "Lind"})

	herald := quoteID(t, st, story, "Hill Herald", "We will", false)
	courierCrews := quoteID(t, st, story, "Coastal Courier", "The crews", false)
	bayTitle := quoteID(t, st, story, "Bay Times", "We will", true)
	reopenGroup := groupOf(t, st, herald)

	// The Herald names another speaker: split its quote off, with the Bay
	// Times headline, into a group of their own.
	if err := st.SplitGroup(ctx, reopenGroup, []int64{herald, bayTitle}); err != nil {
		t.Fatal(err)
	}
	if groupOf(t, st, quoteID(t, st, story, "Coastal Courier", "We will", false)) != reopenGroup {
		t.Error("the group that kept most of its quotes changed id")
	}
	split := groupOf(t, st, herald)
	if err := st.SetGroupSpeaker(ctx, split, " Mayor Ana Okafor "); err != nil {
		t.Fatal(err)
	}
	if err := st.SetGroupSpeaker(ctx, reopenGroup, "Luis Ortega"); err != nil {
		t.Fatal(err)
	}
	// Move the Courier's crews quote into the reopen group (an editor's
	// call), and pin the Bay Times' text there.
	if err := st.MoveQuote(ctx, courierCrews, reopenGroup); err != nil {
		t.Fatal(err)
	}
	bayReopen := quoteID(t, st, story, "Bay Times", "We will", false)
	if err := st.PinCanonical(ctx, groupOf(t, st, bayReopen), courierCrews); err != nil {
		t.Fatal(err)
	}
	corrected := []groupView{
		{"Bay Times:will Coastal Courier:crews Coastal Courier:will", crews, "Luis Ortega"},
		{"Bay Times:will* Hill Herald:will", reopen, "Mayor Ana Okafor"},
	}
	_, groups = storyGroups(t, st, story)
	// The crews group lost a quote and is gone: one quote is no group.
	wantGroups(t, groups, corrected...)

	// A new article quoting both arrives; matching runs again.
	mustImport(t, st, newDoc("Port", "Valley Post", "Late copy", "",
		`Late news. "We will reopen the port on Friday" said Ortega. "The crews deserve a fair deal now" said Lind.`))
	if err := st.RefreshQuotes(ctx, story); err != nil {
		t.Fatal(err)
	}
	_, groups = storyGroups(t, st, story)
	wantGroups(t, groups,
		groupView{"Bay Times:will Coastal Courier:crews Coastal Courier:will Valley Post:will", crews, "Luis Ortega"},
		groupView{"Bay Times:will* Hill Herald:will", reopen, "Mayor Ana Okafor"},
		groupView{"Bay Times:crews Valley Post:crews", crews, "Lind"})

	// Refreshing again, with nothing new, changes nothing.
	before, _ := storyGroups(t, st, story)
	if err := st.RefreshQuotes(ctx, story); err != nil {
		t.Fatal(err)
	}
	after, _ := storyGroups(t, st, story)
	if len(before) != len(after) {
		t.Fatalf("refresh changed the groups: %+v -> %+v", before, after)
	}
	for i := range before {
		if before[i].ID != after[i].ID || !slices.Equal(before[i].QuoteIDs, after[i].QuoteIDs) {
			t.Errorf("refresh changed group %d: %+v -> %+v", i, before[i], after[i])
		}
	}

	cs, err := st.Corrections(ctx, story)
	if err != nil {
		t.Fatal(err)
	}
	actions := map[annotate.CorrectionAction]int{}
	for _, c := range cs {
		actions[c.Action]++
		if c.StoryID != story || c.CreatedAt.IsZero() {
			t.Errorf("correction %+v", c)
		}
	}
	// detach + join (split), a speaker on each member of both groups, a
	// join (move), a pin.
	want := map[annotate.CorrectionAction]int{annotate.CorrectDetach: 1, annotate.CorrectJoin: 2,
		annotate.CorrectSpeaker: 4, annotate.CorrectPin: 1}
	for a, n := range want {
		if actions[a] != n {
			t.Errorf("%d %s corrections, want %d (all: %+v)", actions[a], a, n, cs)
		}
	}
}

func TestMergeAndDetach(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	story := portStory(t, st)
	reopen := groupOf(t, st, quoteID(t, st, story, "Hill Herald", "We will", false))
	crews := groupOf(t, st, quoteID(t, st, story, "Bay Times", "The crews", false))
	if err := st.MergeGroups(ctx, crews, reopen); err != nil {
		t.Fatal(err)
	}
	gs, groups := storyGroups(t, st, story)
	if len(gs) != 1 || gs[0].ID != crews && gs[0].ID != reopen {
		t.Fatalf("after merge: %+v", gs)
	}
	// Ortega and Lind are each named by two quotes: the vote ties, so no
	// speaker.
	wantGroups(t, groups, groupView{
		"Bay Times:crews Bay Times:will Bay Times:will* Coastal Courier:crews Coastal Courier:will Hill Herald:will",
		"We will reopen the port on Friday", ""})

	herald := quoteID(t, st, story, "Hill Herald", "We will", false)
	if err := st.DetachQuote(ctx, herald); err != nil {
		t.Fatal(err)
	}
	if _, err := st.GroupOfQuote(ctx, herald); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("detached quote still in a group: %v", err)
	}
	// Detached, it stays out after a new import and refresh. The new
	// article's quote, which the matcher puts with the quotes the merge moved
	// away, is left on its own: a merge moves the quotes it saw.
	mustImport(t, st, newDoc("Port", "Valley Post", "Late copy", "", `"We will reopen the port on Friday" said Ortega.`))
	if err := st.RefreshQuotes(ctx, story); err != nil {
		t.Fatal(err)
	}
	if _, err := st.GroupOfQuote(ctx, herald); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("detached quote back in a group after a refresh: %v", err)
	}
	merged := groupOf(t, st, quoteID(t, st, story, "Coastal Courier", "We will", false))
	if gs, _ := st.Groups(ctx, story); len(gs) != 1 || len(gs[0].QuoteIDs) != 5 || gs[0].ID != merged {
		t.Errorf("after detach and refresh: %+v", gs)
	}
	// Moving the detached quote back in undoes the detach.
	valley := quoteID(t, st, story, "Valley Post", "We will", false)
	for _, q := range []int64{herald, valley} {
		if err := st.MoveQuote(ctx, q, merged); err != nil {
			t.Fatal(err)
		}
		if g := groupOf(t, st, q); g != merged {
			t.Errorf("moved quote %d in group %d, want %d", q, g, merged)
		}
	}
	// Moving a quote into its own group is no change.
	rev, _ := st.Revision(ctx)
	if err := st.MoveQuote(ctx, herald, groupOf(t, st, herald)); err != nil {
		t.Fatal(err)
	}
	if rev2, _ := st.Revision(ctx); rev2 != rev {
		t.Error("a move that changes nothing wrote to the store")
	}
}

func TestCorrectionErrors(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	story := portStory(t, st)
	reopen := groupOf(t, st, quoteID(t, st, story, "Hill Herald", "We will", false))
	crews := groupOf(t, st, quoteID(t, st, story, "Bay Times", "The crews", false))
	crewsQuote := quoteID(t, st, story, "Bay Times", "The crews", false)
	_, members, _ := func() (int, []int64, error) {
		gs, err := st.Groups(ctx, story)
		for _, g := range gs {
			if g.ID == reopen {
				return 0, g.QuoteIDs, err
			}
		}
		return 0, nil, err
	}()
	other := mustImport(t, st, newDoc("Weather", "Hill Herald", "Rain", "",
		`"Rain will fall all week long here" said Ng. More text.`))
	termRes := mustImport(t, st, newDoc("Port", "Quay Gazette", "Port", "", `Fishermen called it "a joke" today.`))
	qs, _ := st.Quotes(ctx, storage.QuoteFilter{ArticleID: termRes.ArticleID})
	if len(qs) != 1 || qs[0].Kind != annotate.QuoteTerm {
		t.Fatalf("term quotes %+v", qs)
	}
	term := qs[0].ID
	mustImport(t, st, newDoc("Weather", "Bay Times", "Rain", "", `"Rain will fall all week long here" said Ng.`))
	if err := st.RefreshQuotes(ctx, other.StoryID); err != nil {
		t.Fatal(err)
	}
	gs, _ := st.Groups(ctx, other.StoryID)
	if len(gs) != 1 {
		t.Fatalf("weather groups %+v", gs)
	}
	weather := gs[0].ID

	rev, _ := st.Revision(ctx)
	tests := []struct {
		name string
		do   func() error
		want error
	}{
		{"split unknown group", func() error { return st.SplitGroup(ctx, 9999, []int64{1}) }, storage.ErrNotFound},
		{"split nothing", func() error { return st.SplitGroup(ctx, reopen, nil) }, storage.ErrInvalidCorrection},
		{"split a non-member", func() error { return st.SplitGroup(ctx, reopen, []int64{crewsQuote}) }, storage.ErrInvalidCorrection},
		{"split every member", func() error { return st.SplitGroup(ctx, reopen, members) }, storage.ErrInvalidCorrection},
		{"merge with itself", func() error { return st.MergeGroups(ctx, reopen, reopen) }, storage.ErrInvalidCorrection},
		{"merge across stories", func() error { return st.MergeGroups(ctx, reopen, weather) }, storage.ErrInvalidCorrection},
		{"merge unknown group", func() error { return st.MergeGroups(ctx, reopen, 9999) }, storage.ErrNotFound},
		{"move unknown quote", func() error { return st.MoveQuote(ctx, 9999, reopen) }, storage.ErrNotFound},
		{"move across stories", func() error { return st.MoveQuote(ctx, crewsQuote, weather) }, storage.ErrInvalidCorrection},
		{"detach unknown quote", func() error { return st.DetachQuote(ctx, 9999) }, storage.ErrNotFound},
		{"detach a term", func() error { return st.DetachQuote(ctx, term) }, storage.ErrInvalidCorrection},
		{"move a term", func() error { return st.MoveQuote(ctx, term, reopen) }, storage.ErrInvalidCorrection},
		{"pin a non-member", func() error { return st.PinCanonical(ctx, crews, members[0]) }, storage.ErrInvalidCorrection},
		{"speaker of unknown group", func() error { return st.SetGroupSpeaker(ctx, 9999, "X") }, storage.ErrNotFound},
	}
	for _, tt := range tests {
		if err := tt.do(); !errors.Is(err, tt.want) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.want)
		}
	}
	if rev2, _ := st.Revision(ctx); rev2 != rev {
		t.Error("failed corrections wrote to the store")
	}
	if cs, _ := st.Corrections(ctx, story); len(cs) != 0 {
		t.Errorf("failed corrections recorded: %+v", cs)
	}
}

func TestGroupToAnnotations(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	story := portStory(t, st)
	herald := quoteID(t, st, story, "Hill Herald", "We will", false)
	reopen := groupOf(t, st, herald)
	if err := st.SetGroupSpeaker(ctx, reopen, "Luis Ortega"); err != nil {
		t.Fatal(err)
	}
	// The Courier's quote is already annotated as a quote (a slightly
	// longer span): it is skipped. A fact annotation does not count.
	courier := quoteID(t, st, story, "Coastal Courier", "We will", false)
	qs, _ := st.Quotes(ctx, storage.QuoteFilter{StoryID: story})
	byID := map[int64]annotate.Quote{}
	for _, q := range qs {
		byID[q.ID] = q
	}
	cq := byID[courier]
	if _, err := st.CreateAnnotation(ctx, annotate.Annotation{ArticleID: cq.ArticleID,
		Span: annotate.Span{Start: cq.Start - 1, End: cq.End + 1}, Kind: annotate.KindQuote}); err != nil {
		t.Fatal(err)
	}
	hq := byID[herald]
	if _, err := st.CreateAnnotation(ctx, annotate.Annotation{ArticleID: hq.ArticleID, Span: hq.Span, Kind: annotate.KindFact}); err != nil {
		t.Fatal(err)
	}

	made, err := st.GroupToAnnotations(ctx, reopen, "reopening")
	if err != nil {
		t.Fatal(err)
	}
	// Bay Times (body) and Hill Herald; the Bay Times title quote is
	// skipped (its offsets index the title), so is the Courier.
	if len(made) != 2 {
		t.Fatalf("made %d annotations, want 2: %+v", len(made), made)
	}
	for _, a := range made {
		if a.Kind != annotate.KindQuote || a.Speaker != "Luis Ortega" || !slices.Equal(a.Tags, []string{"reopening"}) ||
			a.Exact != "We will reopen the port on Friday" || a.ID == 0 || a.Outlet == "" {
			t.Errorf("annotation %+v", a)
		}
	}
	// The view model reads the members with their dates.
	ms, err := st.GroupMembers(ctx, reopen)
	if err != nil {
		t.Fatal(err)
	}
	g, err := st.Group(ctx, reopen)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != len(g.QuoteIDs) || ms[0].Published.IsZero() || ms[0].Outlet == "" {
		t.Fatalf("members %+v of group %+v", ms, g)
	}
	v, err := annotate.NewGroupView(g, ms, 0)
	if err != nil || len(v.Rows) != len(g.QuoteIDs) || v.Speaker != "Luis Ortega" {
		t.Errorf("group view %+v, %v", v, err)
	}
	if _, err := st.Group(ctx, 9999); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Group(unknown) error %v", err)
	}

	// Once done, doing it again makes nothing.
	again, err := st.GroupToAnnotations(ctx, reopen, "reopening")
	if err != nil || len(again) != 0 {
		t.Errorf("second run made %+v, %v", again, err)
	}
	if _, err := st.GroupToAnnotations(ctx, 9999, ""); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown group: %v", err)
	}
}

// With the real quote engine, corrections survive a rematch too.
func TestCorrectionsWithRealMatcher(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	bodies := []struct{ outlet, body string }{
		{"Coastline Wire", "The council approved the harbour plan.\n\n“This is the most important decision we will make this decade,” said Mayor Ines Okafor.\n\n“The fishing fleet has been ignored for far too long,” said harbour master Tomas Reyes."},
		{"Daily Lantern", "Councillors backed the plan.\n\nMayor Okafor said: “This is the most important decision we will make this decade.”\n\n“The fishing fleet has been ignored for far too long,” Reyes said."},
		{"Harbour Blog", "Big news.\n\n“This is the most important decision we’ll make this decade,” Okafor told reporters."},
	}
	var story int64
	for i, b := range bodies {
		res := mustImport(t, st, newDoc("Harbour", b.outlet, "Harbour plan "+string(rune('A'+i)), "", b.body))
		story = res.StoryID
	}
	if err := st.RefreshQuotes(ctx, story); err != nil {
		t.Fatal(err)
	}
	gs, err := st.Groups(ctx, story)
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 2 {
		t.Fatalf("real matcher: %d groups, want 2: %+v", len(gs), gs)
	}
	var decade annotate.Group
	for _, g := range gs {
		if strings.Contains(g.Canonical, "decade") {
			decade = g
		}
	}
	if len(decade.QuoteIDs) != 3 {
		t.Fatalf("decade group %+v", decade)
	}
	blog := decade.QuoteIDs[2]
	if err := st.PinCanonical(ctx, decade.ID, blog); err != nil {
		t.Fatal(err)
	}
	if err := st.SetGroupSpeaker(ctx, decade.ID, "Ines Okafor"); err != nil {
		t.Fatal(err)
	}
	qs, _ := st.Quotes(ctx, storage.QuoteFilter{StoryID: story})
	var blogText string
	for _, q := range qs {
		if q.ID == blog {
			blogText = q.Text
		}
	}
	mustImport(t, st, newDoc("Harbour", "Valley Post", "Late", "",
		"“This is the most important decision we will make this decade,” Okafor said."))
	if err := st.RefreshQuotes(ctx, story); err != nil {
		t.Fatal(err)
	}
	g, err := st.GroupOfQuote(ctx, blog)
	if err != nil {
		t.Fatal(err)
	}
	gs, _ = st.Groups(ctx, story)
	for _, x := range gs {
		if x.ID == g && (len(x.QuoteIDs) != 4 || x.Canonical != blogText || x.Speaker != "Ines Okafor") {
			t.Errorf("after rematch: %+v, want 4 quotes, canonical %q, speaker Ines Okafor", x, blogText)
		}
	}
}
