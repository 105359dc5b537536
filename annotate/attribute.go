package annotate

import (
	"sort"
	"strings"
)

// AttributeQuotes gives each quote its speaker and confidence from the text
// around it, in place. qs are the quotes of one article with their Utterance
// numbers, as ExtractQuotes returns them (it attributes them itself); a
// caller that edits or adds spans runs AttributeQuotes again. Spans outside
// their text, and spans overlapping an earlier one, are left as they are.
//
// The speaker is a person's full name as the article gives it (titles,
// roles and possessives removed), or an organisation's name when an
// organisation speaks ("the Ministry of Trade said"). It comes from:
//   - verbs of saying after or before the quote: “...,” Jane Doe said; said
//     Doe; Doe told reporters: “...”; according to Doe; Doe, the mayor, said;
//     White House press secretary Jane Doe said;
//   - pronouns (“...,” she said), resolved to the most recent person named
//     in the text whose gender, from courtesy titles and pronouns used of
//     them, fits; when two people fit equally, the speaker is left empty;
//   - a surname or first name alone, expanded to the full name used
//     elsewhere in the article;
//   - the other parts of the same utterance (an interrupted quote, the
//     paragraphs of a long quotation), which share a speaker.
//
// Weak or conflicting evidence leaves the speaker empty with a low
// confidence: an editor decides. A term with a verb of saying right next to
// it (“No,” she said) becomes a statement.
func AttributeQuotes(title, body string, qs []Quote) {
	order := make([]int, len(qs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := qs[order[i]], qs[order[j]]
		if a.InTitle != b.InTitle {
			return a.InTitle
		}
		return a.Start < b.Start
	})
	var tf, bf []rawQuote
	var ti, bi []int
	tt, bt := NewText(title), NewText(body)
	for _, i := range order {
		q := qs[i]
		t, fs, idx := bt, &bf, &bi
		if q.InTitle {
			t, fs, idx = tt, &tf, &ti
		}
		if q.Span.Check(t.Len()) != nil || q.Empty() {
			continue
		}
		start, end := t.Byte(q.Start), t.Byte(q.End)
		if n := len(*fs); n > 0 && start < (*fs)[n-1].end {
			continue
		}
		*fs = append(*fs, rawQuote{start: start, end: end, before: start, after: end, utter: q.Utterance, kind: q.Kind})
		*idx = append(*idx, i)
	}
	reg := newRegistry()
	attribute(body, bf, reg, true)
	attribute(title, tf, reg, false)
	for k, f := range bf {
		setSpeaker(&qs[bi[k]], f)
	}
	for k, f := range tf {
		setSpeaker(&qs[ti[k]], f)
	}
}

func setSpeaker(q *Quote, f rawQuote) {
	q.Speaker, q.SpeakerConfidence = f.speaker, f.conf
	if f.direct && q.Kind == QuoteTerm {
		q.Kind = QuoteStatement
	}
}

// attributor reads one text (a title or a body) to attribute its quotes.
type attributor struct {
	s           string
	fs          []rawQuote
	toks        []attrToken
	first, last []int // token range of each quote
	reg         *speakerRegistry
	runs        []nameRun
	runOf       []int32 // token -> index in runs, or -1
	mentions    []nameMention
	virt        []nameMention // speakers resolved so far, as mentions at their quotes
	buf         []int
	lowered     map[string]string // lexicon keys that needed an allocation, by word
	keys        []string          // the same keys, as tokens refer to them
}

// attribute sets the speaker of every quote in fs, found in s. The body is
// read first so that its names are in reg when the title is read.
func attribute(s string, fs []rawQuote, reg *speakerRegistry, body bool) {
	if len(fs) == 0 && !body {
		return
	}
	a := &attributor{s: s, fs: fs, reg: reg}
	a.toks = attrTokenize(s, fs)
	a.first, a.last = quoteTokens(a.toks, fs)
	a.findRuns()
	a.register()
	a.collectMentions()
	for qi := range fs {
		a.attributeQuote(qi)
	}
	if body {
		a.shareWithinUtterances()
		a.inheritAcrossParagraphs()
		a.shareWithinUtterances()
	}
	for i := range fs {
		if fs[i].direct && fs[i].kind == QuoteTerm {
			fs[i].kind = QuoteStatement
		}
	}
}

// nounPhrase is a noun phrase that may name a speaker.
type nounPhrase struct {
	kind      npKind
	ent       int
	g         speakerGender
	role      string
	definite  bool
	possessor bool // "Doe’s spokesman", "his lawyer": not an anaphor
	bare      bool // a role with no determiner (headline style)
	start     int  // index in the window where it begins
	pos       int32
}

type npKind uint8

const (
	npNone npKind = iota
	npName
	npOrg
	npPronoun
	npRole
)

// Pattern strengths multiply the confidence of the name resolved.
const (
	strengthDirect   = 1.0  // “...,” she said / Doe said: “...”
	strengthEmbedded = 0.85 // Doe said the plan was “dead on arrival”
	strengthWeak     = 0.65 // Doe was blunt: “...”
	confConflict     = 0.2
	confAmbiguous    = 0.3
	confInherited    = 0.5
)

// attributeQuote reads the attribution around quote qi: the clause after it
// first, then the sentence before it, then, for a quote alone on its line,
// the sentence before the break. Names that disagree cancel out.
func (a *attributor) attributeQuote(qi int) {
	f := &a.fs[qi]
	pos := int32(f.start)
	aft, aftDirect := a.afterPattern(qi)
	bef, befDirect, strength := a.beforePattern(qi)
	f.direct = aftDirect || befDirect

	name, conf, ent := a.resolve(aft, pos)
	if name != "" {
		if bef.kind == npName || bef.kind == npOrg {
			if other, _, _ := a.resolve(bef, pos); !strings.EqualFold(other, name) {
				f.speaker, f.conf = "", confConflict
				return
			}
		}
	} else {
		if aft.kind != npNone && conf > 0 {
			f.conf = conf // ambiguous: keep the low confidence
		}
		if aftDirect && !befDirect {
			// “...,” said one man: the text says nobody we can name, and a
			// guess from the sentence before would be a guess.
			return
		}
		if bef.kind != npNone {
			if n, c, e := a.resolve(bef, pos); n != "" {
				name, conf, ent = n, c*strength, e
			} else if c > f.conf {
				f.conf = c
			}
		}
	}
	if name == "" && f.conf == 0 && !f.direct {
		name, conf, ent = a.previousSentenceSpeaker(qi)
	}
	if name == "" {
		return
	}
	f.speaker, f.conf = name, conf
	if ent >= 0 {
		sent := int32(0)
		if t := a.first[qi]; t < len(a.toks) {
			sent = a.toks[t].sent
		}
		a.virt = append(a.virt, nameMention{pos: pos, tok: a.first[qi], sent: sent, ent: ent})
	}
}

// previousSentenceSpeaker attributes a quote that opens its line and has no
// attribution of its own to the subject of the sentence just before the
// break, when that sentence reports speech: "Leo told me he saw a van." then
// the quote on the next line. The evidence is weak and scored so.
func (a *attributor) previousSentenceSpeaker(qi int) (string, float64, int) {
	t := a.first[qi] - 1
	if t < 0 || (a.toks[t].kind != tokLine && a.toks[t].kind != tokPara) {
		return "", 0, -1
	}
	t--
	if t < 0 || a.toks[t].kind != tokPunct || a.toks[t].punct != '.' || a.toks[t].quote >= 0 {
		return "", 0, -1
	}
	w := a.buf[:0]
	for t--; t >= 0 && len(w) < 30; t-- {
		tk := a.toks[t]
		if tk.quote >= 0 || tk.kind == tokLine || tk.kind == tokPara ||
			(tk.kind == tokPunct && (tk.punct == '.' || tk.punct == '!' || tk.punct == '?' || tk.punct == ':')) {
			break
		}
		w = append(w, t)
	}
	for i, j := 0, len(w)-1; i < j; i, j = i+1, j-1 {
		w[i], w[j] = w[j], w[i]
	}
	a.buf = w
	for v := range w {
		if a.toks[w[v]].kind != tokWord || a.verbLen(w, v) == 0 {
			continue
		}
		n := a.nameBefore(w, v, 0)
		if n.kind != npName {
			return "", 0, -1
		}
		name, conf, ent := a.resolve(n, a.toks[w[0]].start)
		return name, min(conf, confInherited), ent
	}
	return "", 0, -1
}

// afterWindow returns the narrative tokens after quote qi up to the end of
// its sentence, the next quote or a line break.
func (a *attributor) afterWindow(qi int) []int {
	w := a.buf[:0]
	for t := a.last[qi]; t < len(a.toks) && len(w) < 25; t++ {
		tk := a.toks[t]
		if tk.quote >= 0 || tk.kind == tokLine || tk.kind == tokPara {
			break
		}
		if tk.kind == tokPunct && (tk.punct == '.' || tk.punct == '!' || tk.punct == '?') {
			break
		}
		w = append(w, t)
	}
	a.buf = w
	return w
}

// beforeWindow returns the narrative tokens of the sentence before quote qi,
// back to its start, the previous statement or a line break; a colon that
// ends the line before the quote lets it reach across that break. Quoted
// terms inside the sentence are skipped over.
func (a *attributor) beforeWindow(qi int) (w []int, colon bool) {
	w = a.buf[:0]
	crossed := false
	for t := a.first[qi] - 1; t >= 0 && len(w) < 40 && a.first[qi]-t < 160; t-- {
		tk := a.toks[t]
		if tk.kind == tokLine || tk.kind == tokPara {
			if len(w) == 0 && !crossed && t > 0 && a.toks[t-1].kind == tokPunct && a.toks[t-1].punct == ':' && a.toks[t-1].quote < 0 {
				crossed = true
				continue
			}
			break
		}
		if tk.quote >= 0 {
			if q := int(tk.quote); q != qi && a.fs[q].kind == QuoteTerm && a.fs[q].utter != a.fs[qi].utter {
				continue
			}
			break
		}
		if tk.kind == tokPunct && (tk.punct == '.' || tk.punct == '!' || tk.punct == '?') {
			break
		}
		w = append(w, t)
	}
	for i, j := 0, len(w)-1; i < j; i, j = i+1, j-1 {
		w[i], w[j] = w[j], w[i]
	}
	a.buf = w
	if n := len(w); n > 0 {
		last := a.toks[w[n-1]]
		colon = last.kind == tokPunct && last.punct == ':'
	}
	return w, colon
}

// afterPattern reads the attribution that follows a quote: “...,” said X;
// “...,” X said; “...,” X, the mayor, told reporters; according to X.
func (a *attributor) afterPattern(qi int) (nounPhrase, bool) {
	w := a.afterWindow(qi)
	i := 0
	for i < len(w) && a.toks[w[i]].kind == tokPunct && (a.toks[w[i]].punct == ',' || a.toks[w[i]].punct == '-' || a.toks[w[i]].punct == '(') {
		i++
	}
	if i >= len(w) || a.toks[w[i]].kind != tokWord {
		return nounPhrase{}, false
	}
	if n := a.verbLen(w, i); n > 0 {
		return a.nameAfter(w, i+n), true
	}
	if a.lw(w[i]) == "according" && i+1 < len(w) && a.lw(w[i+1]) == "to" {
		return a.nameAfter(w, i+2), true
	}
	for v := i + 1; v < len(w) && v <= i+16; v++ {
		if a.toks[w[v]].kind != tokWord || a.verbLen(w, v) == 0 {
			continue
		}
		n := a.nameBefore(w, v, i)
		if n.kind == npNone || n.start != i {
			return nounPhrase{}, false
		}
		return n, true
	}
	return nounPhrase{}, false
}

// beforePattern reads the attribution in the sentence before a quote: X said:
// “...”; X said the plan was “...”; according to X, “...”; X, adding that
// “...”. A colon with no verb of saying gives the sentence's first name,
// weakly.
func (a *attributor) beforePattern(qi int) (nounPhrase, bool, float64) {
	w, colon := a.beforeWindow(qi)
	end := len(w)
	if colon {
		end--
	}
	for v := end - 1; v >= 0; v-- {
		if a.toks[w[v]].kind != tokWord {
			continue
		}
		l := a.lw(w[v])
		if l == "according" && v+1 < end && a.lw(w[v+1]) == "to" {
			return a.nameAfter(w[:end], v+2), false, strengthDirect
		}
		if a.verbLen(w[:end], v) > 0 {
			n := a.nameBefore(w, v, 0)
			if colon {
				return n, true, strengthDirect
			}
			return n, false, strengthEmbedded
		}
		if isSpeechParticiple(l) {
			if v > 0 && isAuxiliary(a.lw(w[v-1])) {
				// "Grantham's team are asking": a finite verb after all.
				return a.nameBefore(w, v, 0), colon, strengthEmbedded
			}
			for u := v - 1; u >= 0; u-- {
				if a.toks[w[u]].kind == tokWord && a.verbLen(w, u) > 0 {
					if n := a.nameBefore(w, u, 0); n.kind != npNone {
						return n, colon, strengthEmbedded
					}
				}
			}
			return a.firstName(w[:v], false), colon, strengthEmbedded
		}
	}
	if colon && end <= 16 {
		// "Mayor: ‘We will rebuild’", "Odile Marchetti:": a colon after
		// nothing but a name or a title introduces speech.
		direct := end > 0 && a.onlyName(w[:end])
		return a.firstName(w[:end], true), direct, strengthWeak
	}
	return nounPhrase{}, false, 0
}

// verbLen returns how many tokens a verb of saying at w[i] spans (0 if none):
// one, or two for "hit back".
func (a *attributor) verbLen(w []int, i int) int {
	l := a.lw(w[i])
	if isSpeechVerb(l) {
		return 1
	}
	if (l == "hit" || l == "hits") && i+1 < len(w) && a.lw(w[i+1]) == "back" {
		return 2
	}
	return 0
}

// nameAfter reads a speaker after a verb: "Jane Doe", "Mr. Doe", "she", "the
// mayor", "the head of the agency, Tom Roe", "one man".
func (a *attributor) nameAfter(w []int, j int) nounPhrase {
	if j >= len(w) || a.toks[w[j]].kind != tokWord {
		return nounPhrase{}
	}
	t := w[j]
	l := a.lw(t)
	if g, ok := subjectPronoun(l); ok {
		return nounPhrase{kind: npPronoun, g: g, start: j, pos: a.toks[t].start}
	}
	if r := a.runAt(t); r != nil && r.from == t {
		n := a.npFromRun(r)
		n.start = j
		return n
	}
	return a.rolePhrase(w, j)
}

// rolePhrase reads "the transport minister", "a Saltline spokesperson",
// "stranded pensioner" or "the agency's director, Tom Roe" from w[j].
func (a *attributor) rolePhrase(w []int, j int) nounPhrase {
	n := nounPhrase{kind: npRole, start: j, bare: true}
	k := j
	switch l := a.lw(w[j]); {
	case l == "the":
		n.definite, n.bare = true, false
		k++
	case a.possessiveAt(w[j]) || l == "his" || l == "her" || l == "their" || l == "its":
		n.definite, n.possessor, n.bare = true, true, false
		k++
	case l == "a" || l == "an" || l == "one" || l == "another" || l == "some":
		n.bare = false
		k++
	}
	for ; k < len(w) && k < j+7; k++ {
		t := w[k]
		if a.toks[t].kind != tokWord {
			break
		}
		l := a.lw(t)
		if r := a.runAt(t); r != nil && r.from == t {
			rn := a.npFromRun(r)
			if rn.kind == npName || rn.kind == npOrg {
				rn.start = j
				return rn
			}
			if r.role != "" {
				n.role = r.role
			}
			k += r.to - r.from - 1
			continue
		}
		if l == "of" || l == "for" || l == "at" || l == "who" || l == "which" || l == "that" || l == "in" || l == "on" || l == "with" {
			break
		}
		if isRoleWord(l) || isOrgWord(l) {
			n.role = l
		}
	}
	// An apposition naming the person: "the head of the agency, Tom Roe".
	for ; k < len(w) && k < j+10; k++ {
		tk := a.toks[w[k]]
		if tk.kind == tokPunct && tk.punct == ',' && k+1 < len(w) {
			if r := a.runAt(w[k+1]); r != nil && r.from == w[k+1] {
				if rn := a.npFromRun(r); rn.kind == npName {
					rn.start = j
					return rn
				}
			}
			break
		}
		if tk.kind != tokWord {
			break
		}
	}
	if n.role == "" {
		return nounPhrase{}
	}
	return n
}

// nameBefore reads the subject of the verb at w[v]: "Jane Doe said", "she
// later said", "Doe, the mayor, said", "the minister said", "Tom Roe from the
// council said". The subject must begin at or after w[lo].
func (a *attributor) nameBefore(w []int, v, lo int) nounPhrase {
	j := v - 1
	for j >= lo && v-j <= 3 && a.toks[w[j]].kind == tokWord && isAdverbSkip(a.lw(w[j])) {
		j--
	}
	if j < lo {
		return nounPhrase{}
	}
	t := w[j]
	tk := a.toks[t]
	if tk.kind == tokPunct && tk.punct == ',' {
		return a.appositionSubject(w, j, lo)
	}
	if tk.kind != tokWord {
		return nounPhrase{}
	}
	l := a.lw(t)
	if g, ok := subjectPronoun(l); ok {
		return nounPhrase{kind: npPronoun, g: g, start: j, pos: tk.start}
	}
	var n nounPhrase
	if r := a.runAt(t); r != nil && r.to-1 == t && !r.possessive {
		n = a.npFromRun(r)
		n.start = a.windowIndex(w, j, r.from, lo)
		if n.start > lo && a.lw(w[n.start-1]) == "the" {
			n.start--
		}
		if n.kind == npName && !(n.start > lo && (a.lw(w[n.start-1]) == "of" || a.lw(w[n.start-1]) == "for")) {
			return n
		}
	} else if !tk.cap && (isRoleWord(l) || isOrgWord(l)) {
		n = nounPhrase{kind: npRole, role: l, start: j}
		for k := j - 1; k >= lo && k >= j-4 && a.toks[w[k]].kind == tokWord; k-- {
			d := a.lw(w[k])
			if d == "the" {
				n.definite, n.start = true, k
				break
			}
			if d == "his" || d == "her" || d == "their" || d == "its" || a.possessiveAt(w[k]) {
				n.definite, n.possessor, n.start = true, true, k
				break
			}
			if d == "a" || d == "an" || d == "one" || d == "another" {
				n.start = k
				break
			}
			if isRoleWord(d) || isOrgWord(d) || !a.toks[w[k]].cap {
				n.start = k
				continue
			}
			if a.runAt(w[k]) != nil {
				n.start = k
				continue
			}
			break
		}
		if !n.definite && n.start == j && j > lo && a.lw(w[j-1]) != "the" {
			n.bare = true
		}
	} else {
		// A relative clause with no commas: "Leo Cartwright who runs the
		// bakery opposite told me".
		for k := j; k > lo && k >= j-8 && a.toks[w[k]].kind == tokWord; k-- {
			if a.lw(w[k]) != "who" {
				continue
			}
			if r := a.runAt(w[k-1]); r != nil && r.to-1 == w[k-1] && !r.possessive {
				if rn := a.npFromRun(r); rn.kind == npName {
					rn.start = a.windowIndex(w, k-1, r.from, lo)
					return rn
				}
			}
			break
		}
		// An unknown noun: "Ravi Penhallow from the opposition says".
		for k := j - 1; k >= lo && k >= j-3 && a.toks[w[k]].kind == tokWord; k-- {
			if d := a.lw(w[k]); d == "the" || d == "a" || d == "an" || a.possessiveAt(w[k]) {
				if pp, ok := a.prepositionHead(w, k, lo); ok {
					return pp
				}
				break
			}
		}
		return nounPhrase{}
	}
	// "Tom Roe from the council said", "a spokesperson for the ministry said":
	// the phrase found is the object of a preposition; its head is the speaker.
	if pp, ok := a.prepositionHead(w, n.start, lo); ok {
		return pp
	}
	return n
}

// prepositionHead looks before a phrase starting at w[start] for "X of/from
// the ...": it returns X when the phrase is a preposition's object.
func (a *attributor) prepositionHead(w []int, start, lo int) (nounPhrase, bool) {
	p := start - 1
	if p < lo || a.toks[w[p]].kind != tokWord {
		return nounPhrase{}, false
	}
	switch a.lw(w[p]) {
	case "of", "from", "for", "at", "with", "in", "on":
	default:
		return nounPhrase{}, false
	}
	h := p - 1
	if h < lo || a.toks[w[h]].kind != tokWord {
		return nounPhrase{}, true // an object with no head we can read: nobody
	}
	l := a.lw(w[h])
	if r := a.runAt(w[h]); r != nil && r.to-1 == w[h] && !r.possessive {
		n := a.npFromRun(r)
		n.start = a.windowIndex(w, h, r.from, lo)
		return n, true
	}
	if isRoleWord(l) || isOrgWord(l) {
		n := nounPhrase{kind: npRole, role: l, start: h}
		if h > lo {
			switch a.lw(w[h-1]) {
			case "the":
				n.definite, n.start = true, h-1
			case "a", "an", "one":
				n.start = h - 1
			}
		}
		return n, true
	}
	return nounPhrase{}, true
}

// appositionSubject reads the subject of "X, the mayor, said" or "the mayor,
// X, said" where the comma before the verb is w[j].
func (a *attributor) appositionSubject(w []int, j, lo int) nounPhrase {
	for c := lo; c <= j; c++ {
		tk := a.toks[w[c]]
		if tk.kind != tokPunct || tk.punct != ',' || c-1 < lo {
			continue
		}
		t := w[c-1]
		if a.toks[t].kind != tokWord {
			continue
		}
		if g, ok := subjectPronoun(a.lw(t)); ok {
			return nounPhrase{kind: npPronoun, g: g, start: c - 1, pos: a.toks[t].start}
		}
		r := a.runAt(t)
		if r == nil || r.to-1 != t || r.possessive || r.place {
			continue
		}
		n := a.npFromRun(r)
		if n.kind != npName && n.kind != npOrg {
			continue
		}
		n.start = c - 1
		for n.start > lo && a.toks[w[n.start-1]].kind == tokWord {
			n.start--
		}
		if n.kind == npOrg && n.start > lo {
			// "A spokesman for the insurer, Halloway Mutual, said": the
			// organisation names the insurer; the spokesman speaks.
			if role := a.leadingRole(w, lo, n.start); role.kind != npNone {
				return role
			}
		}
		return n
	}
	return nounPhrase{}
}

// leadingRole reads a person's role phrase at the start of w[lo:end]: "a
// spokesman for the ...", "the head of ...".
func (a *attributor) leadingRole(w []int, lo, end int) nounPhrase {
	n := nounPhrase{kind: npRole, start: lo}
	for k := lo; k < end && k < lo+4; k++ {
		if a.toks[w[k]].kind != tokWord {
			break
		}
		l := a.lw(w[k])
		if k == lo && (l == "the" || l == "a" || l == "an") {
			n.definite = l == "the"
			continue
		}
		if isRoleWord(l) && !isOrgWord(l) {
			n.role = l
			return n
		}
		if a.toks[w[k]].cap {
			continue
		}
		if l == "of" || l == "for" {
			break
		}
	}
	return nounPhrase{}
}

// firstName returns the first person or organisation named in w, or a
// pronoun that begins it. A possessive counts only as a source ("the
// Authority's statement:"), never as the subject of a verb.
func (a *attributor) firstName(w []int, source bool) nounPhrase {
	for k, t := range w {
		if a.toks[t].kind != tokWord {
			continue
		}
		if g, ok := subjectPronoun(a.lw(t)); ok && k == 0 {
			return nounPhrase{kind: npPronoun, g: g, start: k, pos: a.toks[t].start}
		}
		if r := a.runAt(t); r != nil && r.from == t && r.ent >= 0 && (source || !r.possessive) {
			if n := a.npFromRun(r); n.kind == npName || n.kind == npOrg {
				n.start = k
				return n
			}
		}
	}
	return nounPhrase{}
}

func isAuxiliary(w string) bool {
	switch w {
	case "is", "are", "was", "were", "am", "been", "be", "being":
		return true
	}
	return false
}

// onlyName reports whether w is a single name run or a pronoun.
func (a *attributor) onlyName(w []int) bool {
	if len(w) == 1 {
		if _, ok := subjectPronoun(a.lw(w[0])); ok {
			return true
		}
	}
	r := a.runAt(w[0])
	return r != nil && r.from == w[0] && r.to == w[len(w)-1]+1
}

// windowIndex returns the index in w of token tok, searching back from w[j]
// and not before lo.
func (a *attributor) windowIndex(w []int, j, tok, lo int) int {
	k := j
	for k > lo && w[k-1] >= tok {
		k--
	}
	return k
}

func (a *attributor) runAt(t int) *nameRun {
	if t < 0 || t >= len(a.runOf) || a.runOf[t] < 0 {
		return nil
	}
	return &a.runs[a.runOf[t]]
}

// npFromRun turns a name run into a noun phrase.
func (a *attributor) npFromRun(r *nameRun) nounPhrase {
	switch {
	case r.place:
		return nounPhrase{}
	case r.org:
		return nounPhrase{kind: npOrg, ent: r.ent, role: r.orgKey(), definite: true}
	case r.nameFrom >= r.to:
		return nounPhrase{kind: npRole, role: r.role, definite: r.the, bare: !r.the}
	case r.ent < 0:
		return nounPhrase{}
	}
	return nounPhrase{kind: npName, ent: r.ent}
}

// resolve turns a noun phrase into a speaker name, a confidence and the
// entity, or "" when it names nobody we can tell.
func (a *attributor) resolve(n nounPhrase, pos int32) (string, float64, int) {
	reg := a.reg
	switch n.kind {
	case npName:
		e := reg.ents[n.ent]
		if e.single {
			return e.name, 0.6, n.ent
		}
		return e.name, 0.95, n.ent
	case npOrg:
		if n.ent < 0 {
			if e, _ := reg.lookupPart(n.role, genderUnknown, true); e >= 0 {
				return reg.ents[e].name, 0.65, e
			}
			return "", 0, -1
		}
		return reg.ents[n.ent].name, 0.75, n.ent
	case npPronoun:
		return a.resolvePronoun(n.g, pos)
	case npRole:
		if isOrgWord(n.role) && !isRoleWord(n.role) {
			if !n.definite {
				return "", 0, -1
			}
			if e, _ := reg.lookupPart(n.role, genderUnknown, true); e >= 0 {
				return reg.ents[e].name, 0.65, e
			}
			return "", 0, -1
		}
		if es := reg.roles[n.role]; len(es) == 1 && (n.definite || n.bare) {
			return reg.ents[es[0]].name, 0.75, es[0]
		}
		if n.definite && !n.possessor {
			name, conf, e := a.resolveRecent(genderUnknown, pos, true)
			if e >= 0 {
				reg.addRole(n.role, e)
				return name, conf * 0.85, e
			}
			return name, conf, e
		}
	}
	return "", 0, -1
}

// resolvePronoun resolves he or she at pos to the most recent compatible
// person named before it.
func (a *attributor) resolvePronoun(g speakerGender, pos int32) (string, float64, int) {
	if g != genderMale && g != genderFemale {
		return "", 0, -1
	}
	return a.resolveRecent(g, pos, false)
}

// resolveRecent finds the most recent person named before pos whose gender
// fits g (any gender when g is unknown). When another person who fits was
// named in the same sentence and the gender does not decide, the sentence's
// subject is preferred; failing that the reference is ambiguous and nobody is
// returned.
func (a *attributor) resolveRecent(g speakerGender, pos int32, anaphor bool) (string, float64, int) {
	type cand struct {
		ent     int
		sent    int32
		g       speakerGender
		subject bool
	}
	reg := a.reg
	ms, vs := a.mentions, a.virt
	i := sort.Search(len(ms), func(k int) bool { return ms[k].pos >= pos }) - 1
	j := sort.Search(len(vs), func(k int) bool { return vs[k].pos >= pos }) - 1
	var cands [6]cand
	n := 0
	for seen := 0; (i >= 0 || j >= 0) && n < len(cands) && seen < 60; seen++ {
		var m nameMention
		if j < 0 || (i >= 0 && ms[i].pos > vs[j].pos) {
			m, i = ms[i], i-1
		} else {
			m, j = vs[j], j-1
			m.subject = true // a speaker just quoted is the one in focus
		}
		if pos-m.pos > 3000 {
			break
		}
		e := reg.ents[m.ent]
		if e.org || (e.single && e.male+e.female == 0) {
			continue
		}
		dup := false
		for _, c := range cands[:n] {
			dup = dup || c.ent == m.ent
		}
		if dup {
			continue
		}
		eg := reg.genderOf(m.ent)
		if g != genderUnknown && eg != genderUnknown && eg != g {
			continue
		}
		cands[n] = cand{ent: m.ent, sent: m.sent, g: eg, subject: m.subject}
		n++
	}
	if n == 0 {
		return "", 0, -1
	}
	first := cands[0]
	conf := 0.85
	switch {
	case g != genderUnknown && first.g == g:
	default:
		conf = 0.7
		rivals, subjects, subject := 0, 0, first
		for _, c := range cands[:n] {
			if c.sent != first.sent {
				continue
			}
			rivals++
			if c.subject {
				subjects, subject = subjects+1, c
			}
		}
		if rivals > 1 {
			if subjects != 1 {
				return "", confAmbiguous, -1
			}
			first, conf = subject, 0.6
		}
	}
	if anaphor {
		conf = min(conf, 0.7)
	}
	if first.g == genderUnknown {
		reg.vote(first.ent, g, 1)
	}
	return reg.ents[first.ent].name, conf, first.ent
}

// shareWithinUtterances gives the parts of an utterance with no evidence of
// their own the speaker its other parts agree on.
func (a *attributor) shareWithinUtterances() {
	fs := a.fs
	for i := 0; i < len(fs); {
		j := i
		name, conf, conflict := "", 0.0, false
		for ; j < len(fs) && fs[j].utter == fs[i].utter; j++ {
			switch {
			case fs[j].speaker == "":
			case name == "":
				name, conf = fs[j].speaker, fs[j].conf
			case !strings.EqualFold(name, fs[j].speaker):
				conflict = true
			case fs[j].conf > conf:
				conf = fs[j].conf
			}
		}
		if name != "" && !conflict {
			for k := i; k < j; k++ {
				if fs[k].speaker == "" && fs[k].conf == 0 {
					fs[k].speaker, fs[k].conf = name, conf
				}
			}
		}
		i = j
	}
}

// inheritAcrossParagraphs gives a quotation standing alone at the start of a
// paragraph, with no attribution, the speaker of the quote that ends the
// paragraph before it, when nobody else is named in between.
func (a *attributor) inheritAcrossParagraphs() {
	fs := a.fs
	for qi := 1; qi < len(fs); qi++ {
		f := &fs[qi]
		if f.speaker != "" || f.conf != 0 || f.kind != QuoteStatement || fs[qi-1].utter == f.utter {
			continue
		}
		p := fs[qi-1]
		if p.speaker == "" {
			continue
		}
		if t := a.first[qi] - 1; t >= 0 && a.toks[t].kind != tokPara && a.toks[t].kind != tokLine {
			continue
		}
		breaks, other := 0, false
		for t := a.last[qi-1]; t < a.first[qi]; t++ {
			tk := a.toks[t]
			if tk.kind == tokPara || tk.kind == tokLine {
				breaks++
			}
			if r := a.runAt(t); r != nil && r.ent >= 0 && !strings.EqualFold(a.reg.ents[r.ent].name, p.speaker) {
				other = true
			}
		}
		if breaks == 1 && !other {
			for k := qi; k < len(fs) && fs[k].utter == f.utter; k++ {
				if fs[k].speaker == "" {
					fs[k].speaker, fs[k].conf = p.speaker, confInherited
				}
			}
		}
	}
}

// word returns token i's text; lw its lexicon key.
func (a *attributor) word(i int) string { return a.s[a.toks[i].start:a.toks[i].end] }

func (a *attributor) lw(i int) string {
	if i < 0 || i >= len(a.toks) || a.toks[i].kind != tokWord {
		return ""
	}
	w := a.word(i)
	switch c := a.toks[i].key; {
	case c < 0:
		return strings.TrimSuffix(w, ".")
	case c > 0:
		return a.keys[c-1]
	}
	if isLexClean(w) {
		a.toks[i].key = -1
		return strings.TrimSuffix(w, ".")
	}
	k, ok := a.lowered[w]
	if !ok {
		// Lower-casing allocates: do it once per distinct word.
		k = lexKey(w)
		if a.lowered == nil {
			a.lowered = map[string]string{}
		}
		a.lowered[w] = k
	}
	a.keys = append(a.keys, k)
	a.toks[i].key = int32(len(a.keys))
	return k
}
