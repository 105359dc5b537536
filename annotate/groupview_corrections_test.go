package annotate

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestApplyCorrections(t *testing.T) {
	const (
		reopen  = "The harbour will reopen on Friday after the repairs are finished."
		reopen2 = "The harbour will reopen on Friday after repairs are finished."
		fees    = "Fees will not rise this year for anyone who uses the port."
		fleet   = "The fishing fleet has never been in a worse state than it is now."
	)
	q := func(id, article int64, text, speaker string) Quote {
		return Quote{ID: id, ArticleID: article, Outlet: fmt.Sprintf("Outlet %d", article), Text: text,
			Speaker: speaker, SpeakerConfidence: 0.9, Kind: QuoteStatement}
	}
	quotes := []Quote{
		q(1, 1, reopen, "Ines Okafor"),
		q(2, 2, reopen, "Okafor"),
		q(3, 3, reopen2, "Ines Okafor"),
		q(4, 1, fees, "Per Lind"),
		q(5, 2, fees, "Per Lind"),
		q(6, 4, fleet, "Ana Ng"),
	}
	machine := []Group{
		{ID: 100, StoryID: 1, Speaker: "Ines Okafor", Canonical: reopen, QuoteIDs: []int64{1, 2, 3}},
		{ID: 200, StoryID: 1, Speaker: "Per Lind", Canonical: fees, QuoteIDs: []int64{4, 5}},
	}
	detach := func(id, quote int64) Correction {
		return Correction{ID: id, QuoteID: quote, Action: CorrectDetach}
	}
	join := func(id, quote, target int64) Correction {
		return Correction{ID: id, QuoteID: quote, Action: CorrectJoin, TargetQuoteID: target}
	}
	pin := func(id, quote int64) Correction {
		return Correction{ID: id, QuoteID: quote, Action: CorrectPin}
	}
	speaker := func(id, quote int64, name string) Correction {
		return Correction{ID: id, QuoteID: quote, Action: CorrectSpeaker, Speaker: name}
	}

	// want lists groups as "id:members:canonical-initial:speaker", where id is
	// the given ID (0 for rebuilt groups) and canonical-initial the first
	// word of the canonical text's quote: R (reopen), r (reopen2), F, L.
	initial := map[string]string{reopen: "R", reopen2: "r", fees: "F", fleet: "L"}
	show := func(gs []Group) string {
		var parts []string
		for _, g := range gs {
			ids := make([]string, len(g.QuoteIDs))
			for i, id := range g.QuoteIDs {
				ids[i] = fmt.Sprint(id)
			}
			parts = append(parts, fmt.Sprintf("%d:%s:%s:%s", g.ID, strings.Join(ids, ","), initial[g.Canonical], g.Speaker))
		}
		return strings.Join(parts, " ")
	}
	tests := []struct {
		name string
		cs   []Correction
		want string
	}{
		{"none", nil, "100:1,2,3:R:Ines Okafor 200:4,5:F:Per Lind"},
		{"detach", []Correction{detach(1, 3)}, "0:1,2:R:Ines Okafor 200:4,5:F:Per Lind"},
		{"a group left with one quote is dropped", []Correction{detach(1, 4)}, "100:1,2,3:R:Ines Okafor"},
		{"move into a group", []Correction{join(1, 6, 4)}, "100:1,2,3:R:Ines Okafor 0:4,5,6:L:Per Lind"},
		{"join to a quote in no group makes a group", []Correction{join(1, 3, 6)}, "0:1,2:R:Ines Okafor 200:4,5:F:Per Lind 0:3,6:L:"},
		{"split: detach one, join the others to it", []Correction{detach(1, 2), join(2, 3, 2)},
			"200:4,5:F:Per Lind 0:2,3:R:Ines Okafor"},
		{"merge", []Correction{join(1, 4, 1), join(2, 5, 1)}, "0:1,2,3,4,5:F:Ines Okafor"}, // the longest text
		{"joining a quote to its own group changes nothing", []Correction{join(1, 2, 1)}, "100:1,2,3:R:Ines Okafor 200:4,5:F:Per Lind"},
		{"join to itself is skipped", []Correction{join(1, 6, 6)}, "100:1,2,3:R:Ines Okafor 200:4,5:F:Per Lind"},
		{"replayed in ID order", []Correction{detach(2, 4), join(1, 1, 4)}, "0:2,3:R:Ines Okafor 0:1,5:F:"}, // speakers tie: none
		{"later detach wins over earlier join", []Correction{join(1, 6, 4), detach(2, 6)}, "100:1,2,3:R:Ines Okafor 0:4,5:F:Per Lind"},
		{"pin", []Correction{pin(1, 3)}, "100:1,2,3:r:Ines Okafor 200:4,5:F:Per Lind"},
		{"last pin wins", []Correction{pin(2, 1), pin(1, 3)}, "100:1,2,3:R:Ines Okafor 200:4,5:F:Per Lind"},
		{"pin survives a rebuild", []Correction{pin(1, 3), detach(2, 1)}, "0:2,3:r:Ines Okafor 200:4,5:F:Per Lind"},
		{"speaker", []Correction{speaker(1, 4, "Mayor Per Lindqvist")}, "100:1,2,3:R:Ines Okafor 200:4,5:F:Mayor Per Lindqvist"},
		{"last speaker wins", []Correction{speaker(3, 2, "B"), speaker(2, 1, "A")}, "100:1,2,3:R:B 200:4,5:F:Per Lind"},
		{"speaker cleared", []Correction{speaker(1, 1, "")}, "100:1,2,3:R: 200:4,5:F:Per Lind"},
		{"unknown quotes are skipped", []Correction{detach(1, 99), join(2, 1, 99), pin(3, 99)},
			"100:1,2,3:R:Ines Okafor 200:4,5:F:Per Lind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.cs)
			got := ApplyCorrections(machine, quotes, tt.cs)
			if s := show(got); s != tt.want {
				t.Errorf("got  %s\nwant %s", s, tt.want)
			}
			if !slices.EqualFunc(in, tt.cs, func(x, y Correction) bool { return x == y }) {
				t.Error("corrections reordered in place")
			}
			for _, g := range got {
				if !slices.IsSorted(g.QuoteIDs) {
					t.Errorf("members %v not sorted", g.QuoteIDs)
				}
				if g.ID == 0 && len(g.Diffs) == 0 {
					t.Errorf("rebuilt group %v has no diffs", g.QuoteIDs)
				}
			}
		})
	}
	if machine[0].ID != 100 || !slices.Equal(machine[0].QuoteIDs, []int64{1, 2, 3}) {
		t.Errorf("input groups changed: %+v", machine)
	}

	// A member gone from the story (its article changed) is dropped and its
	// group rebuilt.
	got := ApplyCorrections(machine, slices.DeleteFunc(slices.Clone(quotes), func(x Quote) bool { return x.ID == 2 }), nil)
	if s := show(got); s != "0:1,3:R:Ines Okafor 200:4,5:F:Per Lind" {
		t.Errorf("with quote 2 gone: %s", s)
	}
}
