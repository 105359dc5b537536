package annotate_test

import (
	"io/fs"
	"strings"
	"testing"

	"factdesk/annotate"
	"factdesk/assets"
)

// spanOfNth returns the code-point span of the n-th (from 0) occurrence of
// needle in body, failing the test when there is none.
func spanOfNth(t *testing.T, body, needle string, n int) annotate.Span {
	t.Helper()
	from := 0
	for {
		i := strings.Index(body[from:], needle)
		if i < 0 {
			t.Fatalf("%q not found %d times in %q", needle, n+1, body)
		}
		if n == 0 {
			start := annotate.RuneLen(body[:from+i])
			return annotate.Span{Start: start, End: start + annotate.RuneLen(needle)}
		}
		n--
		from += i + len(needle)
	}
}

// mustAnnotateNth annotates the n-th occurrence of needle in body.
func mustAnnotateNth(t *testing.T, body, needle string, n int) annotate.Annotation {
	t.Helper()
	a, err := annotate.NewAnnotation(7, body, spanOfNth(t, body, needle, n), annotate.KindQuote)
	if err != nil {
		t.Fatal(err)
	}
	a.ID, a.Speaker, a.Note, a.Tags = 42, "Ruth Adeyemi", "check with the minutes", []string{"fleet"}
	return a
}

// reanchorCase is one table row: annotate the nth occurrence of mark in old,
// re-anchor to new, and expect the nth occurrence of want there (empty want:
// orphaned) in the given state.
type reanchorCase struct {
	name      string
	old, new  string
	mark      string
	markNth   int
	want      string
	wantNth   int
	wantState annotate.Anchor
}

func runReanchorCases(t *testing.T, cases []reanchorCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := mustAnnotateNth(t, tc.old, tc.mark, tc.markNth)
			got := annotate.Reanchor(tc.old, tc.new, a)
			checkReanchorInvariants(t, tc.new, a, got)
			if got.Anchor != tc.wantState {
				t.Errorf("anchor = %s, want %s (span %v %q)", got.Anchor, tc.wantState, got.Span, got.Exact)
			}
			if tc.wantState == annotate.AnchorOrphaned {
				return
			}
			if want := spanOfNth(t, tc.new, tc.want, tc.wantNth); got.Span != want {
				t.Errorf("span = %v %q, want %v %q", got.Span, got.Exact, want, tc.want)
			}
		})
	}
}

// checkReanchorInvariants holds for every re-anchoring: identity and metadata kept,
// span inside the new body, text and context consistent with the state.
func checkReanchorInvariants(t *testing.T, newBody string, a, got annotate.Annotation) {
	t.Helper()
	nt := annotate.NewText(newBody)
	if err := got.Span.Check(nt.Len()); err != nil {
		t.Fatalf("span outside the new body: %v", err)
	}
	if got.ID != a.ID || got.ArticleID != a.ArticleID || got.Kind != a.Kind || got.Speaker != a.Speaker ||
		got.Note != a.Note || strings.Join(got.Tags, ",") != strings.Join(a.Tags, ",") || got.Status != a.Status {
		t.Errorf("annotation fields changed: %+v", got)
	}
	switch got.Anchor {
	case annotate.AnchorOrphaned:
		if got.Exact != a.Exact || got.OldExact != a.Exact || got.Prefix != a.Prefix || got.Suffix != a.Suffix {
			t.Errorf("orphan lost its text: exact %q old %q", got.Exact, got.OldExact)
		}
	case annotate.AnchorAnchored, annotate.AnchorMoved, annotate.AnchorFuzzy:
		if got.Exact != nt.Slice(got.Span) {
			t.Errorf("exact %q, but the span holds %q", got.Exact, nt.Slice(got.Span))
		}
		wantPrefix := nt.Slice(annotate.Span{Start: max(0, got.Start-annotate.ContextRunes), End: got.Start})
		wantSuffix := nt.Slice(annotate.Span{Start: got.End, End: min(nt.Len(), got.End+annotate.ContextRunes)})
		if got.Prefix != wantPrefix || got.Suffix != wantSuffix {
			t.Errorf("context not updated: prefix %q suffix %q", got.Prefix, got.Suffix)
		}
		fuzzy := got.Anchor == annotate.AnchorFuzzy
		if fuzzy != (got.Exact != a.Exact) {
			t.Errorf("anchor %s with exact %q (was %q)", got.Anchor, got.Exact, a.Exact)
		}
		if fuzzy && got.OldExact != a.Exact || !fuzzy && got.OldExact != "" {
			t.Errorf("anchor %s with old exact %q", got.Anchor, got.OldExact)
		}
		if got.Anchor == annotate.AnchorAnchored && got.Span != a.Span {
			t.Errorf("anchored but moved from %v to %v", a.Span, got.Span)
		}
	default:
		t.Errorf("unknown anchor state %q", got.Anchor)
	}
}

const (
	harbourBody = "The council voted 7–4 on Tuesday night. “The fleet stays,” the mayor said. “That is written into the agreement.”\n\n" +
		"Around 40 boats still land their catch at the quay. Hale said the fleet was central to the desgin.\n\n" +
		"“We will break ground in the autumn, subject to the final drawings,” he said."
	// twiceBody holds the same words in two places with different context.
	twiceBody = "At the east wall the fleet stays, officials said. Far away, by the old fish market, the fleet stays too, the mayor said."
)

func TestReanchorSameOffsets(t *testing.T) {
	runReanchorCases(t, []reanchorCase{
		{name: "unchanged body", old: harbourBody, new: harbourBody,
			mark: "The fleet stays", want: "The fleet stays", wantState: annotate.AnchorAnchored},
		{name: "qualityEdit after the span", old: harbourBody,
			new:  strings.Replace(harbourBody, "Around 40 boats", "Around 45 boats", 1),
			mark: "The fleet stays", want: "The fleet stays", wantState: annotate.AnchorAnchored},
		{name: "qualityEdit just after the span", old: harbourBody,
			new:  strings.Replace(harbourBody, "stays,” the mayor", "stays,” Mayor Adeyemi", 1),
			mark: "The fleet stays", want: "The fleet stays", wantState: annotate.AnchorAnchored},
		{name: "same letters at the old offsets but inside a word", old: "A bad night. A good day.",
			new:  "As bad night. A good day.",
			mark: "A", want: "A", wantState: annotate.AnchorOrphaned},
	})
}

func TestReanchorExact(t *testing.T) {
	runReanchorCases(t, []reanchorCase{
		{name: "text inserted before", old: harbourBody, new: "Updated 9.40am.\n\n" + harbourBody,
			mark: "The fleet stays", want: "The fleet stays", wantState: annotate.AnchorMoved},
		{name: "paragraph moved", old: harbourBody,
			new:  strings.Join([]string{strings.Split(harbourBody, "\n\n")[2], strings.Split(harbourBody, "\n\n")[0], strings.Split(harbourBody, "\n\n")[1]}, "\n\n"),
			mark: "Around 40 boats", want: "Around 40 boats", wantState: annotate.AnchorMoved},
		{name: "second of two occurrences, chosen by its context", old: twiceBody, new: "Update: " + twiceBody,
			mark: "the fleet stays", markNth: 1, want: "the fleet stays", wantNth: 1, wantState: annotate.AnchorMoved},
		{name: "first of two occurrences, chosen by its context", old: twiceBody,
			new:  strings.Replace(twiceBody, "Far away", "Much further along the harbourBody,", 1),
			mark: "the fleet stays", want: "the fleet stays", wantState: annotate.AnchorAnchored},
		{name: "the nearer of two identical passages", old: "Intro. " + twiceBody + " " + twiceBody,
			new:  "Intro, longer now. " + twiceBody + " " + twiceBody,
			mark: "east wall the fleet stays", markNth: 1, want: "east wall the fleet stays", wantNth: 1,
			wantState: annotate.AnchorMoved},
		{name: "quote marks straightened around the span", old: harbourBody,
			new:  strings.NewReplacer("“", `"`, "”", `"`).Replace(harbourBody),
			mark: "The fleet stays", want: "The fleet stays", wantState: annotate.AnchorAnchored},
		{name: "whole sentence moved within its paragraph", old: harbourBody,
			new:  strings.Replace(harbourBody, "Around 40 boats still land their catch at the quay. Hale said the fleet was central to the desgin.", "Hale said the fleet was central to the desgin. Around 40 boats still land their catch at the quay.", 1),
			mark: "Around 40 boats still land their catch", want: "Around 40 boats still land their catch", wantState: annotate.AnchorMoved},
	})
}

func TestReanchorFuzzy(t *testing.T) {
	runReanchorCases(t, []reanchorCase{
		{name: "typo fixed inside", old: harbourBody, new: strings.Replace(harbourBody, "desgin", "design", 1),
			mark: "the fleet was central to the desgin", want: "the fleet was central to the design", wantState: annotate.AnchorFuzzy},
		{name: "runeWord dropped inside", old: harbourBody,
			new:  strings.Replace(harbourBody, "subject to the final drawings", "subject to final drawings", 1),
			mark: "We will break ground in the autumn, subject to the final drawings",
			want: "We will break ground in the autumn, subject to final drawings", wantState: annotate.AnchorFuzzy},
		{name: "words inserted inside and text before", old: harbourBody,
			new:  "Updated.\n\n" + strings.Replace(harbourBody, "still land", "still regularly land", 1),
			mark: "Around 40 boats still land their catch", want: "Around 40 boats still regularly land their catch",
			wantState: annotate.AnchorFuzzy},
		{name: "number corrected", old: harbourBody, new: strings.Replace(harbourBody, "Around 40", "Around 45", 1),
			mark: "Around 40 boats still land their catch at the quay.", want: "Around 45 boats still land their catch at the quay.",
			wantState: annotate.AnchorFuzzy},
		{name: "quote marks straightened inside the span", old: harbourBody,
			new:  strings.NewReplacer("“", `"`, "”", `"`).Replace(harbourBody),
			mark: "“That is written into the agreement.”", want: `"That is written into the agreement."`,
			wantState: annotate.AnchorFuzzy},
		{name: "first runeWord replaced", old: harbourBody, new: strings.Replace(harbourBody, "Around 40 boats", "About 40 boats", 1),
			mark: "Around 40 boats still land", want: "About 40 boats still land", wantState: annotate.AnchorFuzzy},
		{name: "line break inside", old: harbourBody, new: strings.Replace(harbourBody, "break ground", "break\nground", 1),
			mark: "We will break ground", want: "We will break\nground", wantState: annotate.AnchorFuzzy},
	})
}

func TestReanchorOrphaned(t *testing.T) {
	runReanchorCases(t, []reanchorCase{
		{name: "paragraph deleted", old: harbourBody, new: strings.Split(harbourBody, "\n\n“We will")[0],
			mark: "We will break ground in the autumn", wantState: annotate.AnchorOrphaned},
		{name: "sentence rewritten", old: harbourBody,
			new:  strings.Replace(harbourBody, "Hale said the fleet was central to the desgin.", "Tidewater declined to comment.", 1),
			mark: "the fleet was central to the desgin", wantState: annotate.AnchorOrphaned},
		{name: "short words survive only elsewhere", old: twiceBody,
			new:  "Far away, by the old fish market, the fleet stays too, the mayor said.",
			mark: "the fleet stays", wantState: annotate.AnchorOrphaned},
		{name: "body emptied", old: harbourBody, new: "",
			mark: "Around 40 boats", wantState: annotate.AnchorOrphaned},
	})

	t.Run("span clamped into a shorter body", func(t *testing.T) {
		a := mustAnnotateNth(t, harbourBody, "subject to the final drawings", 0)
		got := annotate.Reanchor(harbourBody, "Nothing left.", a)
		if got.Anchor != annotate.AnchorOrphaned || got.Span != (annotate.Span{Start: 13, End: 13}) {
			t.Errorf("got %s %v, want orphaned {13 13}", got.Anchor, got.Span)
		}
	})
}

func TestReanchorKeepsEveryAnnotation(t *testing.T) {
	newBody := "Updated.\n\n" + strings.Replace(harbourBody, "Around 40 boats still land their catch at the quay. ", "", 1)
	marks := []string{"The fleet stays", "Around 40 boats", "the desgin", "We will break ground"}
	var as []annotate.Annotation
	for i, m := range marks {
		a := mustAnnotateNth(t, harbourBody, m, 0)
		a.ID = int64(i + 1)
		as = append(as, a)
	}
	got := annotate.ReanchorAll(harbourBody, newBody, as)
	if len(got) != len(as) {
		t.Fatalf("got %d annotations, want %d", len(got), len(as))
	}
	want := []annotate.Anchor{annotate.AnchorMoved, annotate.AnchorOrphaned, annotate.AnchorMoved, annotate.AnchorMoved}
	for i := range got {
		if got[i].ID != as[i].ID {
			t.Errorf("position %d holds annotation %d, want %d", i, got[i].ID, as[i].ID)
		}
		if got[i].Anchor != want[i] {
			t.Errorf("%q: %s, want %s", marks[i], got[i].Anchor, want[i])
		}
		checkReanchorInvariants(t, newBody, as[i], got[i])
		if single := annotate.Reanchor(harbourBody, newBody, as[i]); single.Span != got[i].Span || single.Anchor != got[i].Anchor {
			t.Errorf("%q: ReanchorAll gives %v %s, Reanchor %v %s", marks[i], got[i].Span, got[i].Anchor, single.Span, single.Anchor)
		}
	}
	if out := annotate.ReanchorAll(harbourBody, newBody, nil); len(out) != 0 {
		t.Errorf("ReanchorAll(nil) = %v", out)
	}
}

// TestReanchorAcrossVersions follows annotations through three versions: an
// orphan re-attaches when its text comes back, and a fuzzy annotation
// settles to anchored when the next version leaves it alone.
func TestReanchorAcrossVersions(t *testing.T) {
	v1 := harbourBody
	v2 := strings.NewReplacer("desgin", "design", "“We will break ground in the autumn, subject to the final drawings,” he said.", "He gave no date.").Replace(v1)
	v3 := v2 + "\n\nLater he added: “We will break ground in the autumn, subject to the final drawings.”"

	typo := mustAnnotateNth(t, v1, "central to the desgin", 0)
	gone := mustAnnotateNth(t, v1, "We will break ground in the autumn, subject to the final drawings", 0)

	typo2, gone2 := annotate.Reanchor(v1, v2, typo), annotate.Reanchor(v1, v2, gone)
	if typo2.Anchor != annotate.AnchorFuzzy || typo2.OldExact != "central to the desgin" || typo2.Exact != "central to the design" {
		t.Errorf("v2 typo: %s %q (old %q)", typo2.Anchor, typo2.Exact, typo2.OldExact)
	}
	if gone2.Anchor != annotate.AnchorOrphaned {
		t.Errorf("v2 deleted quote: %s, want orphaned", gone2.Anchor)
	}
	typo3, gone3 := annotate.Reanchor(v2, v3, typo2), annotate.Reanchor(v2, v3, gone2)
	if typo3.Anchor != annotate.AnchorAnchored || typo3.OldExact != "" {
		t.Errorf("v3 typo: %s (old %q), want anchored", typo3.Anchor, typo3.OldExact)
	}
	if want := spanOfNth(t, v3, gone.Exact, 0); gone3.Span != want || gone3.Anchor != annotate.AnchorMoved {
		t.Errorf("v3 returned quote: %s %v, want moved %v", gone3.Anchor, gone3.Span, want)
	}
}

func TestReanchorLegacyAnnotationWithoutText(t *testing.T) {
	a := mustAnnotateNth(t, harbourBody, "Around 40 boats", 0)
	a.Exact, a.Prefix, a.Suffix = "", "", ""
	got := annotate.Reanchor(harbourBody, "Updated.\n\n"+harbourBody, a)
	if want := spanOfNth(t, "Updated.\n\n"+harbourBody, "Around 40 boats", 0); got.Span != want || got.Anchor != annotate.AnchorMoved {
		t.Errorf("got %s %v %q, want moved %v", got.Anchor, got.Span, got.Exact, want)
	}
}

func TestReanchorCodePointOffsets(t *testing.T) {
	old := "Zoë said: “Proud of this lot 🚣 — the kettle is on.” Then she left."
	newBody := "Ça change 👍🏽: " + strings.Replace(old, "the kettle", "the big kettle", 1)
	runReanchorCases(t, []reanchorCase{
		{name: "after emoji and accents", old: old, new: newBody,
			mark: "Then she left", want: "Then she left", wantState: annotate.AnchorMoved},
		{name: "span holding an emoji", old: old, new: newBody,
			mark: "Proud of this lot 🚣 — the kettle is on.", want: "Proud of this lot 🚣 — the big kettle is on.",
			wantState: annotate.AnchorFuzzy},
	})
}

// TestReanchorSampleUpdate checks what assets/README.md promises for the
// Northgate Gazette update in the sample corpus.
func TestReanchorSampleUpdate(t *testing.T) {
	read := func(p string) string {
		t.Helper()
		b, err := fs.ReadFile(assets.Sample, p)
		if err != nil {
			t.Fatal(err)
		}
		_, body, _ := strings.Cut(string(b), "\n\n")
		return body
	}
	v1 := read(assets.SampleDir + "/harbour-vote/northgate-gazette.txt")
	v2 := read(assets.UpdatesDir + "/harbour-vote/northgate-gazette.txt")
	for _, tc := range []struct {
		mark string
		want annotate.Anchor
	}{
		{"“The fleet stays. That is written into the agreement, and I will personally stand on the quay if anyone tries to move it,”", annotate.AnchorMoved},
		{"People know this quay from ‘Harbour Lights’ on a Sunday night.", annotate.AnchorMoved},
		{"Nobody in this chamber can tell me where the fishing fleet goes on the first day the diggers arrive", annotate.AnchorFuzzy},
		{"Around 40 boats, most of them small crabbers and trawlers", annotate.AnchorFuzzy},
		{"the fleet was central to the desgin", annotate.AnchorFuzzy},
		{"“We will break ground in the autumn, subject to the final drawings,”", annotate.AnchorOrphaned},
		{"Sandra Lowe, one of the group’s founders,", annotate.AnchorFuzzy},
	} {
		a := mustAnnotateNth(t, v1, tc.mark, 0)
		got := annotate.Reanchor(v1, v2, a)
		checkReanchorInvariants(t, v2, a, got)
		if got.Anchor != tc.want {
			t.Errorf("%q: %s %q, want %s", tc.mark, got.Anchor, got.Exact, tc.want)
		}
	}
}
