package annotate

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// GenerateCorpus writes a deterministic synthetic news corpus for tests and
// benchmarks: articles spread over stories (story i%stories gets article
// i), each about 5 KB, from six fictional outlets with their own house
// styles (curly or straight quotation marks, datelines, paragraph lengths,
// a blog that copies badly). Each story has a cast of named speakers and a
// pool of utterances; each article quotes about five of them, as outlets
// do: word for word, trimmed, extended, split in two around the
// attribution, lightly paraphrased, or with other punctuation, with the
// narrative between quotes drawn from a vocabulary of several thousand
// words with a Zipf-like distribution, so common words are everywhere and
// rare ones are rare. The same seed, articles and stories give the same
// corpus; GenerateQuotes exposes the quotes with their ground truth.
func GenerateCorpus(seed int64, articles, stories int) []Document {
	g := newCorpusGen(seed, stories)
	docs := make([]Document, max(articles, 0))
	parallelRange(len(docs), runtime.GOMAXPROCS(0), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			docs[i] = g.document(g.article(i))
		}
	})
	return docs
}

// GenerateQuotes returns n quotes as an extractor would find them in the
// corpus GenerateCorpus(seed, articles, articles/10) with articles about
// n/5, without generating the article text: statements with their article,
// outlet, text, speaker and confidence (a few unattributed, a few
// misattributed to another speaker of the story), the two parts of a split
// quote sharing an Utterance number, and a few short quoted terms. IDs run
// from 1. label[i] is the utterance quote i renders (unique across stories;
// -1 for a term), the truth to measure matching against.
func GenerateQuotes(seed int64, n int) ([]Quote, []int) {
	articles := max(n/5+1, 1)
	g := newCorpusGen(seed, max(articles/10, 1))
	var qs []Quote
	var labels []int
	for a := 0; len(qs) < n; a++ {
		art := g.article(a)
		for _, gq := range art.allQuotes() {
			for _, part := range gq.parts {
				if len(qs) == n {
					break
				}
				qs = append(qs, Quote{
					ID:                int64(len(qs) + 1),
					ArticleID:         int64(art.id),
					Outlet:            art.outlet.name,
					Text:              part,
					Speaker:           gq.speaker,
					SpeakerConfidence: gq.conf,
					Kind:              gq.kind,
					InTitle:           gq.inTitle,
					Utterance:         gq.utterance,
				})
				labels = append(labels, gq.label)
			}
		}
	}
	return qs, labels
}

// genOutlet is a fictional outlet and its house style.
type genOutlet struct {
	name, domain string
	curly        bool // “curly” marks; otherwise "straight"
	dateline     bool // wire-style PLACE (Outlet) — lede
	paraSents    int  // narrative sentences per paragraph, at most
	sloppy       bool // trims and re-punctuates quotes more often
}

// genOutlets are the outlets of the synthetic corpus.
func genOutlets() []genOutlet {
	return []genOutlet{
		{name: "Harbor Wire", domain: "harborwire.example", curly: true, dateline: true, paraSents: 2},
		{name: "The Meridian Ledger", domain: "meridianledger.example", curly: true, paraSents: 5},
		{name: "Daily Clarion", domain: "dailyclarion.example", curly: true, paraSents: 1},
		{name: "Northfield Courier", domain: "northfieldcourier.example", curly: false, paraSents: 3},
		{name: "Valley Sentinel", domain: "valleysentinel.example", curly: true, paraSents: 4},
		{name: "Copydesk Digest", domain: "copydeskdigest.example", curly: false, paraSents: 3, sloppy: true},
	}
}

// corpusGen holds what every article of a corpus shares: the vocabulary,
// the outlets and the stories. Everything else is drawn from a random
// source seeded by the corpus seed and the article's number, so articles
// can be generated in any order, in parallel.
type corpusGen struct {
	seed    uint64
	voc     *genVocab
	outlets []genOutlet
	stories []*genStory
}

func newCorpusGen(seed int64, stories int) *corpusGen {
	g := &corpusGen{seed: uint64(seed), voc: newGenVocab(), outlets: genOutlets()}
	g.stories = make([]*genStory, max(stories, 1))
	for i := range g.stories {
		g.stories[i] = g.story(i)
	}
	return g
}

// rng returns the random source of one part of the corpus.
func (g *corpusGen) rng(kind, n uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed, kind<<40|n))
}

// genPerson is a speaker in a story.
type genPerson struct {
	first, last, role string
	she               bool
}

func (p genPerson) full() string { return p.first + " " + p.last }

// genUtterance is something a speaker said, one to three sentences.
type genUtterance struct {
	speaker int
	sents   []string
	label   int
}

// maxUtterances bounds a story's pool, so labels are story*maxUtterances+u.
const maxUtterances = 32

// genStory is one event covered by several outlets.
type genStory struct {
	idx    int
	name   string
	place  string
	topic  []string // nouns particular to the story
	term   string   // a coined name outlets put in quotation marks
	people []genPerson
	utts   []genUtterance
	date   time.Time
}

// genWords is a random source with the vocabulary's Zipf samplers.
type genWords struct {
	r                                      *rand.Rand
	voc                                    *genVocab
	zNoun, zVerb, zAdj, zPast, zAdv, zPrep *rand.Zipf
}

func (g *corpusGen) words(r *rand.Rand) *genWords {
	z := func(n int) *rand.Zipf { return rand.NewZipf(r, 1.07, 2, uint64(n-1)) }
	return &genWords{r: r, voc: g.voc,
		zNoun: z(len(g.voc.nouns)), zVerb: z(len(g.voc.verbs)), zAdj: z(len(g.voc.adjs)),
		zPast: z(len(g.voc.pasts)), zAdv: z(len(g.voc.advs)), zPrep: z(len(g.voc.preps))}
}

func (w *genWords) pick(list []string) string { return list[w.r.IntN(len(list))] }
func (w *genWords) chance(p float64) bool     { return w.r.Float64() < p }
func (w *genWords) noun() string              { return w.voc.nouns[w.zNoun.Uint64()] }
func (w *genWords) verb() string              { return w.voc.verbs[w.zVerb.Uint64()] }
func (w *genWords) adj() string               { return w.voc.adjs[w.zAdj.Uint64()] }
func (w *genWords) pastVerb() string          { return w.voc.pasts[w.zPast.Uint64()] }
func (w *genWords) adverb() string            { return w.voc.advs[w.zAdv.Uint64()] }
func (w *genWords) prep() string              { return w.voc.preps[w.zPrep.Uint64()] }

// story plans story i: its place, topic, cast and utterances.
func (g *corpusGen) story(i int) *genStory {
	r := g.rng(1, uint64(i))
	w := g.words(r)
	s := &genStory{idx: i, place: w.pick(g.voc.places)}
	for range 3 {
		s.topic = append(s.topic, w.pick(g.voc.rare))
	}
	s.topic = append(s.topic, w.noun())
	s.name = genCapitalize(s.place) + " " + s.topic[0] + " " + w.pick([]string{"dispute", "closure", "inquiry", "vote", "plan", "row", "review", "repairs"})
	s.term = genCapitalize(w.pick([]string{"project", "operation", "plan", "scheme", "initiative"})) + " " + genCapitalize(s.topic[1])
	s.date = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(700))
	for range 3 + r.IntN(3) {
		s.people = append(s.people, genPerson{
			first: w.pick(g.voc.firsts), last: w.pick(g.voc.lasts), role: w.pick(g.voc.roles), she: w.chance(0.5),
		})
	}
	n := 8 + r.IntN(7)
	for u := range n {
		ut := genUtterance{speaker: r.IntN(len(s.people)), label: i*maxUtterances + u}
		switch {
		case u == 0 && w.chance(0.3):
			// A stock line, which other people say in other stories.
			ut.sents = []string{w.pick(g.voc.boilerplate)}
		case u > 1 && w.chance(0.2):
			// An echo: the same speaker reusing the opening words of an
			// earlier utterance, with a different ending: a near miss the
			// matcher must keep apart.
			prev := s.utts[r.IntN(u)]
			ut.speaker = prev.speaker
			ws := strings.Fields(prev.sents[0])
			keep := min(len(ws)/2, 4+r.IntN(3))
			rest := strings.Fields(g.quoteSentence(w, s))
			end := strings.TrimRight(strings.Join(rest[min(3, len(rest)-1):], " "), ".!?")
			ut.sents = []string{strings.Join(ws[:keep], " ") + " " + end + "."}
		default:
			for range 1 + r.IntN(3) {
				ut.sents = append(ut.sents, g.quoteSentence(w, s))
			}
		}
		s.utts = append(s.utts, ut)
	}
	return s
}

// quoteSentence makes a first-person sentence a speaker of story s might say.
func (g *corpusGen) quoteSentence(w *genWords, s *genStory) string {
	np := func() string {
		switch w.r.IntN(6) {
		case 0:
			return "the " + w.adj() + " " + w.noun()
		case 1:
			return "our " + w.noun()
		case 2:
			return "the " + s.topic[w.r.IntN(len(s.topic))] + " " + w.noun()
		case 3:
			return "every " + w.noun() + " in " + genCapitalize(s.place)
		case 4:
			return "the " + w.noun() + " " + w.prep() + " the " + w.noun()
		}
		return "the " + w.noun()
	}
	modal := w.pick(g.voc.modals)
	var b []string
	if w.chance(0.3) {
		b = append(b, w.pick(g.voc.openers))
	}
	switch w.r.IntN(7) {
	case 0:
		b = append(b, "we", modal, w.verb(), np(), w.prep(), np())
	case 1:
		b = append(b, "I", w.pick([]string{"think", "believe", "know", "expect"}), "that", np(), modal, w.verb(), np(), w.pick(g.voc.timeframes))
	case 2:
		b = append(b, "this is", w.adj(), "for", np()+",", "and we", w.pick([]string{"will", "can", "must", "should"}), "not", w.verb(), np())
	case 3:
		b = append(b, np(), "is", w.adverb(), w.adj()+",", "and people", modal, w.verb(), np(), w.prep(), np())
	case 4:
		b = append(b, "we're", "going to", w.verb(), np(), w.pick(g.voc.timeframes))
	case 5:
		b = append(b, "nobody", "should", w.verb(), np(), "until", np(), "is", w.adj())
	default:
		b = append(b, "it's", w.adj(), "that", np(), "can't", w.verb(), np(), "and", w.verb(), np())
	}
	return genCapitalize(strings.Join(b, " ")) + w.pick([]string{".", ".", ".", ".", "!"})
}

// narrativeSentence makes a sentence of reporting.
func (g *corpusGen) narrativeSentence(w *genWords, s *genStory) string {
	p := s.people[w.r.IntN(len(s.people))]
	np := func() string {
		switch w.r.IntN(5) {
		case 0:
			return "the " + w.adj() + " " + w.noun()
		case 1:
			return "the " + s.topic[w.r.IntN(len(s.topic))] + " " + w.noun()
		case 2:
			return genPlural(w.noun())
		}
		return "the " + w.noun()
	}
	var t string
	switch w.r.IntN(9) {
	case 0:
		t = fmt.Sprintf("the %s %s %s %s %s on %s", w.noun(), w.pastVerb(), np(), w.prep(), np(), w.pick(g.voc.weekdays))
	case 1:
		t = fmt.Sprintf("%s, %s, %s %s last %s", p.full(), p.role, w.pastVerb(), np(), w.pick([]string{"week", "month", "year", "spring", "autumn"}))
	case 2:
		t = fmt.Sprintf("according to %s, %s %s %s %s %s", np(), np(), w.pastVerb(), genAmount(w.r), genPlural(w.noun()), w.prep()+" "+np())
	case 3:
		t = fmt.Sprintf("%s officials %s %s %s %s in %d", genCapitalize(s.place), w.pastVerb(), np(), w.prep(), np(), 2015+w.r.IntN(10))
	case 4:
		t = fmt.Sprintf("critics say %s %s %s %s", np(), w.pick(g.voc.modals), w.verb(), np())
	case 5:
		t = fmt.Sprintf("%s has been %s since %s, and %s %s %s", np(), w.adj(), w.pick(g.voc.months), np(), w.pastVerb(), np())
	case 6:
		t = fmt.Sprintf("the %s, known locally as %s, %s %s %s %s", w.noun(), genCapitalize(w.pick(g.voc.rare)), w.pastVerb(), genAmount(w.r), genPlural(w.noun()), w.adverb())
	case 7:
		t = fmt.Sprintf("%s %s %s %s %s, %s %s", np(), w.pastVerb(), np(), w.prep(), np(), "a move that", w.pastVerb()+" "+np())
	default:
		t = fmt.Sprintf("residents of %s %s %s %s %s", genCapitalize(s.place), w.pastVerb(), np(), w.adverb(), w.pick(g.voc.timeframes))
	}
	return genCapitalize(t) + "."
}

// genAmount is a number as news text prints it.
func genAmount(r *rand.Rand) string {
	switch r.IntN(4) {
	case 0:
		return strconv.Itoa(2 + r.IntN(90))
	case 1:
		n := 1000 + r.IntN(90000)
		return strconv.Itoa(n/1000) + "," + fmt.Sprintf("%03d", n%1000)
	case 2:
		return fmt.Sprintf("$%d.%d million", 1+r.IntN(80), r.IntN(10))
	}
	return strconv.Itoa(5+r.IntN(90)) + " percent of"
}

// genQuote is one quotation an article prints.
type genQuote struct {
	label     int
	person    int      // speaker's index in the story's cast
	parts     []string // one text, or two for a quote split by its attribution
	speaker   string   // who the article (and an extractor) names; "" if nobody
	conf      float64
	kind      QuoteKind
	inTitle   bool
	utterance int
	who       string // how the article names the speaker
	form      int    // attribution form (attrSaidColon, ...)
}

// genArticle is one article's plan.
type genArticle struct {
	id     int // from 1
	story  *genStory
	outlet genOutlet
	title  string
	head   *genQuote // a quote in the title, if any
	quotes []genQuote
	term   *genQuote
	r      *rand.Rand
	w      *genWords
}

// allQuotes lists the article's quotes in the order GenerateQuotes gives
// them: the title's, the body's, then the term.
func (a *genArticle) allQuotes() []genQuote {
	var out []genQuote
	if a.head != nil {
		out = append(out, *a.head)
	}
	out = append(out, a.quotes...)
	if a.term != nil {
		out = append(out, *a.term)
	}
	return out
}

// article plans article i (from 0): its outlet, which utterances it quotes
// and how.
func (g *corpusGen) article(i int) *genArticle {
	r := g.rng(2, uint64(i))
	s := g.stories[i%len(g.stories)]
	a := &genArticle{id: i + 1, story: s, outlet: g.outlets[r.IntN(len(g.outlets))], r: r, w: g.words(r)}
	// About five statements, each a different utterance.
	n := min(3+r.IntN(5), len(s.utts))
	picked := r.Perm(len(s.utts))[:n]
	utt := 0
	named := map[int]bool{}
	for _, u := range picked {
		utt++
		q := g.render(a, s.utts[u], utt)
		g.attribute(a, &q, named)
		a.quotes = append(a.quotes, q)
	}
	if r.Float64() < 0.4 {
		utt++
		a.term = &genQuote{label: -1, parts: []string{s.term}, kind: QuoteTerm, utterance: utt}
	}
	a.title = g.title(a)
	return a
}

// render prints utterance u as article a's outlet would.
func (g *corpusGen) render(a *genArticle, u genUtterance, utt int) genQuote {
	r, w := a.r, a.w
	q := genQuote{label: u.label, person: u.speaker, kind: QuoteStatement, utterance: utt}
	// Who the text says spoke.
	p := a.story.people[u.speaker]
	switch x := r.Float64(); {
	case x < 0.06:
		q.speaker, q.conf = "", 0
	case x < 0.08 && len(a.story.people) > 1:
		other := (u.speaker + 1 + r.IntN(len(a.story.people)-1)) % len(a.story.people)
		q.speaker, q.conf = a.story.people[other].full(), 0.6+0.3*r.Float64()
	case x < 0.25:
		q.speaker, q.conf = p.last, 0.55+0.4*r.Float64()
	default:
		q.speaker, q.conf = p.full(), 0.6+0.4*r.Float64()
	}
	// Most outlets print the first one or two sentences.
	base := u.sents[:min(len(u.sents), 2)]
	text := strings.Join(base, " ")
	sloppy := 0.0
	if a.outlet.sloppy {
		sloppy = 0.15
	}
	switch x := r.Float64(); {
	case x < 0.32-sloppy: // word for word
	case x < 0.47: // trimmed
		text = trimWords(r, text)
	case x < 0.57: // extended: everything that was said
		text = strings.Join(u.sents, " ")
	case x < 0.70: // split around the attribution
		if p1, p2, ok := splitQuote(r, text); ok {
			q.parts = []string{p1, p2}
		}
	case x < 0.85: // a word or two changed
		text = paraphrase(w, text)
	default: // other punctuation
		text = repunctuate(r, text)
	}
	if q.parts == nil {
		q.parts = []string{text}
	}
	if r.Float64() < 0.2+sloppy {
		for k := range q.parts {
			q.parts[k] = repunctuate(r, q.parts[k])
		}
	}
	for k := range q.parts {
		q.parts[k] = setMarks(q.parts[k], a.outlet.curly)
	}
	return q
}

// trimWords keeps a run of at least six words of text (or all of a shorter
// text), as an outlet that prints part of a quote.
func trimWords(r *rand.Rand, text string) string {
	ws := strings.Fields(text)
	if len(ws) <= 7 {
		return text
	}
	keep := 6 + r.IntN(len(ws)-6)
	start := 0
	if r.IntN(2) == 0 {
		start = len(ws) - keep
	}
	out := strings.Join(ws[start:start+keep], " ")
	if start > 0 {
		out = genLowerFirst(out)
	}
	return strings.TrimRight(out, ",;:")
}

// splitQuote cuts text in two parts of at least five words, preferably at a
// comma or a sentence end.
func splitQuote(r *rand.Rand, text string) (string, string, bool) {
	ws := strings.Fields(text)
	if len(ws) < 10 {
		return "", "", false
	}
	cut := 5 + r.IntN(len(ws)-9)
	for k := 5; k <= len(ws)-5; k++ {
		if strings.HasSuffix(ws[k-1], ",") || strings.HasSuffix(ws[k-1], ".") {
			cut = k
			break
		}
	}
	p1 := strings.TrimRight(strings.Join(ws[:cut], " "), ".,;:!") + ","
	p2 := genLowerFirst(strings.Join(ws[cut:], " "))
	if first, _ := utf8.DecodeRuneInString(ws[cut]); first == 'I' && (len(ws[cut]) == 1 || ws[cut][1] == '\'') {
		p2 = strings.Join(ws[cut:], " ") // "I" stays upper case
	}
	return p1, p2, true
}

// paraphrase changes one word of text, or two in a text of twelve words or
// more: a different verb, adjective or noun, as an outlet quoting from notes.
func paraphrase(w *genWords, text string) string {
	ws := strings.Fields(text)
	edits := 1
	if len(ws) >= 12 && w.chance(0.5) {
		edits = 2
	}
	for range edits {
		for try := 0; try < 10; try++ {
			k := w.r.IntN(len(ws))
			core := strings.TrimRight(ws[k], ".,;:!?")
			if len(core) < 4 || !unicode.IsLower(rune(core[0])) {
				continue
			}
			repl := w.verb()
			switch w.r.IntN(3) {
			case 1:
				repl = w.adj()
			case 2:
				repl = w.noun()
			}
			if repl == core {
				continue
			}
			ws[k] = repl + ws[k][len(core):]
			break
		}
	}
	return strings.Join(ws, " ")
}

// repunctuate changes punctuation and nothing else: a full stop for a
// semicolon or dash between sentences, a dropped comma, an exclamation.
func repunctuate(r *rand.Rand, text string) string {
	switch r.IntN(4) {
	case 0:
		if i := strings.Index(text, ". "); i > 0 {
			return text[:i] + " — " + genLowerFirst(text[i+2:])
		}
		return strings.TrimRight(text, ".!") + "!"
	case 1:
		if strings.Contains(text, ",") {
			return strings.Replace(text, ",", "", 1)
		}
		return strings.Replace(text, " and ", ", and ", 1)
	case 2:
		if i := strings.Index(text, ". "); i > 0 {
			return text[:i] + "; " + genLowerFirst(text[i+2:])
		}
		return strings.TrimRight(text, ".!") + "..."
	}
	return strings.TrimRight(text, ".!")
}

// setMarks prints apostrophes as the outlet does.
func setMarks(text string, curly bool) string {
	if curly {
		return strings.ReplaceAll(text, "'", "’")
	}
	return strings.ReplaceAll(text, "’", "'")
}

// title writes the headline, sometimes quoting the first statement.
func (g *corpusGen) title(a *genArticle) string {
	s, w := a.story, a.w
	if len(a.quotes) > 0 && a.r.Float64() < 0.12 {
		q := a.quotes[0]
		ws := strings.Fields(strings.Join(q.parts, " "))
		if len(ws) >= 6 {
			text := strings.TrimRight(strings.Join(ws[:min(len(ws), 6+a.r.IntN(4))], " "), ",;:")
			name := a.story.people[q.person].last
			a.head = &genQuote{label: q.label, person: q.person, parts: []string{text}, speaker: name,
				conf: 0.7, kind: QuoteStatement, inTitle: true, utterance: len(a.quotes) + 2}
			open, closeMark := genMarks(a.outlet.curly)
			return open + text + closeMark + ", says " + name
		}
	}
	t := fmt.Sprintf("%s %s %s %s %s", genCapitalize(s.place), w.noun(), w.pastVerb(), s.topic[0], w.pick([]string{"plan", "deal", "vote", "report", "repairs", "budget"}))
	return genCapitalize(t)
}

// genMarks returns the opening and closing double quotation marks.
func genMarks(curly bool) (string, string) {
	if curly {
		return "“", "”"
	}
	return `"`, `"`
}

// document writes an article's text.
func (g *corpusGen) document(a *genArticle) Document {
	s, w, r := a.story, a.w, a.r
	open, closeMark := genMarks(a.outlet.curly)
	published := s.date.AddDate(0, 0, r.IntN(3))
	var paras []string
	narrative := func(n int) string {
		sents := make([]string, n)
		for k := range sents {
			sents[k] = g.narrativeSentence(w, s)
		}
		return strings.Join(sents, " ")
	}
	lede := narrative(2)
	if a.outlet.dateline {
		lede = strings.ToUpper(s.place) + " (" + a.outlet.name + ") — " + lede
	}
	paras = append(paras, lede)
	for _, q := range a.quotes {
		for range 1 + r.IntN(2) {
			paras = append(paras, narrative(1+r.IntN(a.outlet.paraSents)))
		}
		paras = append(paras, quoteParagraph(q, open, closeMark))
	}
	if a.term != nil {
		k := 1 + r.IntN(len(paras))
		para := fmt.Sprintf("The %s, which %s have called %s%s%s, %s %s %s.", w.noun(), genPlural(w.noun()), open, a.term.parts[0], closeMark, w.pastVerb(), genAmount(r), genPlural(w.noun()))
		paras = append(paras[:k], append([]string{para}, paras[k:]...)...)
	}
	size := 0
	for _, p := range paras {
		size += len(p) + 2
	}
	for target := 4400 + r.IntN(1400); size < target; {
		p := narrative(1 + r.IntN(a.outlet.paraSents))
		paras = append(paras, p)
		size += len(p) + 2
	}
	slug := strings.ToLower(strings.ReplaceAll(s.name, " ", "-"))
	return Document{
		Meta: Meta{
			Story:     s.name,
			Outlet:    a.outlet.name,
			URL:       fmt.Sprintf("https://%s/%d/%02d/%s-%d", a.outlet.domain, published.Year(), published.Month(), slug, a.id),
			Title:     a.title,
			Byline:    "By " + w.pick(g.voc.firsts) + " " + w.pick(g.voc.lasts),
			Published: published,
		},
		Body:   strings.Join(paras, "\n\n"),
		Source: fmt.Sprintf("gen:%d/%d", s.idx, a.id),
	}
}

// Ways a quotation paragraph attributes its quote.
const (
	attrSaidColon   = iota // Doe said: "..."
	attrToldColon          // Doe told reporters: "..."
	attrSaidAfter          // "...," said Doe.
	attrSaidTrailer        // "...," Doe said.
	attrForms
)

// attribute decides how the article names the speaker of q and in which
// form, and sets the quote's text as printed ("We will," she said, with
// the comma inside the marks). named records who has been introduced.
func (g *corpusGen) attribute(a *genArticle, q *genQuote, named map[int]bool) {
	r := a.r
	p := a.story.people[q.person]
	switch {
	case q.speaker == "":
		q.who = "a " + a.w.pick([]string{"spokesperson", "source close to the talks", "official", "resident"})
	case q.speaker != p.full() && q.speaker != p.last:
		q.who = q.speaker // misattributed
	case !named[q.person]:
		q.who = p.full() + ", " + p.role + ","
		named[q.person] = true
	case r.IntN(3) == 0:
		q.who = map[bool]string{true: "she", false: "he"}[p.she]
	default:
		q.who = q.speaker
	}
	q.form = r.IntN(attrForms)
	if len(q.parts) == 1 && (q.form == attrSaidAfter || q.form == attrSaidTrailer) && strings.HasSuffix(q.parts[0], ".") {
		q.parts[0] = strings.TrimSuffix(q.parts[0], ".") + ","
	}
}

// quoteParagraph writes the paragraph around one quotation.
func quoteParagraph(q genQuote, open, closeMark string) string {
	if len(q.parts) == 2 {
		return fmt.Sprintf("%s%s%s %s said, %s%s%s", open, q.parts[0], closeMark, q.who, open, q.parts[1], closeMark)
	}
	text := q.parts[0]
	switch q.form {
	case attrSaidColon:
		return fmt.Sprintf("%s said: %s%s%s", genCapitalize(q.who), open, text, closeMark)
	case attrToldColon:
		return fmt.Sprintf("%s told reporters: %s%s%s", genCapitalize(q.who), open, text, closeMark)
	case attrSaidAfter:
		return fmt.Sprintf("%s%s%s said %s.", open, text, closeMark, strings.TrimSuffix(q.who, ","))
	}
	return fmt.Sprintf("%s%s%s %s said.", open, text, closeMark, q.who)
}

// genCapitalize upper-cases the first letter of s.
func genCapitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// genLowerFirst lower-cases the first letter of s unless it starts a name or
// the pronoun I.
func genLowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || r == 'I' && (len(s) == 1 || s[1] == ' ' || s[1] == '\'' || strings.HasPrefix(s[1:], "’")) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// genPlural makes a rough English plural.
func genPlural(n string) string {
	switch {
	case strings.HasSuffix(n, "y") && len(n) > 2 && !strings.ContainsRune("aeiou", rune(n[len(n)-2])):
		return n[:len(n)-1] + "ies"
	case strings.HasSuffix(n, "s"), strings.HasSuffix(n, "x"), strings.HasSuffix(n, "ch"), strings.HasSuffix(n, "sh"):
		return n + "es"
	}
	return n + "s"
}

// genVocab is the generator's vocabulary. Real words come first in each
// list, most common first; the noun list continues with invented words so
// that rare words are many, as in real text.
type genVocab struct {
	nouns, verbs, adjs, pasts, advs, preps []string
	rare, places, firsts, lasts, roles     []string
	modals, openers, timeframes            []string
	weekdays, months, boilerplate          []string
}

// newGenVocab builds the vocabulary; invented words come from a fixed seed,
// so every corpus shares them.
func newGenVocab() *genVocab {
	v := &genVocab{
		nouns: strings.Fields(`city plan council year people money time project bridge road school water family
			worker budget report vote police community business service home state county court law
			government program station housing tax district board agency election campaign safety
			hospital health officer river street park library union contract wage teacher student nurse
			doctor patient clinic market price rent residents debate inquiry investigation evidence witness
			decision delay cost fund grant loan debt deficit revenue industry factory plant farm crop
			drought heat energy power grid outage fuel wind solar climate risk rule regulation permit site
			area region neighbourhood owner shop visitor season month week morning system network data
			record audit review study survey university ambulance emergency crew team club match league
			stadium festival museum transit rail bus port harbour ferry airport traffic parking lane
			junction tunnel sewer pipe reservoir flood storm fire shelter pension benefit subsidy contractor
			developer landlord tenant councillor mayor minister committee panel hearing motion amendment
			proposal deal agreement settlement lawsuit appeal ruling fine penalty license schedule timeline
			deadline target forecast estimate figure number rate share percent increase cut strike protest
			petition meeting session briefing statement warning alert plan option priority pressure concern
			question answer issue problem solution support opposition majority minority voter taxpayer
			commuter driver cyclist pedestrian parent child pupil graduate employer employee staff volunteer`),
		verbs: strings.Fields(`build fund approve reject delay cut raise protect support oppose review investigate close open
			reopen repair replace expand reduce increase pay hire train move ask tell expect promise deliver
			finish start stop continue need want plan consider decide sign release publish announce warn
			confirm deny respond explain change improve serve help keep work meet talk listen learn share bring
			take make give find lose win spend save borrow charge test check monitor inspect report record
			count measure clean clear rebuild restore defend challenge question accept demand address fix
			manage lead follow prepare protect secure solve tackle upgrade welcome`),
		adjs: strings.Fields(`new public local national final full major important clear serious safe open difficult
			simple fair independent financial economic political legal social early late long short high low
			large small strong weak good bad better worse real current recent former future possible necessary
			urgent critical significant reasonable responsible transparent accountable affordable reliable
			dangerous unacceptable disappointing encouraging complex temporary permanent additional regional
			residential commercial environmental historic modern basic essential`),
		pasts: strings.Fields(`approved rejected delayed announced reviewed opened closed warned confirmed released
			published criticised funded cut raised built repaired inspected recorded reported moved expanded
			reduced increased hired planned considered signed proposed questioned defended praised blamed
			visited discussed estimated ordered suspended launched completed missed won lost spent saved paid
			sold bought postponed challenged revised extended cancelled reopened replaced restored`),
		advs: strings.Fields(`now still already quickly slowly clearly simply really only also again soon later
			today recently finally largely partly fully nearly publicly privately formally`),
		preps: strings.Fields(`for in of on to with at from by about across after before under over between
			against during without through around near`),
		firsts: strings.Fields(`Ada Alma Anton Beatriz Bram Calla Cyrus Dalia Dorian Edda Elio Fenna Florin Greta
			Hal Ines Ivo Jora Kasimir Lenna Linus Maren Milo Nadia Niko Odile Orrin Pia Quentin Rhea Rolf Sela
			Tamsin Teo Una Viggo Wren Xavi Yara Zeno Agnes Boris Clio Dov Esme Felix Gwen Hugo Ilse Jonas Kaja
			Lior Mira Nils Olga Petra Rufus Saskia Tobias Ulla Vera Wim`),
		lasts: strings.Fields(`Abernathy Baptiste Castellan Dunmore Ellery Fairweather Galloway Hollis Ingram
			Jessop Kettering Larkin Mallory Northcott Okonkwo Penhallow Quayle Ravensworth Stroud Thackeray
			Underhill Vance Whitlock Yardley Zellweger Ashdown Brightwell Corrigan Delacroix Everly Fenwick
			Grantham Hargreave Ivanova Jankowski Kowalczyk Lindqvist Moreau Nakamura Oyelaran Petrakis
			Quinlan Rasmussen Sandoval Tremaine Ueda Valdivia Westergaard Xiong Yilmaz Zamora Alcott Blackwood
			Carrow Drummond Easterby Falconer Goodacre Holloway`),
		roles: []string{"the city's transport director", "a county commissioner", "the council leader",
			"a spokesperson for the water board", "the chief fire officer", "the local union president",
			"a senior engineer on the project", "the health authority's medical director",
			"the opposition's housing spokesperson", "a resident who leads the neighbourhood association",
			"the company's chief executive", "the state treasurer", "the school district superintendent",
			"a professor of public policy", "the port authority chair", "the police commissioner"},
		modals: []string{"will", "can", "must", "should", "would", "could", "need to", "want to", "have to",
			"are going to", "cannot", "will not", "won't", "don't"},
		openers: []string{"Frankly,", "Let me be clear:", "Right now,", "At the end of the day,", "Honestly,",
			"As I said before,", "Look,", "In the meantime,", "For now,", "To be fair,"},
		timeframes: []string{"this year", "by the end of the month", "next week", "before the winter",
			"as soon as possible", "in the coming months", "over the next decade", "by the spring",
			"this summer", "right away"},
		weekdays: strings.Fields("Monday Tuesday Wednesday Thursday Friday Saturday Sunday"),
		months:   strings.Fields("January February March April May June July August September October November December"),
		boilerplate: []string{
			"We will continue to monitor the situation closely.",
			"Our thoughts are with the families of those affected.",
			"We are cooperating fully with the investigation.",
			"Safety is and always will be our top priority.",
			"We are aware of the reports and are looking into them.",
			"It would be inappropriate to comment further at this stage.",
			"We take these concerns very seriously.",
			"We will review the findings and respond in due course.",
			"We remain committed to working with the community.",
			"No decision has been made at this time.",
			"We thank everyone for their patience.",
			"We are working around the clock to restore service.",
		},
	}
	// Invented words: the long tail of rare nouns, and place names.
	r := rand.New(rand.NewPCG(0x6661637464657368, 1)) // "factdesh"
	onsets := strings.Fields("b br c ch cl d dr f fl g gr h k l m n p pl pr r s st t tr v w th sh")
	vowels := strings.Fields("a e i o u ai ea ou ie")
	codas := strings.Fields("n r l s th nd rn st m x ck ll")
	seen := map[string]bool{}
	for _, list := range [][]string{v.nouns, v.verbs, v.adjs, v.pasts, v.advs, v.preps} {
		for _, w := range list {
			seen[w] = true
		}
	}
	invent := func() string {
		for {
			var b strings.Builder
			for range 1 + r.IntN(2) {
				b.WriteString(onsets[r.IntN(len(onsets))])
				b.WriteString(vowels[r.IntN(len(vowels))])
			}
			b.WriteString(codas[r.IntN(len(codas))])
			w := b.String()
			if !seen[w] {
				seen[w] = true
				return w
			}
		}
	}
	for range 6000 {
		v.rare = append(v.rare, invent())
	}
	v.nouns = append(v.nouns, v.rare...)
	for range 400 {
		v.places = append(v.places, invent()+[]string{"ton", "field", "vale", "bury", "mouth", "ford", ""}[r.IntN(7)])
	}
	return v
}
