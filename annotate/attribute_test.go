package annotate

import "testing"

func TestAttributeQuotes(t *testing.T) {
	cases := []struct {
		name        string
		title, body string
		want        []string // speaker of each quote, title quotes first
	}{
		{
			name: "said X",
			body: "“We will rebuild the bridge,” said Jane Doe.",
			want: []string{"Jane Doe"},
		},
		{
			name: "X said",
			body: "“We will rebuild the bridge,” Jane Doe said on Monday.",
			want: []string{"Jane Doe"},
		},
		{
			name: "X told reporters, colon introduction",
			body: "Jane Doe told reporters: “We will rebuild the bridge.”",
			want: []string{"Jane Doe"},
		},
		{
			name: "X said, colon introduction",
			body: "Jane Doe said: “We will rebuild the bridge.”",
			want: []string{"Jane Doe"},
		},
		{
			name: "added, continued, wrote, asked",
			body: "Jane Doe spoke first.\n\n“We will rebuild,” Doe added.\n\n“Every home,” Doe continued.\n\nDoe wrote: “And every school.”\n\n“Why not sooner?” asked Tom Roe.",
			want: []string{"Jane Doe", "Jane Doe", "Jane Doe", "Tom Roe"},
		},
		{
			name: "according to X, before and after",
			body: "According to Jane Doe, “the bridge will reopen in May.”\n\n“It will cost millions,” according to Tom Roe.",
			want: []string{"Jane Doe", "Tom Roe"},
		},
		{
			name: "apposition",
			body: "“We will rebuild,” Jane Doe, the city’s mayor, said.\n\nThe council’s treasurer, Tom Roe, said: “We cannot pay for it.”",
			want: []string{"Jane Doe", "Tom Roe"},
		},
		{
			name: "titles and roles before the name",
			body: "White House press secretary Jane Doe said: “The president is well.”\n\nTrade Minister Tom Roe said the talks were over. “We walked away,” Roe said.",
			want: []string{"Jane Doe", "Tom Roe"},
		},
		{
			name: "courtesy titles removed",
			body: "Mr. Tom Roe arrived late.\n\n“I apologise to everyone here,” Mr. Roe said.\n\n“It was my fault,” said Dr. Ann Lee.",
			want: []string{"Tom Roe", "Ann Lee"},
		},
		{
			name: "pronoun to the most recent person",
			body: "Jane Doe spoke after the vote. “We won it fairly,” she said.",
			want: []string{"Jane Doe"},
		},
		{
			name: "pronoun gender from courtesy titles",
			body: "Ms. Jane Doe thanked Mr. Tom Roe. “We could not have done it alone,” she said.",
			want: []string{"Jane Doe"},
		},
		{
			name: "pronoun gender from pronouns used of the name",
			body: "Tom Roe said his team had worked all night. Jane Doe said her staff agreed. “It was hard work for all of us,” he said.",
			want: []string{"Tom Roe"},
		},
		{
			name: "the most recent compatible person when nothing says otherwise",
			body: "Tom Roe said his team had worked all night. Sam Lee agreed with the plan. “It was hard work,” he said.",
			want: []string{"Sam Lee"},
		},
		{
			name: "ambiguous pronoun left empty",
			body: "Jane Doe and Ann Roe spoke on Monday. “We will not stop now,” she said.",
			want: []string{""},
		},
		{
			name: "surname alone expanded",
			body: "Ravi Penhallow leads the opposition.\n\n“This is a giveaway,” Penhallow said.",
			want: []string{"Ravi Penhallow"},
		},
		{
			name: "ambiguous surname left empty",
			body: "Jane Doe and her brother John Doe run the firm.\n\n“We will sell it,” Doe said.",
			want: []string{""},
		},
		{
			name: "interrupted quote shares its speaker",
			body: "“The first part,” said Jane Doe, “and the second part.”",
			want: []string{"Jane Doe", "Jane Doe"},
		},
		{
			name: "continuation paragraphs inherit",
			body: "Jane Doe said: “The first paragraph.\n\n“The second paragraph.\n\n“The third paragraph.”",
			want: []string{"Jane Doe", "Jane Doe", "Jane Doe"},
		},
		{
			name: "an unnamed speaker is nobody",
			body: "“We will not comment further,” a spokesperson said.\n\n“Never again,” said one man at the scene.",
			want: []string{"", ""},
		},
		{
			name: "a spokesperson for an organisation is not the organisation",
			body: "A spokesperson for the Ministry of Trade said: “The talks are over.”",
			want: []string{""},
		},
		{
			name: "organisation as speaker",
			body: "“The talks are over,” the Ministry of Trade said in a statement.",
			want: []string{"Ministry of Trade"},
		},
		{
			name: "possessive is not the speaker",
			body: "Jane Doe’s spokesman said: “She is resting.”",
			want: []string{""},
		},
		{
			name: "conflicting evidence left empty",
			body: "Jane Doe said: “We won,” Tom Roe said.",
			want: []string{""},
		},
		{
			name: "role resolved to the person introduced with it",
			body: "Mayor Jane Doe opened the meeting.\n\nLater, Tom Roe spoke too.\n\n“We are finished here,” the mayor said.",
			want: []string{"Jane Doe"},
		},
		{
			name:  "title quote named by the body",
			title: "Penhallow: ‘This is a giveaway’",
			body:  "Ravi Penhallow leads the opposition.",
			want:  []string{"Ravi Penhallow"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ExtractQuotes(tc.title, tc.body)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d quotes, want %d:\n%s", len(got), len(tc.want), describeQuotes(got))
			}
			for i, w := range tc.want {
				if got[i].Speaker != w {
					t.Errorf("quote %d %q: speaker %q (%.2f), want %q", i, got[i].Text, got[i].Speaker, got[i].SpeakerConfidence, w)
				}
				if w == "" && got[i].SpeakerConfidence > 0.5 {
					t.Errorf("quote %d %q: no speaker but confidence %.2f", i, got[i].Text, got[i].SpeakerConfidence)
				}
				if w != "" && got[i].SpeakerConfidence < 0.5 {
					t.Errorf("quote %d %q: speaker %q with confidence %.2f", i, got[i].Text, w, got[i].SpeakerConfidence)
				}
			}
		})
	}
}

// TestAttributeQuotesAlone runs the attribution on its own over quotes whose
// speakers were cleared, as a caller that edits spans does.
func TestAttributeQuotesAlone(t *testing.T) {
	title := "Penhallow: ‘This is a giveaway’"
	body := "Ravi Penhallow leads the opposition. “The council is handing a park to a club,” he said. “It is a giveaway.”\n\n“No,” said Mayor Odile Marchetti."
	want := ExtractQuotes(title, body)
	qs := make([]Quote, len(want))
	copy(qs, want)
	for i := range qs {
		qs[i].Speaker, qs[i].SpeakerConfidence = "", 0
		qs[i].Kind = QuoteKind(map[bool]string{true: "statement", false: "term"}[RuneLen(qs[i].Text) > 20])
	}
	AttributeQuotes(title, body, qs)
	for i := range qs {
		if qs[i].Speaker != want[i].Speaker || qs[i].SpeakerConfidence != want[i].SpeakerConfidence {
			t.Errorf("quote %d %q: speaker %q (%.2f), ExtractQuotes gave %q (%.2f)",
				i, qs[i].Text, qs[i].Speaker, qs[i].SpeakerConfidence, want[i].Speaker, want[i].SpeakerConfidence)
		}
	}
	if qs[3].Text != "No," || qs[3].Kind != QuoteStatement {
		t.Errorf("“No,” said X: got %q kind %s, want a statement", qs[3].Text, qs[3].Kind)
	}
	// Spans outside the text, reversed, unsorted or overlapping are
	// tolerated, not a panic.
	bad := []Quote{{Span: Span{Start: 5, End: 500}}, {Span: Span{Start: 3, End: 1}},
		{Span: Span{Start: 40, End: 60}}, {Span: Span{Start: 2, End: 50}}, {Span: Span{Start: 45, End: 55}, InTitle: true}}
	AttributeQuotes(title, body, bad)
}
