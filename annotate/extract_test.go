package annotate

import (
	"fmt"
	"strings"
	"testing"
)

// wantQuote is what a test expects of one extracted quote.
type wantQuote struct {
	text    string
	utter   int
	kind    QuoteKind
	inTitle bool
}

func TestExtractQuotes(t *testing.T) {
	S, T := QuoteStatement, QuoteTerm
	cases := []struct {
		name        string
		title, body string
		want        []wantQuote
	}{
		{
			name: "curly marks",
			body: "The mayor said “We will rebuild the bridge.” Then she left.",
			want: []wantQuote{{"We will rebuild the bridge.", 1, S, false}},
		},
		{
			name: "curly and straight mixed in one article",
			body: "“Curly quotes are used here,” he said.\n\nLater, \"straight ones are used here,\" she said.",
			want: []wantQuote{{"Curly quotes are used here,", 1, S, false}, {"straight ones are used here,", 2, S, false}},
		},
		{
			name: "single marks nested in double",
			body: "“He called it ‘a farce’ and walked out,” she said.",
			want: []wantQuote{{"He called it ‘a farce’ and walked out,", 1, S, false}},
		},
		{
			name: "apostrophes are not marks",
			body: "“We don’t know yet,” the outlets’ reporters heard. It was the ’90s, rock ’n’ roll.",
			want: []wantQuote{{"We don’t know yet,", 1, S, false}},
		},
		{
			name: "British single marks with apostrophes",
			body: "‘We don’t accept the outlets’ figures,’ she said. ‘It’s the ’90s all over again.’",
			want: []wantQuote{{"We don’t accept the outlets’ figures,", 1, S, false}, {"It’s the ’90s all over again.", 1, S, false}},
		},
		{
			name: "British rock ’n’ roll",
			body: "‘Rock ’n’ roll,’ shrugged one teenager.",
			want: []wantQuote{{"Rock ’n’ roll,", 1, S, false}},
		},
		{
			name: "British with nested double marks",
			body: "‘He called it “a farce”, and left,’ she said. ‘Then he came back.’",
			want: []wantQuote{{"He called it “a farce”, and left,", 1, S, false}, {"Then he came back.", 1, S, false}},
		},
		{
			name: "quotation over paragraphs",
			body: "“The first paragraph has no closing mark.\n\n“The second one closes it.”\n\nNarrative follows.",
			want: []wantQuote{{"The first paragraph has no closing mark.", 1, S, false}, {"The second one closes it.", 1, S, false}},
		},
		{
			name: "quotation over paragraphs separated by single line breaks",
			body: "“The first paragraph has no closing mark.\n“The second one closes it.”\nNarrative follows.",
			want: []wantQuote{{"The first paragraph has no closing mark.", 1, S, false}, {"The second one closes it.", 1, S, false}},
		},
		{
			name: "missing closing mark bounded at the paragraph end",
			body: "“We will win the vote on Tuesday.\n\nThe council met the next morning and nobody spoke.",
			want: []wantQuote{{"We will win the vote on Tuesday.", 1, S, false}},
		},
		{
			name: "missing closing mark before the attribution",
			body: "“We will win the vote on Tuesday, she said.\n\nThe council met.",
			want: []wantQuote{{"We will win the vote on Tuesday,", 1, S, false}},
		},
		{
			name: "missing closing mark before a new opening mark",
			body: "\"First part of it, she said, \"second part of it.\"",
			want: []wantQuote{{"First part of it,", 1, S, false}, {"second part of it.", 1, S, false}},
		},
		{
			name: "continuation paragraph that lost its opening mark",
			body: "She said:\n\n“The first paragraph is open.\n\nThe second paragraph closes it.”\n\nMore narrative.",
			want: []wantQuote{{"The first paragraph is open.", 1, S, false}, {"The second paragraph closes it.", 1, S, false}},
		},
		{
			name: "sentence per line, the quotation goes on over a line break",
			body: "She put it simply:\n\"Line one of the quote.\nLine two of the quote.\"\nThe next line is narrative.",
			want: []wantQuote{{"Line one of the quote.\nLine two of the quote.", 1, S, false}},
		},
		{
			name: "sentence per line, missing closing mark bounded at the first line break",
			body: "\"Line one of the quote.\nA narrative line.\nAnother narrative line.\n\nNew paragraph.",
			want: []wantQuote{{"Line one of the quote.", 1, S, false}},
		},
		{
			name: "interrupted quote",
			body: "“The first part,” she said, “and the second part.”",
			want: []wantQuote{{"The first part,", 1, S, false}, {"and the second part.", 1, S, false}},
		},
		{
			name: "interrupted by a sentence of attribution",
			body: "“This is the first sentence,” Jane Doe said in a statement. “This is the second.”",
			want: []wantQuote{{"This is the first sentence,", 1, S, false}, {"This is the second.", 1, S, false}},
		},
		{
			name: "two quotes joined by narrative are two utterances",
			body: "He called it “madness” and said “we will fight on.”",
			want: []wantQuote{{"madness", 1, T, false}, {"we will fight on.", 2, S, false}},
		},
		{
			name: "terms and statements",
			body: "The so-called “war room” aired on “Night Desk” before she said “No.” and “not now”.",
			want: []wantQuote{{"war room", 1, T, false}, {"Night Desk", 2, T, false}, {"No.", 3, S, false}, {"not now", 4, T, false}},
		},
		{
			name: "a one-word reply with a verb of saying is a statement",
			body: "Jane Doe was asked if she would resign. “No,” she said.",
			want: []wantQuote{{"No,", 1, S, false}},
		},
		{
			name:  "quotes in the title come first",
			title: "Mayor: ‘We will rebuild’",
			body:  "“We will rebuild every home,” the mayor said.",
			want:  []wantQuote{{"We will rebuild", 1, S, true}, {"We will rebuild every home,", 2, S, false}},
		},
		{
			name: "inch marks are not quotation marks",
			body: "A 12\" pipe burst, and \"nobody could stop the water,\" he said.",
			want: []wantQuote{{"nobody could stop the water,", 1, S, false}},
		},
		{
			name: "German low marks",
			body: "Er sagte „Wir schaffen das“ und ging.",
			want: []wantQuote{{"Wir schaffen das", 1, T, false}},
		},
		{
			name: "guillemets",
			body: "Elle a dit «Nous reviendrons demain matin» avant de partir.",
			want: []wantQuote{{"Nous reviendrons demain matin", 1, S, false}},
		},
		{
			name: "empty quotes are dropped",
			body: "An empty “” pair and a blank “ ” pair.",
			want: nil,
		},
		{
			name: "no quotes",
			body: "Plain narrative with don’t and the outlets’ apostrophes only.",
			want: nil,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ExtractQuotes(tc.title, tc.body)
			checkQuoteInvariants(t, tc.title, tc.body, got)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d quotes, want %d:\n%s", len(got), len(tc.want), describeQuotes(got))
			}
			for i, w := range tc.want {
				g := got[i]
				if g.Text != w.text || g.Utterance != w.utter || g.Kind != w.kind || g.InTitle != w.inTitle {
					t.Errorf("quote %d = %q utterance %d %s title=%v; want %q utterance %d %s title=%v",
						i, g.Text, g.Utterance, g.Kind, g.InTitle, w.text, w.utter, w.kind, w.inTitle)
				}
			}
		})
	}
}

func TestExtractQuotesCodePointSpans(t *testing.T) {
	body := "Café owner Zoë 🙂 said: “Ça va très bien,” and “naïve ideas” won."
	got := ExtractQuotes("", body)
	checkQuoteInvariants(t, "", body, got)
	if len(got) != 2 {
		t.Fatalf("got %d quotes:\n%s", len(got), describeQuotes(got))
	}
	r := []rune(body)
	for _, q := range got {
		if s := string(r[q.Start:q.End]); s != q.Text {
			t.Errorf("span %d-%d holds %q, Text is %q", q.Start, q.End, s, q.Text)
		}
	}
}

func TestExtractQuotesLineLimit(t *testing.T) {
	// An unclosed quotation in text with no blank lines is bounded at its
	// first line break however many lines follow.
	body := "\"An unclosed quotation starts here.\n" + strings.Repeat("A narrative line follows.\n", 50)
	got := ExtractQuotes("", body)
	if len(got) != 1 || got[0].Text != "An unclosed quotation starts here." {
		t.Fatalf("got:\n%s", describeQuotes(got))
	}
}

// checkQuoteInvariants checks what must hold for any input: spans inside
// their text, Text equal to the span's slice, no double mark at either end,
// document order, utterances counted from 1, confidence in [0,1].
func checkQuoteInvariants(t testing.TB, title, body string, qs []Quote) {
	t.Helper()
	tt, bt := NewText(title), NewText(body)
	lastEnd, lastTitle, lastUtter := 0, true, 0
	for i, q := range qs {
		text := bt
		if q.InTitle {
			text = tt
		}
		if err := q.Span.Check(text.Len()); err != nil {
			t.Fatalf("quote %d: %v", i, err)
		}
		if q.Empty() {
			t.Fatalf("quote %d is empty", i)
		}
		if s := text.Slice(q.Span); s != q.Text {
			t.Fatalf("quote %d: span holds %q, Text is %q", i, s, q.Text)
		}
		for _, end := range []rune{[]rune(q.Text)[0], []rune(q.Text)[RuneLen(q.Text)-1]} {
			if isDoubleMark(end) {
				t.Fatalf("quote %d %q has a quotation mark at an end", i, q.Text)
			}
		}
		if q.InTitle && !lastTitle {
			t.Fatalf("quote %d: title quote after body quotes", i)
		}
		if q.InTitle != lastTitle {
			lastEnd = 0
		}
		if q.Start < lastEnd {
			t.Fatalf("quote %d starts at %d, before the previous one ends at %d", i, q.Start, lastEnd)
		}
		if q.Utterance < lastUtter || q.Utterance < 1 {
			t.Fatalf("quote %d: utterance %d after %d", i, q.Utterance, lastUtter)
		}
		if q.SpeakerConfidence < 0 || q.SpeakerConfidence > 1 {
			t.Fatalf("quote %d: confidence %v", i, q.SpeakerConfidence)
		}
		if q.Kind != QuoteStatement && q.Kind != QuoteTerm {
			t.Fatalf("quote %d: kind %q", i, q.Kind)
		}
		lastEnd, lastTitle, lastUtter = q.End, q.InTitle, q.Utterance
	}
}

func describeQuotes(qs []Quote) string {
	var b strings.Builder
	for _, q := range qs {
		fmt.Fprintf(&b, "  %q utterance %d %s title=%v speaker %q (%.2f)\n", q.Text, q.Utterance, q.Kind, q.InTitle, q.Speaker, q.SpeakerConfidence)
	}
	return b.String()
}
