package storage_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"factdesk/annotate"
	"factdesk/storage"
)

func TestImportOutcomes(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)

	const (
		story  = "Reservoir levels"
		url1   = "https://valley-post.example/reservoir"
		body1  = "The reservoir fell to 31 percent on Monday, the water board said."
		body2  = "The reservoir fell to 29 percent on Monday, the water board said."
		body3  = "The reservoir fell to 29 percent on Monday, the water board said on Tuesday."
		title1 = "Reservoir hits record low"
	)
	type want struct {
		outcome storage.ImportOutcome
		version int
		article string // name of the article it must be; "" for a new one
		story   string
		outlet  string
	}
	steps := []struct {
		name string
		doc  annotate.Document
		want want
		as   string // name this step's article
	}{
		{"first import", newDoc(story, "Valley Post", title1, url1, body1),
			want{storage.OutcomeCreated, 1, "", story, "Valley Post"}, "vp"},
		{"same content again", newDoc(story, "Valley Post", title1, url1, body1),
			want{storage.OutcomeDuplicate, 1, "vp", story, "Valley Post"}, ""},
		{"same content under another url", newDoc(story, "Other Outlet", "Copied", "https://elsewhere.example/x", body1),
			want{storage.OutcomeDuplicate, 1, "vp", story, "Valley Post"}, ""},
		{"same url, changed text", newDoc(story, "Valley Post", "Reservoir at record low", url1, body2),
			want{storage.OutcomeNewVersion, 2, "vp", story, "Valley Post"}, ""},
		{"same outlet and latest title, no url", newDoc(story, "Valley Post", "Reservoir at record low", "", body3),
			want{storage.OutcomeNewVersion, 3, "vp", story, "Valley Post"}, ""},
		{"same title, other outlet", newDoc(story, "Hill Herald", "Reservoir at record low", "", body3+" More."),
			want{storage.OutcomeCreated, 1, "", story, "Hill Herald"}, "hh"},
		{"new url, other story name keeps the article's story", newDoc("Other story", "Hill Herald", "Reservoir at record low", "https://hill-herald.example/r", body3+" More. Update."),
			want{storage.OutcomeNewVersion, 2, "hh", story, "Hill Herald"}, ""},
		{"no story or outlet", newDoc("", "  ", "Anonymous tip", "", "A reader wrote in about the dam."),
			want{storage.OutcomeCreated, 1, "", storage.DefaultStory, storage.DefaultOutlet}, ""},
	}

	ids := map[string]int64{}
	for _, s := range steps {
		before, _ := st.Revision(ctx)
		res, err := st.ImportDocument(ctx, s.doc)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		after, _ := st.Revision(ctx)
		if res.Outcome != s.want.outcome || res.Version != s.want.version {
			t.Errorf("%s: outcome %s v%d, want %s v%d", s.name, res.Outcome, res.Version, s.want.outcome, s.want.version)
		}
		if s.want.article != "" && res.ArticleID != ids[s.want.article] {
			t.Errorf("%s: article %d, want %d (%s)", s.name, res.ArticleID, ids[s.want.article], s.want.article)
		}
		if s.want.article == "" && slices.Contains(mapValues(ids), res.ArticleID) {
			t.Errorf("%s: reused article %d, want a new one", s.name, res.ArticleID)
		}
		if s.as != "" {
			ids[s.as] = res.ArticleID
		}
		if (res.Outcome == storage.OutcomeDuplicate) != (after == before) {
			t.Errorf("%s: revision went %d -> %d", s.name, before, after)
		}
		a, err := st.Article(ctx, res.ArticleID)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if a.Story != s.want.story || a.Outlet != s.want.outlet || a.StoryID != res.StoryID {
			t.Errorf("%s: article in %q (%d) by %q, want %q (%d) by %q", s.name, a.Story, a.StoryID, a.Outlet, s.want.story, res.StoryID, s.want.outlet)
		}
		if res.Outcome != storage.OutcomeDuplicate && (a.Body != s.doc.Body || a.Version != res.Version || a.Title != s.doc.Title) {
			t.Errorf("%s: latest version is v%d %q, want v%d %q", s.name, a.Version, a.Body, res.Version, s.doc.Body)
		}
	}

	stories, err := st.Stories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(stories)
	if want := fmt.Sprintf("[{%d Reservoir levels 2} {%d Unsorted 1}]", stories[0].ID, stories[1].ID); got != want {
		t.Errorf("Stories() = %s, want %s", got, want)
	}
	s, err := st.StoryByName(ctx, story)
	if err != nil || s.Articles != 2 {
		t.Errorf("StoryByName = %+v, %v", s, err)
	}
	if _, err := st.StoryByName(ctx, "No such story"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("StoryByName(missing) error = %v, want ErrNotFound", err)
	}
}

func mapValues(m map[string]int64) []int64 {
	var out []int64
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestArticleVersions(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	url := "https://coastal-courier.example/storm"
	bodies := []string{
		"Storm Odile reached the coast at noon.",
		"Storm Odile reached the coast at noon. Two ferries were cancelled.",
		"Storm Odile reached the coast at 11:40. Two ferries were cancelled.",
	}
	var id int64
	for i, b := range bodies {
		res := mustImport(t, st, newDoc("Storm", "Coastal Courier", fmt.Sprintf("Storm update %d", i), url, b))
		if i == 0 {
			id = res.ArticleID
		}
		if res.ArticleID != id || res.Version != i+1 {
			t.Fatalf("import %d: article %d v%d, want %d v%d", i, res.ArticleID, res.Version, id, i+1)
		}
	}
	vs, err := st.ArticleVersions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != len(bodies) {
		t.Fatalf("got %d versions, want %d", len(vs), len(bodies))
	}
	for i, v := range vs {
		if v.Version != i+1 || v.Body != bodies[i] || v.Hash != annotate.ContentHash(bodies[i]) ||
			v.Chars != annotate.RuneLen(bodies[i]) || v.Title != fmt.Sprintf("Storm update %d", i) {
			t.Errorf("version %d = %+v", i+1, v)
		}
		if v.Published.Format(annotate.DateLayout) != "2031-03-14" || v.ImportedAt.IsZero() || v.Byline != "By Ines Varga" || v.URL != url {
			t.Errorf("version %d metadata = %+v", i+1, v)
		}
	}
	v2, err := st.ArticleVersion(ctx, id, 2)
	if err != nil || v2.Body != bodies[1] {
		t.Errorf("ArticleVersion(2) = %q, %v", v2.Body, err)
	}
	if _, err := st.ArticleVersion(ctx, id, 9); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("ArticleVersion(9) error = %v, want ErrNotFound", err)
	}
	if _, err := st.Article(ctx, 999); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Article(999) error = %v, want ErrNotFound", err)
	}
	if _, err := st.ArticleVersions(ctx, 999); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("ArticleVersions(999) error = %v, want ErrNotFound", err)
	}

	list, err := st.Articles(ctx, storage.ArticleFilter{Story: "Storm"})
	if err != nil || len(list) != 1 {
		t.Fatalf("Articles = %v, %v", list, err)
	}
	if a := list[0]; a.Body != "" || a.Chars != annotate.RuneLen(bodies[2]) || a.Version != 3 {
		t.Errorf("listed article: body %q, chars %d, version %d; want no body, %d chars, version 3", a.Body, a.Chars, a.Version, annotate.RuneLen(bodies[2]))
	}
}

func TestArticlesFilter(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	a := mustImport(t, st, newDoc("Strike", "Valley Post", "Drivers walk out", "", "Bus drivers walked out."))
	mustImport(t, st, newDoc("Strike", "Hill Herald", "Buses stop", "", "No buses ran today."))
	b := mustImport(t, st, newDoc("Election", "Hill Herald", "Polls open", "", "Polls opened at seven."))

	tests := []struct {
		name string
		f    storage.ArticleFilter
		want []string
	}{
		{"all", storage.ArticleFilter{}, []string{"Polls open", "Buses stop", "Drivers walk out"}},
		{"story name", storage.ArticleFilter{Story: "Strike"}, []string{"Buses stop", "Drivers walk out"}},
		{"story id", storage.ArticleFilter{StoryID: b.StoryID}, []string{"Polls open"}},
		{"both", storage.ArticleFilter{StoryID: a.StoryID, Story: "Strike"}, []string{"Buses stop", "Drivers walk out"}},
		{"unknown story", storage.ArticleFilter{Story: "Nope"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := st.Articles(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range list {
				got = append(got, a.Title)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("titles = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestImportRejectsBadText(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	for name, body := range map[string]string{"empty": "", "invalid UTF-8": "caf\xe9 au lait"} {
		if _, err := st.ImportDocument(ctx, newDoc("S", "O", name, "", body)); err == nil {
			t.Errorf("%s body imported", name)
		}
	}
	if empty, _ := st.IsEmpty(ctx); !empty {
		t.Error("a rejected document left an article")
	}
}

func TestImportReanchorsAnnotations(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	const url = "https://bay-times.example/mayor"
	v1 := "Mayor Alma Reyes said the tram will run by May. Critics called the plan 'rushed'. The budget is 40 million."
	v2 := "UPDATED: Mayor Alma Reyes said the tram will run by May. The budget is 40 million."
	v3 := "UPDATED: Mayor Alma Reyes said the tram will run by May. Critics called the plan 'rushed'. The budget is 40 million."

	res := mustImport(t, st, newDoc("Tram", "Bay Times", "Tram by May", url, v1))
	mark := func(text string) annotate.Annotation {
		t.Helper()
		i := strings.Index(v1, text)
		a, err := st.CreateAnnotation(ctx, annotate.Annotation{ArticleID: res.ArticleID,
			Span: annotate.Span{Start: i, End: i + len(text)}, Kind: annotate.KindClaim, Tags: []string{"tram"}})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	first := mark("Mayor Alma Reyes")
	critics := mark("Critics called the plan 'rushed'")
	budget := mark("The budget is 40 million.")

	check := func(version string, body string, want map[int64]annotate.Anchor) {
		t.Helper()
		for id, anchor := range want {
			a, err := st.Annotation(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if a.Anchor != anchor {
				t.Errorf("%s: annotation %q anchor = %s, want %s", version, a.Exact, a.Anchor, anchor)
			}
			if anchor != annotate.AnchorOrphaned {
				if got := annotate.NewText(body).Slice(a.Span); got != a.Exact {
					t.Errorf("%s: annotation span %v holds %q, want %q", version, a.Span, got, a.Exact)
				}
			}
		}
	}

	if r := mustImport(t, st, newDoc("Tram", "Bay Times", "Tram by May", url, v2)); r.Outcome != storage.OutcomeNewVersion {
		t.Fatalf("v2 outcome %s", r.Outcome)
	}
	check("v2", v2, map[int64]annotate.Anchor{
		first.ID:   annotate.AnchorMoved,
		critics.ID: annotate.AnchorOrphaned,
		budget.ID:  annotate.AnchorMoved,
	})
	orphan, _ := st.Annotation(ctx, critics.ID)
	if orphan.Exact != "Critics called the plan 'rushed'" || orphan.Span != critics.Span {
		t.Errorf("orphaned annotation lost its text or span: %+v", orphan)
	}

	// The sentence comes back in v3: the orphan, re-anchored from the text
	// it was made on, finds it again; the others stay where they are.
	mustImport(t, st, newDoc("Tram", "Bay Times", "Tram by May", url, v3))
	check("v3", v3, map[int64]annotate.Anchor{
		first.ID:   annotate.AnchorAnchored,
		critics.ID: annotate.AnchorMoved,
		budget.ID:  annotate.AnchorMoved,
	})

	all, err := st.Annotations(ctx, storage.AnnotationFilter{ArticleID: res.ArticleID})
	if err != nil || len(all) != 3 {
		t.Fatalf("annotations after re-anchoring = %d, %v; want 3", len(all), err)
	}
	for _, a := range all {
		if !slices.Equal(a.Tags, []string{"tram"}) || a.Kind != annotate.KindClaim {
			t.Errorf("re-anchoring changed annotation %d: %+v", a.ID, a)
		}
	}
}

func TestImportIsAtomic(t *testing.T) {
	ctx := context.Background()
	const url = "https://valley-post.example/flood"
	v1 := newDoc("Flood", "Valley Post", "River bursts banks", url, "The river burst its banks near the mill.")
	v2 := newDoc("Flood", "Valley Post", "River bursts banks", url, "The river burst its banks near the old mill; zyzzogeton sightings reported.")
	fresh := newDoc("Landslide", "Hill Herald", "Road buried", "", "A landslide buried the pass road; quuxberry crews dug all night.")

	steps := []string{"article", "version", "quotes", "commit"}
	for _, doc := range []annotate.Document{v2, fresh} {
		for _, step := range steps {
			t.Run(doc.Story+"/"+step, func(t *testing.T) {
				st := mustOpen(t)
				st.SetQuoteEngine(straightQuotes, nil)
				base := mustImport(t, st, v1)
				ann, err := st.CreateAnnotation(ctx, annotate.Annotation{ArticleID: base.ArticleID,
					Span: annotate.Span{Start: 4, End: 9}, Kind: annotate.KindFact})
				if err != nil {
					t.Fatal(err)
				}
				before := snapshot(t, st)

				st.SetHook(func(s string) error {
					if s == step {
						return errors.New("injected failure at " + s)
					}
					return nil
				})
				if _, err := st.ImportDocument(ctx, doc); err == nil {
					t.Fatal("import succeeded despite the failure")
				}
				st.SetHook(nil)
				if after := snapshot(t, st); after != before {
					t.Errorf("failed import left changes:\nbefore %s\nafter  %s", before, after)
				}
				a, _ := st.Annotation(context.Background(), ann.ID)
				if a.Span != ann.Span || a.Anchor != annotate.AnchorAnchored {
					t.Errorf("failed import moved an annotation: %+v", a)
				}

				// The same document imports cleanly afterwards.
				res := mustImport(t, st, doc)
				if res.Outcome == storage.OutcomeDuplicate {
					t.Errorf("retry after failure gave %s", res.Outcome)
				}
			})
		}
	}
}

// A cancelled context stops an import before its transaction begins; once
// begun, the transaction runs to its end, so a cancellation never leaves
// half an article either way.
func TestImportCancelled(t *testing.T) {
	ctx := context.Background()
	doc := newDoc("Flood", "Valley Post", "River bursts banks", "", "The river burst its banks near the mill.")

	st := mustOpen(t)
	before := snapshot(t, st)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := st.ImportDocument(cancelled, doc); !errors.Is(err, context.Canceled) {
		t.Fatalf("import with a cancelled context: %v; want context.Canceled", err)
	}
	if after := snapshot(t, st); after != before {
		t.Errorf("cancelled import left changes:\nbefore %s\nafter  %s", before, after)
	}

	during, cancel := context.WithCancel(ctx)
	defer cancel()
	st.SetHook(func(step string) error {
		if step == "version" {
			cancel() // in the middle of the transaction
		}
		return nil
	})
	res, err := st.ImportDocument(during, doc)
	st.SetHook(nil)
	if err != nil || res.Outcome != storage.OutcomeCreated {
		t.Fatalf("import cancelled mid-transaction = %+v, %v; want it created whole", res, err)
	}
	if hits, err := st.Search(ctx, "mill", 10); err != nil || len(hits) != 1 {
		t.Errorf("search for the imported article: %d hits, %v", len(hits), err)
	}
}

// snapshot summarises everything an import can change.
func snapshot(t *testing.T, st *storage.Store) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	rev, err := st.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "rev=%d ", rev)
	stories, _ := st.Stories(ctx)
	fmt.Fprintf(&b, "stories=%v ", stories)
	arts, _ := st.Articles(ctx, storage.ArticleFilter{})
	for _, a := range arts {
		vs, _ := st.ArticleVersions(ctx, a.ID)
		fmt.Fprintf(&b, "article %d %s v%d/%d; ", a.ID, a.Outlet, a.Version, len(vs))
	}
	qs, _ := st.Quotes(ctx, storage.QuoteFilter{})
	fmt.Fprintf(&b, "quotes=%d ", len(qs))
	stale, _ := st.StaleStories(ctx)
	fmt.Fprintf(&b, "stale=%v ", stale)
	for _, w := range []string{"zyzzogeton", "quuxberry", "mill"} {
		hits, _ := st.Search(ctx, w, 10)
		fmt.Fprintf(&b, "%s=%d ", w, len(hits))
	}
	return b.String()
}

// straightQuotes is a stand-in quote extractor: every run of text between
// straight double quotes is a quote; four words or more make a statement.
// The speaker is the word after the closing quote and "said", if any.
func straightQuotes(title, body string) []annotate.Quote {
	var out []annotate.Quote
	find := func(text string, inTitle bool) {
		t := annotate.NewText(text)
		for i := 0; ; {
			open := strings.IndexByte(text[i:], '"')
			if open < 0 {
				return
			}
			open += i
			end := strings.IndexByte(text[open+1:], '"')
			if end < 0 {
				return
			}
			end += open + 1
			q := annotate.Quote{Span: annotate.Span{Start: t.Rune(open + 1), End: t.Rune(end)},
				Text: text[open+1 : end], Kind: annotate.QuoteTerm, InTitle: inTitle, Utterance: len(out) + 1}
			if len(strings.Fields(q.Text)) >= 4 {
				q.Kind = annotate.QuoteStatement
			}
			if rest := strings.Fields(text[end+1:]); len(rest) >= 2 && rest[0] == "said" {
				q.Speaker, q.SpeakerConfidence = strings.Trim(rest[1], ".,"), 0.9
			}
			out = append(out, q)
			i = end + 1
		}
	}
	find(title, true)
	find(body, false)
	return out
}

func TestImportStoresQuotes(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	st.SetQuoteEngine(straightQuotes, nil)
	const url = "https://coastal-courier.example/port"
	v1 := `"We will reopen the port on Friday" said Ortega. Fishermen called it "a joke". "Nobody asked the crews at all" said Lindqvist.`
	v2 := `Update. "We will reopen the port on Friday" said Ortega. "Nobody asked the crews at all" said Lindqvist. "Prices will rise for everyone" said Amadou.`

	res := mustImport(t, st, newDoc("Port", "Coastal Courier", `"Reopen by Friday"`, url, v1))
	q1, err := st.Quotes(ctx, storage.QuoteFilter{ArticleID: res.ArticleID})
	if err != nil {
		t.Fatal(err)
	}
	byText := func(qs []annotate.Quote) map[string]annotate.Quote {
		m := map[string]annotate.Quote{}
		for _, q := range qs {
			m[q.Text] = q
		}
		return m
	}
	m1 := byText(q1)
	if len(q1) != 4 || !m1["Reopen by Friday"].InTitle || m1["a joke"].Kind != annotate.QuoteTerm ||
		m1["Nobody asked the crews at all"].Speaker != "Lindqvist" || m1["a joke"].Outlet != "Coastal Courier" {
		t.Fatalf("v1 quotes = %+v", q1)
	}
	for _, q := range q1 {
		text := v1
		if q.InTitle {
			text = `"Reopen by Friday"`
		}
		if got := annotate.NewText(text).Slice(q.Span); got != q.Text {
			t.Errorf("quote %q: span %v holds %q", q.Text, q.Span, got)
		}
	}

	mustImport(t, st, newDoc("Port", "Coastal Courier", `"Reopen by Friday"`, url, v2))
	q2, err := st.Quotes(ctx, storage.QuoteFilter{StoryID: res.StoryID})
	if err != nil {
		t.Fatal(err)
	}
	m2 := byText(q2)
	if len(q2) != 4 {
		t.Fatalf("v2 quotes = %+v", q2)
	}
	for _, text := range []string{"We will reopen the port on Friday", "Nobody asked the crews at all", "Reopen by Friday"} {
		if m2[text].ID != m1[text].ID {
			t.Errorf("quote %q changed id %d -> %d though its text did not change", text, m1[text].ID, m2[text].ID)
		}
	}
	if m2["Nobody asked the crews at all"].Span == m1["Nobody asked the crews at all"].Span {
		t.Error("moved quote kept its old span")
	}
	if _, ok := m2["a joke"]; ok {
		t.Error("a quote removed in v2 is still listed")
	}
	if q := m2["Prices will rise for everyone"]; q.ID == 0 || slices.Contains([]int64{m1["a joke"].ID}, q.ID) {
		t.Errorf("new quote id %d", q.ID)
	}
}

// sameTextGroups is a stand-in matcher: statements with the same text, from
// different articles, form a group; each group carries one pair diff.
func sameTextGroups(qs []annotate.Quote) []annotate.Group {
	byText := map[string][]annotate.Quote{}
	var order []string
	for _, q := range qs {
		k := strings.ToLower(q.Text)
		if _, ok := byText[k]; !ok {
			order = append(order, k)
		}
		byText[k] = append(byText[k], q)
	}
	var out []annotate.Group
	for _, k := range order {
		g := byText[k]
		if len(g) < 2 {
			continue
		}
		grp := annotate.Group{Speaker: g[0].Speaker, Canonical: g[0].Text}
		for _, q := range g {
			grp.QuoteIDs = append(grp.QuoteIDs, q.ID)
			grp.Conflict = grp.Conflict || q.Speaker != g[0].Speaker
		}
		grp.Diffs = []annotate.PairDiff{{A: g[0].ID, B: g[1].ID, Similarity: 0.75,
			Ops: []annotate.DiffOp{{Op: annotate.OpEqual, Text: g[0].Text}, {Op: annotate.OpInsert, Text: " indeed"}}}}
		out = append(out, grp)
	}
	return out
}

func TestRefreshQuotes(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	st.SetQuoteEngine(straightQuotes, sameTextGroups)

	a := mustImport(t, st, newDoc("Port", "Coastal Courier", "Port to reopen", "",
		`"We will reopen the port on Friday" said Ortega. "Short one" said Ortega.`))
	mustImport(t, st, newDoc("Port", "Bay Times", "Friday reopening", "",
		`Officials met. "We will reopen the port on Friday" said Ortega.`))
	mustImport(t, st, newDoc("Port", "Hill Herald", "Port news", "",
		`"We will reopen the port on Friday" said Okafor.`))
	other := mustImport(t, st, newDoc("Weather", "Hill Herald", "Rain", "", `Rain, "all week long and more" said Ng.`))

	stale, err := st.StaleStories(ctx)
	if err != nil || !slices.Equal(stale, []int64{a.StoryID, other.StoryID}) {
		t.Fatalf("StaleStories = %v, %v; want both stories", stale, err)
	}
	if err := st.RefreshQuotes(ctx, a.StoryID); err != nil {
		t.Fatal(err)
	}
	if stale, _ := st.StaleStories(ctx); !slices.Equal(stale, []int64{other.StoryID}) {
		t.Errorf("StaleStories after refresh = %v, want [%d]", stale, other.StoryID)
	}
	groups, err := st.Groups(ctx, a.StoryID)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 1 {
		t.Fatalf("groups = %+v, want one", groups)
	}
	g := groups[0]
	if len(g.QuoteIDs) != 3 || !g.Conflict || g.Speaker != "Ortega" || g.Canonical != "We will reopen the port on Friday" || g.StoryID != a.StoryID {
		t.Errorf("group = %+v", g)
	}
	wantDiff := annotate.PairDiff{A: g.QuoteIDs[0], B: g.QuoteIDs[1], Similarity: 0.75,
		Ops: []annotate.DiffOp{{Op: annotate.OpEqual, Text: "We will reopen the port on Friday"}, {Op: annotate.OpInsert, Text: " indeed"}}}
	if len(g.Diffs) != 1 || fmt.Sprint(g.Diffs[0]) != fmt.Sprint(wantDiff) {
		t.Errorf("diffs = %+v, want [%+v]", g.Diffs, wantDiff)
	}

	// Refreshing again replaces the groups rather than adding to them.
	if err := st.RefreshQuotes(ctx, a.StoryID); err != nil {
		t.Fatal(err)
	}
	if groups, _ := st.Groups(ctx, a.StoryID); len(groups) != 1 {
		t.Errorf("after a second refresh: %d groups, want 1", len(groups))
	}

	// An import that lands while matching runs leaves the story stale.
	st.SetQuoteEngine(straightQuotes, func(qs []annotate.Quote) []annotate.Group {
		mustImport(t, st, newDoc("Port", "Valley Post", "Late copy", "", `"We will reopen the port on Friday" said Ortega.`))
		return sameTextGroups(qs)
	})
	if err := st.RefreshQuotes(ctx, a.StoryID); err != nil {
		t.Fatal(err)
	}
	if stale, _ := st.StaleStories(ctx); !slices.Contains(stale, a.StoryID) {
		t.Errorf("story changed during matching is not stale: %v", stale)
	}

	if err := st.RefreshQuotes(ctx, 12345); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("RefreshQuotes(missing story) error = %v, want ErrNotFound", err)
	}
}

// Each annotation is re-anchored from the text its span indexes: an orphan
// from the last version that held its text, the others from the previous
// version. A re-anchorer answer outside the new body counts as orphaned.
func TestReanchorStartsFromAnnotatedText(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	oldBodies := map[string][]string{} // exact text -> old bodies it was re-anchored from
	st.SetReanchor(func(oldBody, newBody string, a annotate.Annotation) annotate.Annotation {
		oldBodies[a.Exact] = append(oldBodies[a.Exact], oldBody)
		if a.Exact == "broken" {
			a.Span = annotate.Span{Start: 0, End: annotate.RuneLen(newBody) + 5}
			a.Anchor = annotate.AnchorMoved
			return a
		}
		i := strings.Index(newBody, a.Exact)
		if i < 0 {
			a.Anchor = annotate.AnchorOrphaned
			a.Span = annotate.Span{Start: -1, End: -1} // must not be stored
			return a
		}
		a.Span = annotate.Span{Start: i, End: i + len(a.Exact)}
		a.Anchor = annotate.AnchorMoved
		return a
	})
	const url = "https://valley-post.example/vote"
	v1 := "Alpha said yes. Beta said no. Then broken glass."
	v2 := "Alpha said yes. Then broken glass."
	v3 := "Update: Alpha said yes. Beta said no. Then broken glass."
	res := mustImport(t, st, newDoc("Vote", "Valley Post", "Vote", url, v1))
	var ids []int64
	for _, text := range []string{"Alpha", "Beta said no", "broken"} {
		i := strings.Index(v1, text)
		a, err := st.CreateAnnotation(ctx, annotate.Annotation{ArticleID: res.ArticleID,
			Span: annotate.Span{Start: i, End: i + len(text)}, Kind: annotate.KindFact})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	mustImport(t, st, newDoc("Vote", "Valley Post", "Vote", url, v2))
	mustImport(t, st, newDoc("Vote", "Valley Post", "Vote", url, v3))

	for text, want := range map[string][]string{
		"Alpha":        {v1, v2},
		"Beta said no": {v1, v1},
		"broken":       {v1, v1},
	} {
		if !slices.Equal(oldBodies[text], want) {
			t.Errorf("%q re-anchored from %q, want %q", text, oldBodies[text], want)
		}
	}
	alpha, _ := st.Annotation(ctx, ids[0])
	if alpha.Start != 8 || alpha.Prefix != "Update: " || alpha.Suffix != " said yes. Beta said no. Then br" {
		t.Errorf("moved annotation = %+v; want its context taken from the new text", alpha)
	}
	beta, _ := st.Annotation(ctx, ids[1])
	if beta.Anchor != annotate.AnchorMoved || beta.Start != strings.Index(v3, "Beta") {
		t.Errorf("annotation whose text came back = %+v", beta)
	}
	broken, _ := st.Annotation(ctx, ids[2])
	if broken.Anchor != annotate.AnchorOrphaned || broken.Start != strings.Index(v1, "broken") {
		t.Errorf("annotation given an impossible span = %+v; want orphaned with its old span", broken)
	}
}

// Groups from the real matcher are stored and read back exactly as it
// returned them: members, speaker, canonical text, conflict and pair diffs.
func TestRefreshQuotesStoresMatcherOutput(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	st.SetQuoteEngine(straightQuotes, nil)
	var story int64
	for i, body := range []string{
		`"We will not raise the harbour fees this year" said Ortega. "The crews deserve better pay" said Lindqvist.`,
		`"We will not raise harbour fees this year" said Ortega, adding more. "Crews deserve better pay" said Lindqvist.`,
		`"We will not raise the harbour fees, not this year" said Okafor.`,
	} {
		res := mustImport(t, st, newDoc("Fees", fmt.Sprintf("Outlet %d", i), fmt.Sprintf("Fees %d", i), "", body))
		story = res.StoryID
	}
	if err := st.RefreshQuotes(ctx, story); err != nil {
		t.Fatal(err)
	}
	qs, err := st.Quotes(ctx, storage.QuoteFilter{StoryID: story})
	if err != nil {
		t.Fatal(err)
	}
	var statements []annotate.Quote
	for _, q := range qs {
		if q.Kind == annotate.QuoteStatement {
			statements = append(statements, q)
		}
	}
	want := annotate.MatchQuotes(statements)
	got, err := st.Groups(ctx, story)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d statements, %d groups", len(statements), len(got))
	if len(got) != len(want) {
		t.Fatalf("stored %d groups, matcher gave %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		w.ID, w.StoryID = g.ID, story
		if fmt.Sprintf("%+v", g) != fmt.Sprintf("%+v", w) {
			t.Errorf("group %d:\nstored  %+v\nmatcher %+v", i, g, w)
		}
	}
}
