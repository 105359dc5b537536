package annotate

import (
	"strings"
	"unicode"
)

// speakerEntity is a person or organisation named in an article.
type speakerEntity struct {
	name   string // as the article writes it in full, titles removed
	org    bool
	single bool // a one-word name never given in full
	male   int  // evidence for he/him/his
	female int  // evidence for she/her
}

// speakerRegistry holds the entities of one article, shared between the
// title and the body so a surname in the title expands to the body's full
// name. Word indexes keep every lookup independent of the article's length.
type speakerRegistry struct {
	ents    []speakerEntity
	byName  map[string]int   // full name as written
	byLast  map[string][]int // last word of a person's full name, as a lexicon key
	byFirst map[string][]int // first word of a person's full name, as a lexicon key
	byPart  map[string][]int // any word of an organisation's name, as a lexicon key
	roles   map[string][]int // role word ("mayor") -> persons who hold it
}

func newRegistry() *speakerRegistry { return &speakerRegistry{} }

// addPerson registers a person by name and the lexicon keys of the first and
// last words of the name ("" for a one-word name).
func (r *speakerRegistry) addPerson(name, first, last string) int {
	if first == "" {
		return r.add(name, nil, false)
	}
	var keys [2]string
	keys[0], keys[1] = first, last
	return r.add(name, keys[:], false)
}

// add returns the entity with this name, registering it if new. keys are
// the lexicon keys of its words, to find it by a surname, a first name or,
// for an organisation, any word.
func (r *speakerRegistry) add(name string, keys []string, org bool) int {
	if e, ok := r.byName[name]; ok {
		return e
	}
	if r.byName == nil {
		r.byName, r.byLast, r.byFirst, r.byPart = map[string]int{}, map[string][]int{}, map[string][]int{}, map[string][]int{}
	}
	e := len(r.ents)
	r.ents = append(r.ents, speakerEntity{name: name, org: org, single: len(keys) < 2 && !org})
	r.byName[name] = e
	if len(keys) > 1 {
		if org {
			for _, k := range keys {
				r.byPart[k] = appendOnce(r.byPart[k], e)
			}
		} else {
			first, last := keys[0], keys[len(keys)-1]
			r.byLast[last] = append(r.byLast[last], e)
			r.byFirst[first] = append(r.byFirst[first], e)
		}
	}
	return e
}

// lookupPart finds the one person whose full name ends (or failing that
// starts) with the word whose lexicon key is key, or the one organisation
// whose name holds it. It returns -1 when there is none, and ambiguous when
// there is more than one.
func (r *speakerRegistry) lookupPart(key string, g speakerGender, org bool) (e int, ambiguous bool) {
	if org {
		return r.pick(r.byPart[key], genderUnknown)
	}
	if e, amb := r.pick(r.byLast[key], g); e >= 0 || amb {
		return e, amb
	}
	return r.pick(r.byFirst[key], g)
}

// pick returns the one candidate whose gender does not contradict g.
func (r *speakerRegistry) pick(cands []int, g speakerGender) (int, bool) {
	found, n := -1, 0
	for _, e := range cands {
		if g != genderUnknown {
			if eg := r.genderOf(e); eg != genderUnknown && eg != g {
				continue
			}
		}
		found, n = e, n+1
	}
	if n > 1 {
		return -1, true
	}
	return found, false
}

func appendOnce(xs []int, x int) []int {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// genderOf weighs the evidence gathered for a person.
func (r *speakerRegistry) genderOf(e int) speakerGender {
	switch m, f := r.ents[e].male, r.ents[e].female; {
	case m > f:
		return genderMale
	case f > m:
		return genderFemale
	}
	return genderUnknown
}

func (r *speakerRegistry) vote(e int, g speakerGender, n int) {
	switch g {
	case genderMale:
		r.ents[e].male += n
	case genderFemale:
		r.ents[e].female += n
	}
}

func (r *speakerRegistry) addRole(role string, e int) {
	if r.roles == nil {
		r.roles = map[string][]int{}
	}
	r.roles[role] = appendOnce(r.roles[role], e)
}

// nameRun is a run of capitalised words in the narrative: a name, possibly
// with titles and roles before it ("Transport Minister Celia Brandt").
type nameRun struct {
	from, to   int // token range of the run
	nameFrom   int // first token of the name proper, past titles and roles
	name       string
	words      int    // words in the name proper
	firstKey   string // lexicon key of its first word
	lastKey    string // and of its last, possessive removed
	honor      speakerGender
	hasHonor   bool
	role       string // a role word inside, before or in apposition
	the        bool   // "the" precedes it
	locPrep    bool   // a location preposition precedes it
	possessive bool   // ends in ’s
	evidence   bool   // the context says it names a person
	org, place bool
	ent        int
}

// nameMention is a place in the narrative where a person is named.
type nameMention struct {
	pos     int32 // byte offset
	tok     int
	sent    int32
	ent     int
	subject bool // the name opens its sentence, as its subject
}

// findRuns collects the capitalised name runs of the narrative.
func (a *attributor) findRuns() {
	a.runOf = make([]int32, len(a.toks))
	caps := 0
	for i := range a.runOf {
		a.runOf[i] = -1
		if a.toks[i].cap {
			caps++
		}
	}
	a.runs = make([]nameRun, 0, caps/2+4)
	a.lowered = make(map[string]string, caps/2)
	toks := a.toks
	for i := 0; i < len(toks); {
		if !a.nameWordAt(i) {
			i++
			continue
		}
		j := i + 1
		hasAnd, hasOrg := false, isOrgWord(a.lw(i))
		for j < len(toks) && !a.possessiveAt(j-1) {
			if a.nameWordAt(j) {
				hasOrg = hasOrg || isOrgWord(a.lw(j))
				j++
				continue
			}
			if toks[j].kind == tokWord && toks[j].quote < 0 && !toks[j].cap && isNameConnector(a.lw(j)) && a.nameWordAt(j+1) {
				hasAnd = hasAnd || a.lw(j) == "and"
				j++
				continue
			}
			break
		}
		if c := a.affiliationSplit(i, j); c > 0 {
			// "Fiona Grantham of Dunmore Police": a person and where she works.
			a.addRun(i, c)
			a.addRun(c+1, j)
		} else if hasAnd && !hasOrg {
			// "Rosalind Vey and Harlan Pruett": two names, not one.
			from := i
			for k := i; k <= j; k++ {
				if k == j || (!toks[k].cap && a.lw(k) == "and") {
					if k > from {
						a.addRun(from, k)
					}
					from = k + 1
				}
			}
		} else {
			a.addRun(i, j)
		}
		i = j
	}
}

// affiliationSplit returns the index of an "of" or "for" inside the run
// [i,j) that joins a name with no organisation word to an organisation
// ("Fiona Grantham of Dunmore Police"), or 0. "Ministry of Trade" and "Duke
// of Edinburgh" stay whole.
func (a *attributor) affiliationSplit(i, j int) int {
	for c := i + 1; c < j-1; c++ {
		if l := a.lw(c); a.toks[c].cap || (l != "of" && l != "for") {
			continue
		}
		before, after := false, false
		for k := i; k < c; k++ {
			before = before || isOrgWord(a.lw(k))
		}
		for k := c + 1; k < j; k++ {
			after = after || isOrgWord(a.lw(k))
		}
		if !before && after {
			return c
		}
	}
	return 0
}

// nameWordAt reports whether token i may belong to a name run.
func (a *attributor) nameWordAt(i int) bool {
	if i >= len(a.toks) {
		return false
	}
	t := a.toks[i]
	if t.kind != tokWord || t.quote >= 0 || !t.cap {
		return false
	}
	l := a.lw(i)
	if isShouted(a.word(i)) {
		return false // HEADLINE CAPS, not a name
	}
	return !isStopCap(l) || isHonorificWord(l)
}

// isShouted reports whether w is written in capitals throughout (two letters
// or more), as headlines and tabloid emphasis are.
func isShouted(w string) bool {
	letters := 0
	for _, c := range w {
		switch {
		case c >= 'a' && c <= 'z':
			return false
		case c >= 'A' && c <= 'Z':
			letters++
		case c >= 0x80 && unicode.IsLower(c):
			return false
		case c >= 0x80 && unicode.IsUpper(c):
			letters++
		}
	}
	return letters >= 2
}

func (a *attributor) possessiveAt(i int) bool {
	w := a.word(i)
	return strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "'s")
}

func (a *attributor) addRun(from, to int) {
	toks := a.toks
	r := nameRun{from: from, to: to, nameFrom: from, ent: -1}
	for k := from; k < to-1; k++ {
		l := a.lw(k)
		if g, ok := honorific(l); ok {
			r.hasHonor, r.nameFrom = true, k+1
			if g != genderUnknown {
				r.honor = g
			}
			continue
		}
		if isRoleWord(l) {
			r.role, r.nameFrom = l, k+1
		}
	}
	if r.nameFrom == from && to-from == 1 {
		if g, ok := honorific(a.lw(from)); ok && g != genderUnknown {
			return // a lone "Mr"
		}
	}
	r.possessive = a.possessiveAt(to - 1)
	r.words = to - r.nameFrom
	if r.words > 0 {
		r.firstKey, r.lastKey = a.nameKey(&r, r.nameFrom), a.nameKey(&r, to-1)
		r.name = a.nameText(&r)
	} else {
		// Only titles ("the Prime Minister"): the last one is the role.
		r.role = a.lw(to - 1)
	}

	// What comes before.
	if p := from - 1; p >= 0 && toks[p].kind == tokWord && toks[p].quote < 0 {
		l := a.lw(p)
		switch {
		case l == "the":
			r.the = true
		case isLocationPreposition(l):
			r.locPrep = true
		case !toks[p].cap && isRoleWord(l):
			r.role, r.evidence = l, true
		}
		if isSpeechVerb(l) && a.followsQuote(p) {
			r.evidence = true // “...,” said Jane Doe
		}
	}
	// What comes after: an apposition, an age, or a verb of saying.
	if q := to; q < len(toks) && toks[q].kind == tokPunct && toks[q].punct == ',' && q+1 < len(toks) {
		n := a.lw(q + 1)
		switch {
		case n == "who":
			r.evidence = true
		case isAllDigits(n) && q+2 < len(toks) && toks[q+2].kind == tokPunct:
			r.evidence = true
		default:
			if role := a.appositionRole(q + 1); role != "" {
				r.role, r.evidence = role, true
			}
		}
	}
	if v := a.skipAdverbs(to); v < len(toks) && toks[v].kind == tokWord && isSpeechVerb(a.lw(v)) {
		r.evidence = true
	}
	if r.hasHonor || r.role != "" && r.nameFrom > from {
		r.evidence = true
	}

	words, first, last := r.words, r.firstKey, r.lastKey
	hasOrg := false
	for k := r.nameFrom; k < to; k++ {
		hasOrg = hasOrg || isOrgWord(a.nameKey(&r, k))
	}
	switch {
	case words == 0:
	case r.hasHonor || (r.role != "" && r.nameFrom > from):
	case hasOrg:
		r.org = true
	case !r.evidence && (isPlaceWord(first) || isPlaceWord(last) || r.the || r.locPrep):
		r.place = true
	}
	a.runs = append(a.runs, r)
	for k := from; k < to; k++ {
		a.runOf[k] = int32(len(a.runs) - 1)
	}
}

// followsQuote reports whether token t comes right after a quotation,
// past at most a comma or dash.
func (a *attributor) followsQuote(t int) bool {
	p := t - 1
	if p >= 0 && a.toks[p].kind == tokPunct && (a.toks[p].punct == ',' || a.toks[p].punct == '-') && a.toks[p].quote < 0 {
		p--
	}
	return p >= 0 && a.toks[p].quote >= 0
}

// appositionRole reads ", the transport minister," or ", a retired teacher,"
// starting at token i and returns its role word.
func (a *attributor) appositionRole(i int) string {
	role := ""
	for k := i; k < len(a.toks) && k < i+8; k++ {
		t := a.toks[k]
		if t.kind != tokWord || t.quote >= 0 {
			break
		}
		l := a.lw(k)
		if l == "of" || l == "who" || l == "at" || l == "for" || l == "from" || l == "in" {
			break
		}
		if isRoleWord(l) {
			role = l
		}
	}
	return role
}

// skipAdverbs returns the first token at or after i that is not an adverb
// or auxiliary that may stand between a speaker and a verb.
func (a *attributor) skipAdverbs(i int) int {
	for n := 0; i < len(a.toks) && n < 3 && a.toks[i].kind == tokWord && isAdverbSkip(a.lw(i)); n++ {
		i++
	}
	return i
}

// register turns runs into entities: full names first, then single words
// matched to them as surnames or first names.
func (a *attributor) register() {
	reg := a.reg
	for i := range a.runs {
		r := &a.runs[i]
		switch {
		case r.org:
			if r.words > 1 {
				r.ent = reg.add(r.name, a.nameKeys(r), true)
			}
		case r.place || r.words < 2:
		case r.evidence || a.plausibleName(r):
			r.ent = reg.addPerson(r.name, r.firstKey, r.lastKey)
		}
	}
	for i := range a.runs {
		r := &a.runs[i]
		if r.ent >= 0 || r.words != 1 {
			continue
		}
		if r.org {
			r.ent, _ = reg.lookupPart(r.lastKey, genderUnknown, true)
			continue
		}
		if r.place {
			continue
		}
		switch e, ambiguous := reg.lookupPart(r.lastKey, r.honor, false); {
		case e >= 0:
			r.ent, r.evidence = e, true
		case ambiguous:
			// "Doe" with both Jane and John Doe in the article: nobody.
		case r.evidence:
			r.ent = reg.addPerson(r.name, "", "")
		}
	}
	for i := range a.runs {
		r := &a.runs[i]
		if r.ent < 0 || reg.ents[r.ent].org {
			continue
		}
		if r.hasHonor {
			reg.vote(r.ent, r.honor, 2)
		}
		if r.role != "" {
			reg.vote(r.ent, roleGender(r.role), 2)
			if r.nameFrom < r.to {
				reg.addRole(r.role, r.ent)
			}
		}
	}
}

// plausibleName reports whether a run with no other evidence reads as a
// person's name: two to four name-like words, not after "the" or "in".
func (a *attributor) plausibleName(r *nameRun) bool {
	if r.words < 2 || r.words > 4 || r.the || r.locPrep {
		return false
	}
	for k := r.nameFrom; k < r.to; k++ {
		l := a.nameKey(r, k)
		if isOrgWord(l) || isPlaceWord(l) || isStopCap(l) {
			return false
		}
		for _, c := range l {
			if c >= '0' && c <= '9' {
				return false
			}
		}
	}
	return true
}

// collectMentions lists where persons are named in the narrative and
// gathers evidence for their gender from the pronouns that follow.
func (a *attributor) collectMentions() {
	for i := range a.runs {
		r := &a.runs[i]
		if r.ent < 0 || a.reg.ents[r.ent].org || r.nameFrom >= r.to {
			continue
		}
		t := r.nameFrom
		a.mentions = append(a.mentions, nameMention{pos: a.toks[t].start, tok: t, sent: a.toks[t].sent, ent: r.ent,
			subject: !r.possessive && a.opensSentence(r.from)})
	}
	// Gender evidence: the first he/his or she/her after a name, before any
	// other name, in its sentence (or the next one when it is the only
	// person its sentence names).
	ms := a.mentions
	alone := make([]bool, len(ms)) // the only person its sentence names
	for i := 0; i < len(ms); {
		j, one := i, true
		for ; j < len(ms) && ms[j].sent == ms[i].sent; j++ {
			one = one && ms[j].ent == ms[i].ent
		}
		for k := i; k < j; k++ {
			alone[k] = one
		}
		i = j
	}
	for i, m := range ms {
		if e := a.reg.ents[m.ent]; e.single && e.male+e.female == 0 {
			continue // a lone capitalised word may be anything
		}
		reach := m.sent
		if alone[i] {
			reach++
		}
		stop := len(a.toks)
		if i+1 < len(ms) {
			stop = ms[i+1].tok
		}
		for t := m.tok + 1; t < stop && a.toks[t].sent <= reach; t++ {
			tk := a.toks[t]
			if tk.kind != tokWord || tk.quote >= 0 {
				continue
			}
			if a.followsQuote(t) {
				// “...,” he said: whom "he" means is what attribution
				// decides; counting it here would decide it in advance.
				break
			}
			if c := a.s[tk.start] | 0x20; (c != 'h' && c != 's') || tk.end-tk.start > 7 {
				continue // not he, his, she, her...
			}
			if g := pronounGender(a.lw(t)); g != genderUnknown {
				a.reg.vote(m.ent, g, 1)
				break
			}
		}
	}
}

// opensSentence reports whether only titles, roles, determiners and the
// comma before an apposition stand between the start of token t's sentence
// and t.
func (a *attributor) opensSentence(t int) bool {
	sent := a.toks[t].sent
	for k := t - 1; k >= 0; k-- {
		if t-k > 12 {
			return false
		}
		tk := a.toks[k]
		if tk.sent != sent || tk.kind == tokLine || tk.kind == tokPara || tk.quote >= 0 {
			return true
		}
		if tk.kind == tokPunct && tk.punct == ',' && k == t-1 {
			continue // an apposition: "Merrow’s great-granddaughter, Helene Dunne"
		}
		if tk.kind != tokWord {
			return false
		}
		if l := a.lw(k); !tk.cap && !isRoleWord(l) && l != "the" && l != "a" && l != "an" && l != "and" && !a.possessiveAt(k) {
			return false
		}
	}
	return true
}

func apostropheLen(w string) int {
	if strings.HasSuffix(w, "’s") {
		return len("’")
	}
	return 1
}

func isAllDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// orgKey is the lexicon key an organisation named by this run is looked up
// by when it was not registered: its last word.
func (r *nameRun) orgKey() string { return r.lastKey }

// nameKey is the lexicon key of token k of the run's name, with the
// possessive of its last word removed.
func (a *attributor) nameKey(r *nameRun, k int) string {
	key := a.lw(k)
	if k == r.to-1 && r.possessive {
		key = strings.TrimSuffix(key, "'s")
	}
	return key
}

// nameKeys lists the lexicon keys of the run's name words.
func (a *attributor) nameKeys(r *nameRun) []string {
	keys := make([]string, 0, r.words)
	for k := r.nameFrom; k < r.to; k++ {
		keys = append(keys, a.nameKey(r, k))
	}
	return keys
}

// nameText is the run's name as written, titles and possessive removed:
// a slice of the text when its words stand one space apart, else rebuilt.
func (a *attributor) nameText(r *nameRun) string {
	toks := a.toks
	last := a.word(r.to - 1)
	if r.possessive {
		last = last[:len(last)-len("s")-apostropheLen(last)]
	}
	spaced := true
	for k := r.nameFrom + 1; k < r.to; k++ {
		spaced = spaced && toks[k].start == toks[k-1].end+1 && a.s[toks[k-1].end] == ' '
	}
	if spaced {
		return a.s[toks[r.nameFrom].start : int(toks[r.to-1].start)+len(last)]
	}
	var b strings.Builder
	for k := r.nameFrom; k < r.to; k++ {
		if k > r.nameFrom {
			b.WriteByte(' ')
		}
		if k == r.to-1 {
			b.WriteString(last)
		} else {
			b.WriteString(a.word(k))
		}
	}
	return b.String()
}
