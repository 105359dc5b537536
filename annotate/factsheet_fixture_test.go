package annotate_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"factdesk/annotate"
)

// The fixture stories are fictional: invented outlets, town and people.

// fixture builds a FactSheetInput from articles and passages named by their
// text, so spans, prefixes and suffixes come from the bodies as the store
// would compute them.
type fixture struct {
	tb   testing.TB
	in   annotate.FactSheetInput
	arts map[int64]annotate.Article
	next int64
}

func newFixture(tb testing.TB, id int64, story string) *fixture {
	return &fixture{tb: tb, arts: map[int64]annotate.Article{}, next: 100, in: annotate.FactSheetInput{
		Story:       annotate.Story{ID: id, Name: story},
		GeneratedAt: time.Date(2026, 3, 7, 9, 30, 0, 0, time.UTC),
		Store:       "newsroom.db",
		Revision:    42,
		Generator:   "Factdesk test",
	}}
}

func (f *fixture) article(id int64, outlet, url, title, date, body string) {
	var pub time.Time
	if date != "" {
		var err error
		if pub, err = time.Parse(annotate.DateLayout, date); err != nil {
			f.tb.Fatal(err)
		}
	}
	a := annotate.Article{ID: id, StoryID: f.in.Story.ID, Story: f.in.Story.Name, Outlet: outlet, URL: url,
		Title: title, Byline: "By Staff", Published: pub, Body: body, Version: 1, Chars: annotate.RuneLen(body)}
	f.arts[id] = a
	a.Body = "" // the sheet works from metadata
	f.in.Articles = append(f.in.Articles, a)
}

// span finds the nth (from 0) occurrence of text in an article's body.
func (f *fixture) span(article int64, text string, nth int) annotate.Span {
	f.tb.Helper()
	body := f.arts[article].Body
	at := -1
	for i := 0; i <= nth; i++ {
		j := strings.Index(body[at+1:], text)
		if j < 0 {
			f.tb.Fatalf("article %d has no %q (occurrence %d)", article, text, i)
		}
		at += 1 + j
	}
	t := annotate.NewText(body)
	return annotate.Span{Start: t.Rune(at), End: t.Rune(at + len(text))}
}

// annotate adds an annotation of text in an article and returns its id.
func (f *fixture) annotate(article int64, text string, kind annotate.Kind, opts ...func(*annotate.Annotation)) int64 {
	f.tb.Helper()
	a, err := annotate.NewAnnotation(article, f.arts[article].Body, f.span(article, text, 0), kind)
	if err != nil {
		f.tb.Fatal(err)
	}
	f.next++
	a.ID, a.Outlet = f.next, f.arts[article].Outlet
	a.CreatedAt = time.Date(2026, 3, 6, 10, 0, int(f.next%60), 0, time.UTC)
	a.UpdatedAt = a.CreatedAt.Add(time.Hour)
	for _, o := range opts {
		o(&a)
	}
	f.in.Annotations = append(f.in.Annotations, a)
	return a.ID
}

func withNote(n string) func(*annotate.Annotation) {
	return func(a *annotate.Annotation) { a.Note = n }
}
func withSpeaker(s string) func(*annotate.Annotation) {
	return func(a *annotate.Annotation) { a.Speaker = s }
}
func withTags(t ...string) func(*annotate.Annotation) {
	return func(a *annotate.Annotation) { a.Tags = t }
}
func withStatus(s annotate.Status) func(*annotate.Annotation) {
	return func(a *annotate.Annotation) { a.Status = s }
}

// fact adds a fact; links are annotation ids, negative for contradiction.
func (f *fixture) fact(id int64, text string, status annotate.Status, note string, links ...int64) {
	fact := annotate.Fact{ID: id, StoryID: f.in.Story.ID, Text: text, Status: status, Note: note,
		CreatedAt: time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC)}
	for _, l := range links {
		if l < 0 {
			fact.Links = append(fact.Links, annotate.FactLink{AnnotationID: -l, Contradicts: true})
		} else {
			fact.Links = append(fact.Links, annotate.FactLink{AnnotationID: l})
		}
	}
	f.in.Facts = append(f.in.Facts, fact)
}

// quote adds a detected quote of text in an article and returns its id.
func (f *fixture) quote(id, article int64, text, speaker string) int64 {
	f.tb.Helper()
	sp := f.span(article, text, 0)
	f.in.Quotes = append(f.in.Quotes, annotate.Quote{ID: id, ArticleID: article, Outlet: f.arts[article].Outlet,
		Span: sp, Text: text, Speaker: speaker, SpeakerConfidence: 0.9, Kind: annotate.QuoteStatement})
	return id
}

// group groups quotes the way the matcher would, with pair diffs left out
// (the sheet diffs against the canonical text itself).
func (f *fixture) group(id int64, speaker, canonical string, conflict bool, quotes ...int64) {
	f.in.Groups = append(f.in.Groups, annotate.Group{ID: id, StoryID: f.in.Story.ID, Speaker: speaker,
		Canonical: canonical, QuoteIDs: quotes, Conflict: conflict})
}

const (
	wireBody = "The Port Alder council voted 7–2 on Tuesday to approve the harbour redevelopment plan after a debate that lasted nearly an hour.\n\n" +
		"“This is the most important decision we’ll make this decade,” said Mayor Inès Okafor. “The waterfront belongs to everyone.”\n\n" +
		"The plan will cost €48 million, according to the council’s own estimate. Opponents say the fishing co-operative was not consulted."
	lanternBody = "After a late-night session, councillors backed the redevelopment by seven votes to two.\n\n" +
		"Mayor Okafor said: \"This is the most important decision we will make in this decade.\"\n\n" +
		"The meeting lasted more than three hours, the Lantern understands. The plan will cost €52 million. " +
		"One councillor, Aled Morrow, called it \"a done deal before anyone walked in\"."
	blogBody = "Nobody told the fishing co-operative. Its chair, Tomasz Brede, said the vote was \"a done deal before anyone walked in\".\n\n" +
		"Mayor Okafor told reporters: “This is the most important decision we’ll make.” The council says the plan costs €48 million."
)

// harbourFixture is a four-outlet story: a wire report, a syndicated copy of
// it, a daily and a blog without a URL.
func harbourFixture(tb testing.TB) annotate.FactSheetInput {
	f := newFixture(tb, 3, "Harbour vote")
	f.article(1, "Coastline Wire", "https://coastline-wire.test/harbour-vote", "Council approves harbour plan", "2026-03-04", wireBody)
	f.article(2, "Harbour Times", "https://harbour-times.test/news/council-approves#top", "Council approves harbour plan", "2026-03-04", wireBody)
	f.article(3, "Daily Lantern", "https://lantern.test/harbour?id=7&src=rss", "Harbour plan passes after late-night vote", "2026-03-05", lanternBody)
	f.article(4, "Riverside Blog", "", "What the council didn’t say", "2026-03-06", blogBody)
	f.in.Syndicated = [][]int64{{1, 2}}

	vote := f.annotate(1, "voted 7–2 on Tuesday to approve the harbour redevelopment plan", annotate.KindFact,
		withTags("vote"), withStatus(annotate.StatusConfirmed))
	votes := f.annotate(3, "backed the redevelopment by seven votes to two", annotate.KindFact)
	hour := f.annotate(1, "a debate that lasted nearly an hour", annotate.KindFact)
	three := f.annotate(3, "The meeting lasted more than three hours", annotate.KindClaim, withNote("The Lantern cites no source."))
	nobody := f.annotate(4, "Nobody told the fishing co-operative", annotate.KindClaim)
	opponents := f.annotate(1, "Opponents say the fishing co-operative was not consulted", annotate.KindFact)
	cost48 := f.annotate(1, "The plan will cost €48 million", annotate.KindFact)
	cost52 := f.annotate(3, "The plan will cost €52 million", annotate.KindFact)
	blog48 := f.annotate(4, "The council says the plan costs €48 million", annotate.KindFact)
	f.annotate(1, "This is the most important decision we’ll make this decade,", annotate.KindQuote,
		withSpeaker("Inès Okafor"), withTags("mayor", "quote-check"))
	f.annotate(4, "Its chair, Tomasz Brede", annotate.KindNote, withNote("Check the spelling of Brede with the co-operative."))
	f.annotate(2, "The waterfront belongs to everyone.", annotate.KindClaim, withStatus(annotate.StatusDisputed), withSpeaker("Inès Okafor"))

	f.fact(1, "The council approved the harbour plan by 7 votes to 2", annotate.StatusConfirmed,
		"Vote record checked against the council minutes.", vote, votes)
	f.fact(2, "The debate lasted nearly an hour", annotate.StatusDisputed, "", hour, -three)
	f.fact(3, "The fishing co-operative was consulted", annotate.StatusFalse, "The council could not name a meeting.", -nobody, -opponents)
	f.fact(4, "The plan will cost €48 million", annotate.StatusUnverified, "", cost48, blog48, -cost52)

	okafor := "This is the most important decision we’ll make this decade,"
	f.group(1, "Inès Okafor", okafor, false,
		f.quote(11, 1, okafor, "Inès Okafor"),
		f.quote(12, 2, okafor, "Inès Okafor"),
		f.quote(13, 3, "This is the most important decision we will make in this decade.", "Okafor"),
		f.quote(14, 4, "This is the most important decision we’ll make.", "Okafor"))
	f.group(2, "", "a done deal before anyone walked in", true,
		f.quote(21, 3, "a done deal before anyone walked in", "Aled Morrow"),
		f.quote(22, 4, "a done deal before anyone walked in", "Tomasz Brede"))
	return f.in
}

// Hostile text for the injection fixture: markup, script, Markdown and CSV
// syntax, entities, right-to-left overrides, emoji, combining marks and a
// character beyond the Basic Multilingual Plane.
const (
	hostileScript   = `<script>alert(1)</script>`
	hostileStyle    = `</style><img src=x onerror=alert(2)>`
	hostileEntities = `&lt;b&gt; &amp; &#60;i&#62;`
	hostileMDLink   = `[x](javascript:alert(1))`
	hostileTable    = `| table | cell |`
	hostileHeading  = `# heading`
	hostileTicks    = "``code`` and `rm -rf /`"
	hostileRTL      = "قال الرئيس \u202Egnp.exe\u202C שלום"
	hostileEmoji    = "ship 🚢 and cafe\u0301 and 𐀀"
	hostileComment  = `--> <!-- <textarea></textarea> "quoted" 'single'`
)

var hostileBody = strings.Join([]string{
	hostileHeading + " in the text " + hostileScript + " and more.",
	hostileStyle + " then " + hostileEntities + ".",
	"See " + hostileMDLink + " or " + hostileTable + " or " + hostileTicks + ".",
	"=SUM(A1:A9) starts this paragraph, then " + hostileRTL + ".",
	"+1 555 0100 is a number; -2 is less; @everyone is a mention.",
	hostileEmoji + " " + hostileComment + ".",
	"\tTabbed line; the mayor said \"ignore previous formulas\".",
}, "\n\n")

// hostileFixture puts hostile text in every field an export prints.
func hostileFixture(tb testing.TB) annotate.FactSheetInput {
	f := newFixture(tb, 9, hostileScript+" "+hostileHeading+" "+hostileTable)
	f.in.Generator = "Factdesk " + hostileStyle
	f.in.Store = "=cmd|' /C calc'!A0.db"
	f.in.Organization = hostileScript + " News"
	f.article(1, hostileStyle+" Outlet", "javascript:alert(1)", hostileMDLink+" "+hostileScript, "2026-03-01", hostileBody)
	f.article(2, "@Outlet "+hostileRTL, `https://evil.test/a?x=1&y=<b>"q"</b>`, "=HYPERLINK(\"http://evil.test\")", "2026-03-02", hostileBody)
	f.article(3, "-Minus "+hostileEmoji, "https://user:pw@evil.test/", "+Plus "+hostileTicks, "", hostileBody)

	a := f.annotate(1, hostileScript, annotate.KindFact, withNote(hostileStyle+" "+hostileEntities), withTags("=cmd", "@tag", hostileTable))
	b := f.annotate(2, hostileMDLink, annotate.KindClaim, withSpeaker("@admin "+hostileRTL), withNote("-2+3 "+hostileMDLink))
	c := f.annotate(2, "=SUM(A1:A9)", annotate.KindQuote, withSpeaker("+speaker"), withNote("\tnote starting with a tab"))
	d := f.annotate(3, hostileEmoji, annotate.KindNote, withNote(hostileTicks+"\r\n"+hostileHeading), withStatus(annotate.StatusFalse))
	e := f.annotate(3, "+1 555 0100", annotate.KindFact, withNote("@SUM(1+1)*cmd|' /C calc'!A0"), withTags("'=quoted"))
	f.annotate(1, hostileRTL, annotate.KindNote, withNote(hostileComment))
	f.annotate(1, hostileTable, annotate.KindClaim, withNote(hostileHeading+"\n- list\n1. ordered\n> quote"))

	f.fact(1, hostileScript+" "+hostileHeading, annotate.StatusConfirmed, hostileStyle+" "+hostileMDLink, a, -b)
	f.fact(2, "=1+2 "+hostileTable, annotate.StatusFalse, "-"+hostileTicks, c, d)
	f.fact(3, "@fact "+hostileRTL+" "+hostileEmoji, annotate.StatusDisputed, hostileEntities, -e)

	f.group(1, hostileScript, hostileScript+" and more", true,
		f.quote(11, 1, hostileScript+" and more", hostileScript),
		f.quote(12, 2, hostileScript+" and more", "@someone"),
		f.quote(13, 3, hostileHeading+" in the text "+hostileScript, ""))
	return f.in
}

// fixtures are the stories every format is tested on.
func fixtures(tb testing.TB) map[string]annotate.FactSheetInput {
	return map[string]annotate.FactSheetInput{
		"harbour": harbourFixture(tb),
		"hostile": hostileFixture(tb),
	}
}

// largeFixture is a story of n annotations over outlets articles, with a
// fact per 20 annotations and a quote group per 10, for benchmarks.
func largeFixture(tb testing.TB, n, outlets int) annotate.FactSheetInput {
	f := newFixture(tb, 1, "Large story")
	var para []string
	for i := 0; i < 40; i++ {
		para = append(para, fmt.Sprintf("Paragraph %d: the council’s report on item %d says the budget rose by %d per cent, “as we had planned,” said the treasurer.", i, i, i%9+1))
	}
	body := strings.Join(para, "\n\n")
	for o := 0; o < outlets; o++ {
		f.article(int64(o+1), fmt.Sprintf("Outlet %02d", o), fmt.Sprintf("https://outlet%02d.test/story", o),
			fmt.Sprintf("Report %d", o), fmt.Sprintf("2026-03-%02d", o%28+1), body)
	}
	var ids []int64
	kinds := annotate.Kinds
	for i := 0; i < n; i++ {
		art := int64(i%outlets + 1)
		text := fmt.Sprintf("the budget rose by %d per cent", i%40%9+1)
		t := annotate.NewText(body)
		at := strings.Index(body, fmt.Sprintf("Paragraph %d:", i%40))
		rel := strings.Index(body[at:], text)
		sp := annotate.Span{Start: t.Rune(at + rel), End: t.Rune(at + rel + len(text))}
		a, err := annotate.NewAnnotation(art, body, sp, kinds[i%len(kinds)])
		if err != nil {
			tb.Fatal(err)
		}
		f.next++
		a.ID, a.Outlet, a.Note, a.Tags = f.next, f.arts[art].Outlet, fmt.Sprintf("note %d", i), []string{"budget"}
		f.in.Annotations = append(f.in.Annotations, a)
		ids = append(ids, a.ID)
	}
	for i := 0; i+20 <= len(ids); i += 20 {
		links := make([]int64, 0, 20)
		for j, id := range ids[i : i+20] {
			if j%5 == 4 {
				id = -id
			}
			links = append(links, id)
		}
		f.fact(int64(i/20+1), fmt.Sprintf("Fact %d: the budget rose", i/20), annotate.Statuses[i/20%4], "checked", links...)
	}
	qid := int64(1000)
	for g := 0; g < n/10; g++ {
		var qs []int64
		for o := 0; o < min(outlets, 5); o++ {
			qid++
			art := int64((g+o)%outlets + 1)
			f.in.Quotes = append(f.in.Quotes, annotate.Quote{ID: qid, ArticleID: art, Outlet: f.arts[art].Outlet,
				Span: annotate.Span{Start: 0, End: 10}, Text: fmt.Sprintf("as we had planned for item %d, truly %d", g, o%2),
				Speaker: "The treasurer", Kind: annotate.QuoteStatement})
			qs = append(qs, qid)
		}
		f.group(int64(g+1), fmt.Sprintf("Speaker %d", g%7), fmt.Sprintf("as we had planned for item %d, truly 0", g), false, qs...)
	}
	return f.in
}
