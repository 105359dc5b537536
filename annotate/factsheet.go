package annotate

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// FactSheetInput is what a fact sheet is built from: one story's records as
// the store holds them. Article bodies are not needed.
type FactSheetInput struct {
	Story       Story
	Articles    []Article // latest versions; Body may be empty
	Annotations []Annotation
	Facts       []Fact
	Quotes      []Quote
	Groups      []Group
	// Syndicated lists clusters of article IDs that carry one text: a wire
	// story run by several outlets, or near copies. A cluster counts once
	// when outlets are counted. Articles in no cluster stand alone; IDs of
	// articles not in Articles are ignored.
	Syndicated [][]int64
	// GeneratedAt is when the sheet is produced. It is printed in the footer
	// and dates ClaimReview items; callers pass it so output is reproducible.
	GeneratedAt time.Time
	// Store names the store the sheet came from (its file name, not its
	// path, so a shared sheet does not reveal the editor's folders), and
	// Revision is the store's revision when it was read.
	Store    string
	Revision int64
	// Generator names the program that made the sheet, e.g. "Factdesk 0.1.0".
	Generator string
	// Organization is the newsroom named as the author of ClaimReview items;
	// empty gives a placeholder to fill in.
	Organization string
}

// FactSheet is a story's facts, quotes and annotations arranged for a
// document: what is established, by whom, and how each outlet reported it.
// Build it with BuildFactSheet and write it with Render.
type FactSheet struct {
	Story Story
	// From and To are the earliest and latest publication dates of the
	// sources; zero when no source is dated.
	From, To time.Time
	Sources  []SheetSource
	Facts    []SheetFact
	// Speakers holds the quotes printed by more than one outlet, grouped by
	// speaker: named speakers by name, the unattributed last.
	Speakers []SheetSpeaker
	// Unlinked holds the annotations that support or contradict no fact,
	// by kind in the order of Kinds; kinds without any are left out.
	Unlinked []SheetKindGroup
	// Annotations is every annotation of the story, by outlet, article and
	// offset: the rows of the CSV and the items of the W3C export.
	Annotations  []SheetAnnotation
	Footer       SheetFooter
	Organization string
}

// SheetSource is one article the sheet draws on.
type SheetSource struct {
	ArticleID int64
	Outlet    string
	Title     string
	URL       string // empty unless an absolute http(s) URL
	Byline    string
	Published time.Time // zero when unknown
	Version   int
	// Copies names the other outlets whose article carries the same
	// syndicated text.
	Copies []string
}

// SheetFooter says when, by what and from which store a sheet was made.
type SheetFooter struct {
	GeneratedAt time.Time
	Store       string
	Revision    int64
	Generator   string
}

// Voice is an outlet, or several outlets that ran one syndicated text and
// so count once.
type Voice struct {
	// Outlets is sorted with the outlet of the earliest article first.
	Outlets []string
}

// String names the voice: "Coastline Wire", or "Coastline Wire (also
// Harbour Times, Daily Lantern)" for a syndicated text.
func (v Voice) String() string {
	switch len(v.Outlets) {
	case 0:
		return ""
	case 1:
		return v.Outlets[0]
	}
	return v.Outlets[0] + " (also " + strings.Join(v.Outlets[1:], ", ") + ")"
}

// SheetFact is a fact with the passages that back or contradict it.
type SheetFact struct {
	ID     int64
	Text   string
	Status Status
	Note   string
	// Supporting and Contradicting are the linked passages, by outlet and
	// offset.
	Supporting    []SheetExcerpt
	Contradicting []SheetExcerpt
	// Supporters and Contradictors are the voices behind those passages,
	// each syndicated text counted once; an outlet that printed both sides
	// is in both. Silent are the voices of the story that printed neither.
	Supporters    []Voice
	Contradictors []Voice
	Silent        []Voice
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// SheetExcerpt is an annotated passage as a sheet shows it.
type SheetExcerpt struct {
	AnnotationID int64
	ArticleID    int64
	Outlet       string
	Title        string
	Text         string
	// Link is the article's URL with a text fragment that scrolls to the
	// passage; empty when the article has no usable URL.
	Link    string
	Kind    Kind
	Status  Status
	Speaker string
	Tags    []string
	Note    string
	Anchor  Anchor
}

// SheetSpeaker is one speaker's quotes.
type SheetSpeaker struct {
	Speaker string // empty when the outlets do not say who spoke
	Quotes  []SheetQuote
}

// SheetQuote is one utterance and how each outlet printed it.
type SheetQuote struct {
	GroupID   int64
	Canonical string
	// Conflict is true when outlets name different speakers.
	Conflict bool
	// Variants holds one rendering per article, the canonical text first,
	// then by outlet; identical renderings in syndicated copies are merged.
	Variants []SheetVariant
	// Voices counts the outlets that printed the quote, syndicated copies
	// once.
	Voices int
}

// SheetVariant is one outlet's rendering of a quote.
type SheetVariant struct {
	Outlets    []string // several when syndicated copies print it alike
	ArticleIDs []int64
	QuoteIDs   []int64
	Text       string
	Speaker    string // whom this outlet credits, when it says
	InTitle    bool   // printed in the headline
	Link       string // article URL with a text fragment, or empty
	// Ops turn the group's canonical text into this one: deletes are words
	// this outlet dropped or changed, inserts words it added or changed.
	Ops        []DiffOp
	Similarity float64
	Canonical  bool // the same text as the canonical
}

// SheetKindGroup is the annotations of one kind that no fact uses.
type SheetKindGroup struct {
	Kind  Kind
	Items []SheetExcerpt
}

// SheetAnnotation is an annotation with what an export needs to stand alone:
// its story and article, a link to the passage, and the facts it bears on.
type SheetAnnotation struct {
	Annotation
	Story        string
	ArticleTitle string
	ArticleURL   string // empty unless an absolute http(s) URL
	Link         string
	Supports     []int64 // facts it supports
	Contradicts  []int64 // facts it contradicts
}

// BuildFactSheet arranges a story's records into a fact sheet. It is pure and
// deterministic: the same input gives the same sheet. Records that name
// missing ones (a link to an unknown annotation, a group member that is not
// among the quotes) are left out rather than failing the sheet.
func BuildFactSheet(in FactSheetInput) FactSheet {
	b := newSheetBuilder(in)
	fs := FactSheet{
		Story:        in.Story,
		Organization: in.Organization,
		Footer: SheetFooter{GeneratedAt: in.GeneratedAt, Store: in.Store,
			Revision: in.Revision, Generator: in.Generator},
	}
	fs.Sources, fs.From, fs.To = b.sources()
	fs.Annotations = b.annotations()
	fs.Facts = b.facts()
	fs.Speakers = b.speakers()
	fs.Unlinked = b.unlinked()
	return fs
}

// sheetBuilder indexes the input once.
type sheetBuilder struct {
	in       FactSheetInput
	articles map[int64]Article
	urls     map[int64]string // usable URL of each article
	anns     map[int64]Annotation
	voice    map[int64]int64   // article -> voice key (an article id)
	members  map[int64][]int64 // voice key -> its articles, earliest first
	supports map[int64][]int64 // annotation -> facts it supports
	contras  map[int64][]int64 // annotation -> facts it contradicts
	links    map[int64]string  // annotation -> link to its passage
}

func newSheetBuilder(in FactSheetInput) *sheetBuilder {
	b := &sheetBuilder{
		in:       in,
		articles: make(map[int64]Article, len(in.Articles)),
		urls:     make(map[int64]string, len(in.Articles)),
		anns:     make(map[int64]Annotation, len(in.Annotations)),
		voice:    make(map[int64]int64, len(in.Articles)),
		members:  map[int64][]int64{},
		supports: map[int64][]int64{},
		contras:  map[int64][]int64{},
		links:    map[int64]string{},
	}
	for _, a := range in.Articles {
		b.articles[a.ID] = a
		if u, ok := SafeURL(a.URL); ok {
			b.urls[a.ID] = u
		}
	}
	for _, a := range in.Annotations {
		if _, ok := b.articles[a.ArticleID]; ok {
			b.anns[a.ID] = a
		}
	}
	for _, f := range in.Facts {
		for _, l := range f.Links {
			if l.Contradicts {
				b.contras[l.AnnotationID] = append(b.contras[l.AnnotationID], f.ID)
			} else {
				b.supports[l.AnnotationID] = append(b.supports[l.AnnotationID], f.ID)
			}
		}
	}
	b.buildVoices()
	return b
}

// buildVoices unites the articles of each syndicated cluster (clusters that
// share an article merge) and keys each voice by the id of its earliest
// article.
func (b *sheetBuilder) buildVoices() {
	parent := make(map[int64]int64, len(b.articles))
	var find func(int64) int64
	find = func(x int64) int64 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for id := range b.articles {
		parent[id] = id
	}
	for _, c := range b.in.Syndicated {
		var first int64
		for _, id := range c {
			if _, ok := b.articles[id]; !ok {
				continue
			}
			if first == 0 {
				first = id
				continue
			}
			if ra, rb := find(first), find(id); ra != rb {
				parent[rb] = ra
			}
		}
	}
	groups := map[int64][]int64{}
	for id := range b.articles {
		r := find(id)
		groups[r] = append(groups[r], id)
	}
	for _, ids := range groups {
		slices.SortFunc(ids, b.byDate)
		for _, id := range ids {
			b.voice[id] = ids[0]
		}
		b.members[ids[0]] = ids
	}
}

// byDate orders articles by publication date (undated last), outlet, then id.
func (b *sheetBuilder) byDate(x, y int64) int {
	ax, ay := b.articles[x], b.articles[y]
	switch {
	case ax.Published.IsZero() != ay.Published.IsZero():
		if ax.Published.IsZero() {
			return 1
		}
		return -1
	case !ax.Published.Equal(ay.Published):
		return ax.Published.Compare(ay.Published)
	}
	return cmp.Or(strings.Compare(ax.Outlet, ay.Outlet), cmp.Compare(x, y))
}

// voiceOf returns the voice of the articles of a voice key.
func (b *sheetBuilder) voiceOf(key int64) Voice {
	var v Voice
	for _, id := range b.members[key] {
		if o := b.articles[id].Outlet; !slices.Contains(v.Outlets, o) {
			v.Outlets = append(v.Outlets, o)
		}
	}
	return v
}

func (b *sheetBuilder) sources() (out []SheetSource, from, to time.Time) {
	ids := make([]int64, 0, len(b.articles))
	for id := range b.articles {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, b.byDate)
	for _, id := range ids {
		a := b.articles[id]
		s := SheetSource{ArticleID: id, Outlet: a.Outlet, Title: a.Title, URL: b.urls[id],
			Byline: a.Byline, Published: a.Published, Version: a.Version}
		for _, o := range b.voiceOf(b.voice[id]).Outlets {
			if o != a.Outlet {
				s.Copies = append(s.Copies, o)
			}
		}
		if !a.Published.IsZero() {
			if from.IsZero() || a.Published.Before(from) {
				from = a.Published
			}
			if to.IsZero() || a.Published.After(to) {
				to = a.Published
			}
		}
		out = append(out, s)
	}
	return out, from, to
}

// excerpt turns an annotation into what a sheet shows.
func (b *sheetBuilder) excerpt(a Annotation) SheetExcerpt {
	art := b.articles[a.ArticleID]
	return SheetExcerpt{
		AnnotationID: a.ID, ArticleID: a.ArticleID, Outlet: art.Outlet, Title: art.Title,
		Text: a.Exact, Link: b.link(a), Kind: a.Kind, Status: a.Status, Speaker: a.Speaker,
		Tags: a.Tags, Note: a.Note, Anchor: a.Anchor,
	}
}

// link is the text-fragment link to an annotation's passage: "" when its
// article has no URL, the bare URL when its text is gone from the article.
func (b *sheetBuilder) link(a Annotation) string {
	if l, ok := b.links[a.ID]; ok {
		return l
	}
	l := b.urls[a.ArticleID]
	if l != "" && a.Anchor != AnchorOrphaned {
		l = TextFragmentURL(l, a.Exact, a.Prefix, a.Suffix)
	}
	b.links[a.ID] = l
	return l
}

// excerptOrder sorts excerpts by outlet, article and offset.
func (b *sheetBuilder) excerptOrder(x, y SheetExcerpt) int {
	ax, ay := b.anns[x.AnnotationID], b.anns[y.AnnotationID]
	return cmp.Or(strings.Compare(x.Outlet, y.Outlet), cmp.Compare(x.ArticleID, y.ArticleID),
		cmp.Compare(ax.Start, ay.Start), cmp.Compare(ax.End, ay.End), cmp.Compare(x.AnnotationID, y.AnnotationID))
}

func (b *sheetBuilder) annotations() []SheetAnnotation {
	out := make([]SheetAnnotation, 0, len(b.anns))
	for _, a := range b.in.Annotations {
		if _, ok := b.anns[a.ID]; !ok {
			continue
		}
		art := b.articles[a.ArticleID]
		if a.Outlet == "" {
			a.Outlet = art.Outlet
		}
		out = append(out, SheetAnnotation{
			Annotation: a, Story: b.in.Story.Name, ArticleTitle: art.Title, ArticleURL: b.urls[a.ArticleID],
			Link: b.link(a), Supports: b.supports[a.ID], Contradicts: b.contras[a.ID],
		})
	}
	slices.SortFunc(out, func(x, y SheetAnnotation) int {
		return cmp.Or(strings.Compare(x.Outlet, y.Outlet), cmp.Compare(x.ArticleID, y.ArticleID),
			cmp.Compare(x.Start, y.Start), cmp.Compare(x.End, y.End), cmp.Compare(x.ID, y.ID))
	})
	return out
}

func (b *sheetBuilder) facts() []SheetFact {
	out := make([]SheetFact, 0, len(b.in.Facts))
	for _, f := range b.in.Facts {
		sf := SheetFact{ID: f.ID, Text: f.Text, Status: f.Status, Note: f.Note,
			CreatedAt: f.CreatedAt, UpdatedAt: f.UpdatedAt}
		if sf.Status == "" {
			sf.Status = StatusUnverified
		}
		var pro, con []int64 // voice keys
		for _, l := range f.Links {
			a, ok := b.anns[l.AnnotationID]
			if !ok {
				continue
			}
			key := b.voice[a.ArticleID]
			if l.Contradicts {
				sf.Contradicting = append(sf.Contradicting, b.excerpt(a))
				con = sheetAppendUnique(con, key)
			} else {
				sf.Supporting = append(sf.Supporting, b.excerpt(a))
				pro = sheetAppendUnique(pro, key)
			}
		}
		slices.SortFunc(sf.Supporting, b.excerptOrder)
		slices.SortFunc(sf.Contradicting, b.excerptOrder)
		sf.Supporters = b.voices(pro)
		sf.Contradictors = b.voices(con)
		sf.Silent = b.silent(pro, con)
		out = append(out, sf)
	}
	return out
}

func sheetAppendUnique[T comparable](s []T, v T) []T {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// voices names the voices of keys, sorted and without repeats.
func (b *sheetBuilder) voices(keys []int64) []Voice {
	var out []Voice
	for _, k := range keys {
		v := b.voiceOf(k)
		if !slices.ContainsFunc(out, func(o Voice) bool { return slices.Equal(o.Outlets, v.Outlets) }) {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(x, y Voice) int { return slices.Compare(x.Outlets, y.Outlets) })
	return out
}

// silent lists the voices with no passage for a fact, leaving out outlets
// that spoke in another article.
func (b *sheetBuilder) silent(pro, con []int64) []Voice {
	spoke := map[string]bool{}
	for _, k := range append(slices.Clone(pro), con...) {
		for _, o := range b.voiceOf(k).Outlets {
			spoke[o] = true
		}
	}
	var keys []int64
	for k := range b.members {
		if !slices.Contains(pro, k) && !slices.Contains(con, k) {
			keys = append(keys, k)
		}
	}
	var out []Voice
	for _, v := range b.voices(keys) {
		v.Outlets = slices.DeleteFunc(v.Outlets, func(o string) bool { return spoke[o] })
		if len(v.Outlets) > 0 && !slices.ContainsFunc(out, func(o Voice) bool { return slices.Equal(o.Outlets, v.Outlets) }) {
			out = append(out, v)
		}
	}
	return out
}

func (b *sheetBuilder) unlinked() []SheetKindGroup {
	byKind := map[Kind][]SheetExcerpt{}
	for _, a := range b.anns {
		if len(b.supports[a.ID]) > 0 || len(b.contras[a.ID]) > 0 {
			continue
		}
		byKind[a.Kind] = append(byKind[a.Kind], b.excerpt(a))
	}
	var out []SheetKindGroup
	for _, k := range Kinds {
		if items := byKind[k]; len(items) > 0 {
			slices.SortFunc(items, b.excerptOrder)
			out = append(out, SheetKindGroup{Kind: k, Items: items})
		}
	}
	return out
}

// speakers arranges the quote groups by speaker.
func (b *sheetBuilder) speakers() []SheetSpeaker {
	quotes := make(map[int64]Quote, len(b.in.Quotes))
	for _, q := range b.in.Quotes {
		if _, ok := b.articles[q.ArticleID]; ok {
			quotes[q.ID] = q
		}
	}
	bySpeaker := map[string][]SheetQuote{}
	for _, g := range b.in.Groups {
		sq, ok := b.quote(g, quotes)
		if !ok {
			continue
		}
		bySpeaker[g.Speaker] = append(bySpeaker[g.Speaker], sq)
	}
	out := make([]SheetSpeaker, 0, len(bySpeaker))
	for sp, qs := range bySpeaker {
		out = append(out, SheetSpeaker{Speaker: sp, Quotes: qs})
	}
	slices.SortFunc(out, func(x, y SheetSpeaker) int {
		if (x.Speaker == "") != (y.Speaker == "") {
			if x.Speaker == "" {
				return 1
			}
			return -1
		}
		return cmp.Or(strings.Compare(strings.ToLower(x.Speaker), strings.ToLower(y.Speaker)),
			strings.Compare(x.Speaker, y.Speaker))
	})
	return out
}

// quote builds one group's variants: one per rendering (an article's parts
// of one utterance joined, as the matcher joins them), diffed against the
// canonical text.
func (b *sheetBuilder) quote(g Group, quotes map[int64]Quote) (SheetQuote, bool) {
	type key struct {
		article   int64
		inTitle   bool
		utterance int64
	}
	parts := map[key][]Quote{}
	var keys []key
	for _, id := range g.QuoteIDs {
		q, ok := quotes[id]
		if !ok {
			continue
		}
		k := key{q.ArticleID, q.InTitle, int64(q.Utterance)}
		if q.Utterance == 0 {
			k.utterance = -q.ID
		}
		if _, seen := parts[k]; !seen {
			keys = append(keys, k)
		}
		parts[k] = append(parts[k], q)
	}
	if len(keys) == 0 {
		return SheetQuote{}, false
	}
	sq := SheetQuote{GroupID: g.ID, Canonical: g.Canonical, Conflict: g.Conflict}
	var variants []SheetVariant
	voiceKeys := map[int64]bool{}
	for _, k := range keys {
		ps := parts[k]
		slices.SortFunc(ps, func(x, y Quote) int { return cmp.Compare(x.Start, y.Start) })
		texts := make([]string, len(ps))
		v := SheetVariant{ArticleIDs: []int64{k.article}, InTitle: k.inTitle,
			Outlets: []string{b.articles[k.article].Outlet}}
		for i, q := range ps {
			texts[i] = q.Text
			v.QuoteIDs = append(v.QuoteIDs, q.ID)
			if v.Speaker == "" {
				v.Speaker = q.Speaker
			}
		}
		v.Text = strings.Join(texts, " ")
		if u := b.urls[k.article]; u != "" {
			// Parts joined by a line break make the fragment a range from
			// the first part to the last.
			v.Link = TextFragmentURL(u, strings.Join(texts, "\n"), "", "")
		}
		d := DiffWords(g.Canonical, v.Text)
		v.Ops, v.Similarity, v.Canonical = wholeWordOps(d.Ops), d.Similarity, v.Text == g.Canonical
		voiceKeys[b.voice[k.article]] = true
		// A syndicated copy printing the same words joins its original.
		if i := slices.IndexFunc(variants, func(o SheetVariant) bool {
			return o.Text == v.Text && o.InTitle == v.InTitle && b.voice[o.ArticleIDs[0]] == b.voice[k.article]
		}); i >= 0 {
			o := &variants[i]
			o.ArticleIDs = append(o.ArticleIDs, v.ArticleIDs...)
			o.QuoteIDs = append(o.QuoteIDs, v.QuoteIDs...)
			o.Outlets = sheetAppendUnique(o.Outlets, v.Outlets[0])
			continue
		}
		variants = append(variants, v)
	}
	slices.SortFunc(variants, func(x, y SheetVariant) int {
		if x.Canonical != y.Canonical {
			if x.Canonical {
				return -1
			}
			return 1
		}
		if x.InTitle != y.InTitle {
			if y.InTitle {
				return -1
			}
			return 1
		}
		return cmp.Or(strings.Compare(x.Outlets[0], y.Outlets[0]), cmp.Compare(x.ArticleIDs[0], y.ArticleIDs[0]))
	})
	sq.Variants, sq.Voices = variants, len(voiceKeys)
	return sq, true
}

// wholeWordOps widens each change that starts or ends inside a word to the
// whole word, so "we’ll" → "we will" reads as that word replaced rather than
// "’ll" struck out after an unchanged "we". The ops still turn the same
// first text into the same second one.
func wholeWordOps(ops []DiffOp) []DiffOp {
	out := make([]DiffOp, 0, len(ops))
	for i := 0; i < len(ops); {
		if ops[i].Op == OpEqual {
			out = append(out, ops[i])
			i++
			continue
		}
		// A change: the deletes and inserts up to the next equal op.
		var del, ins strings.Builder
		for ; i < len(ops) && ops[i].Op != OpEqual; i++ {
			if ops[i].Op == OpDelete {
				del.WriteString(ops[i].Text)
			} else {
				ins.WriteString(ops[i].Text)
			}
		}
		d, n := del.String(), ins.String()
		// Take the end of a word cut at the change's start from the equal
		// text before it.
		if k := len(out) - 1; k >= 0 && out[k].Op == OpEqual && sheetWordRune(lastRune(out[k].Text)) &&
			(wordStart(d) || wordStart(n)) {
			head := trailingWord(out[k].Text)
			d, n = head+d, head+n
			out[k].Text = strings.TrimSuffix(out[k].Text, head)
			if out[k].Text == "" {
				out = out[:k]
			}
		}
		// And the start of a word cut at its end from the equal text after.
		if i < len(ops) && wordStart(ops[i].Text) && (sheetWordRune(lastRune(d)) || sheetWordRune(lastRune(n))) {
			tail := leadingWord(ops[i].Text)
			d, n = d+tail, n+tail
			rest := DiffOp{Op: OpEqual, Text: strings.TrimPrefix(ops[i].Text, tail)}
			ops = append(ops[:i:i], append([]DiffOp{rest}, ops[i+1:]...)...)
			if rest.Text == "" {
				i++
			}
		}
		if d == n {
			if d != "" {
				out = append(out, DiffOp{Op: OpEqual, Text: d})
			}
			continue
		}
		if d != "" {
			out = append(out, DiffOp{Op: OpDelete, Text: d})
		}
		if n != "" {
			out = append(out, DiffOp{Op: OpInsert, Text: n})
		}
	}
	return mergeEqualOps(out)
}

// wordStart reports whether s starts with a word character or an
// apostrophe, so that a word before it continues into it.
func wordStart(s string) bool {
	r := firstRune(s)
	return sheetWordRune(r) || isApostropheRune(r)
}

// sheetWordRune reports whether r is part of a word: a letter, digit or
// combining mark.
func sheetWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func firstRune(s string) rune {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return 0
	}
	return r
}

func lastRune(s string) rune {
	r, n := utf8.DecodeLastRuneInString(s)
	if n == 0 {
		return 0
	}
	return r
}

// trailingWord is the run of word characters and apostrophes ending s.
func trailingWord(s string) string {
	i := len(s)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !sheetWordRune(r) && !isApostropheRune(r) {
			break
		}
		i -= n
	}
	return s[i:]
}

// leadingWord is the run of word characters and apostrophes starting s.
func leadingWord(s string) string {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !sheetWordRune(r) && !isApostropheRune(r) {
			break
		}
		i += n
	}
	return s[:i]
}

func isApostropheRune(r rune) bool { return r == '\'' || r == '’' }

// mergeEqualOps joins adjacent equal ops.
func mergeEqualOps(ops []DiffOp) []DiffOp {
	out := ops[:0]
	for _, op := range ops {
		if k := len(out) - 1; k >= 0 && out[k].Op == OpEqual && op.Op == OpEqual {
			out[k].Text += op.Text
			continue
		}
		out = append(out, op)
	}
	return out
}
