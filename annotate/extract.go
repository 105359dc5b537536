package annotate

import (
	"unicode"
	"unicode/utf8"
)

// ExtractQuotes finds every direct quotation in an article's title and body
// and attributes each to its speaker where the text says who spoke.
//
// Quotes come in document order, the title's first (InTitle set, Span
// indexing the title). A Quote's Span covers the quoted words in code points,
// quotation marks and surrounding space excluded, and Text is exactly that
// slice of the text. Kind is QuoteStatement for more than three words or a
// complete sentence, QuoteTerm for a short quoted term or title.
//
// The extractor reads news text as it is really written:
//   - curly and straight double marks mixed in one article; single marks
//     nested inside double ones, or used at the top level when an article
//     quotes British-style; apostrophes (don’t, outlets’, ’90s, rock ’n’ roll)
//     are never taken for quotation marks;
//   - a quotation that runs over paragraphs (a paragraph ending with no
//     closing mark, the next opening with a new mark) gives one Quote per
//     paragraph, sharing an Utterance;
//   - in text laid out one sentence per line a quotation may go on across a
//     line break with no new opening mark, giving one Quote;
//   - a missing closing mark never swallows the narrative that follows: the
//     quotation is bounded at the paragraph end, at its first line break, or
//     before an attribution clause ("..., she said") it ran into;
//   - “First part,” she said, “second part.” gives two Quotes sharing an
//     Utterance and a speaker.
//
// The scan is a single pass over the text with a small state machine; no
// part of it backtracks more than a bounded number of lines, so the time is
// linear in the length of the text. IDs, ArticleID and Outlet are left for
// the caller to fill.
func ExtractQuotes(title, body string) []Quote {
	tf, _ := scanQuotes(title)
	bf, _ := scanQuotes(body)
	if len(tf)+len(bf) == 0 {
		return nil
	}
	u := numberUtterances(title, tf, 0)
	numberUtterances(body, bf, u)
	classifyKinds(title, tf)
	classifyKinds(body, bf)

	reg := newRegistry()
	attribute(body, bf, reg, true)
	attribute(title, tf, reg, false)
	promoteUtteranceKinds(tf)
	promoteUtteranceKinds(bf)

	out := make([]Quote, 0, len(tf)+len(bf))
	out = appendQuotes(out, title, tf, true)
	return appendQuotes(out, body, bf, false)
}

// numberUtterances gives each found quote its utterance number, counting on
// from last: continuation paragraphs and the parts of an interrupted quote
// share their first part's number. It returns the last number given.
func numberUtterances(s string, fs []rawQuote, last int) int {
	for i := range fs {
		if i == 0 || !(fs[i].cont || isInterruption(s, fs[i-1], fs[i])) {
			last++
		}
		fs[i].utter = last
	}
	return last
}

// classifyKinds sets each quote's kind from its text; a part of an utterance
// whose other parts are statements is a statement too.
func classifyKinds(s string, fs []rawQuote) {
	for i := range fs {
		fs[i].kind = quoteKindOf(s[fs[i].start:fs[i].end])
	}
	promoteUtteranceKinds(fs)
}

// promoteUtteranceKinds makes every part of an utterance a statement when one
// part is.
func promoteUtteranceKinds(fs []rawQuote) {
	for i := 0; i < len(fs); {
		j, stmt := i, false
		for ; j < len(fs) && fs[j].utter == fs[i].utter; j++ {
			stmt = stmt || fs[j].kind == QuoteStatement
		}
		if stmt {
			for k := i; k < j; k++ {
				fs[k].kind = QuoteStatement
			}
		}
		i = j
	}
}

// quoteKindOf classifies quoted text: a statement has more than three words or
// is a complete sentence (it starts with a capital or digit and ends with a
// sentence mark); anything shorter is a quoted term.
func quoteKindOf(text string) QuoteKind {
	if wordsMoreThan(text, 3) {
		return QuoteStatement
	}
	first, _ := utf8.DecodeRuneInString(text)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) {
		return QuoteTerm
	}
	end := len(text)
	for end > 0 {
		r, w := utf8.DecodeLastRuneInString(text[:end])
		switch r {
		case '’', '\'', '‘', ')', ']', '"', '”':
			end -= w
			continue
		case '.', '!', '?', '…':
			return QuoteStatement
		}
		break
	}
	return QuoteTerm
}

// appendQuotes converts found quotes to Quotes with code-point spans.
func appendQuotes(out []Quote, s string, fs []rawQuote, inTitle bool) []Quote {
	cp, at := 0, 0
	for _, f := range fs {
		cp += utf8.RuneCountInString(s[at:f.start])
		start := cp
		cp += utf8.RuneCountInString(s[f.start:f.end])
		at = f.end
		out = append(out, Quote{
			Span:              Span{Start: start, End: cp},
			Text:              s[f.start:f.end],
			Speaker:           f.speaker,
			SpeakerConfidence: f.conf,
			Kind:              f.kind,
			InTitle:           inTitle,
			Utterance:         f.utter,
		})
	}
	return out
}
