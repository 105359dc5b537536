package annotate

import (
	"cmp"
	"slices"
	"time"
)

// CorrectionAction is what an editor's correction of quote matching does.
type CorrectionAction string

// Correction actions. Their values are the ones stored.
const (
	// CorrectPin makes the quote's text the canonical text of the group it
	// is in.
	CorrectPin CorrectionAction = "pin_canonical"
	// CorrectSpeaker attributes the group holding the quote to Speaker.
	CorrectSpeaker CorrectionAction = "set_speaker"
	// CorrectJoin moves the quote into the group holding TargetQuoteID.
	CorrectJoin CorrectionAction = "join"
	// CorrectDetach keeps the quote out of every group.
	CorrectDetach CorrectionAction = "detach"
)

// Correction is an editor's override of the automatic matching. It names
// quotes, whose IDs are stable while their text is unchanged, never groups,
// whose IDs change when the matcher runs again.
type Correction struct {
	ID            int64 // corrections apply in increasing ID order
	StoryID       int64
	QuoteID       int64
	Action        CorrectionAction
	TargetQuoteID int64  // CorrectJoin only
	Speaker       string // CorrectSpeaker only; empty says nobody is known
	CreatedAt     time.Time
}

// ApplyCorrections applies an editor's corrections to the groups matching
// found among quotes (a story's current statements), and returns the
// corrected groups in the order given, groups the corrections create
// last.
//
//   - Membership: join and detach corrections are replayed in ID order. A
//     detach takes the quote out of its group. A join moves the quote into
//     the group holding the target, or, when the target is in none, into a
//     new group of the two.
//   - A group whose members changed is rebuilt by MatchQuotes's rules
//     (canonical text, speaker vote, conflict flag, pair diffs) and gets ID
//     0; groups left with fewer than two quotes are dropped. Unchanged
//     groups are returned as given.
//   - A group holding pinned quotes takes the text of the last pinned (the
//     highest correction ID) as its canonical text; one holding quotes with
//     a speaker correction takes the last one's speaker.
//
// Corrections that name a quote not in quotes (its article changed and the
// quote is gone) are skipped, and so are joins of a quote to itself.
func ApplyCorrections(groups []Group, quotes []Quote, cs []Correction) []Group {
	byID := make(map[int64]Quote, len(quotes))
	for _, q := range quotes {
		byID[q.ID] = q
	}
	cs = slices.Clone(cs)
	slices.SortStableFunc(cs, func(x, y Correction) int { return cmp.Compare(x.ID, y.ID) })

	// Membership as sets: groupOf maps a quote to its slot in sets.
	sets := make([][]int64, len(groups))
	changed := make([]bool, len(groups))
	groupOf := make(map[int64]int)
	for k, g := range groups {
		for _, id := range g.QuoteIDs {
			if _, known := byID[id]; !known {
				changed[k] = true // a member gone from the story
				continue
			}
			sets[k] = append(sets[k], id)
			groupOf[id] = k
		}
	}
	remove := func(id int64) {
		k, in := groupOf[id]
		if !in {
			return
		}
		sets[k] = slices.DeleteFunc(sets[k], func(x int64) bool { return x == id })
		changed[k] = true
		delete(groupOf, id)
	}
	for _, c := range cs {
		if _, known := byID[c.QuoteID]; !known {
			continue
		}
		switch c.Action {
		case CorrectDetach:
			remove(c.QuoteID)
		case CorrectJoin:
			if _, known := byID[c.TargetQuoteID]; !known || c.TargetQuoteID == c.QuoteID {
				continue
			}
			to, in := groupOf[c.TargetQuoteID]
			if cur, ok := groupOf[c.QuoteID]; in && ok && cur == to {
				continue
			}
			remove(c.QuoteID)
			if !in {
				to = len(sets)
				sets = append(sets, []int64{c.TargetQuoteID})
				changed = append(changed, true)
				groupOf[c.TargetQuoteID] = to
			}
			sets[to] = append(sets[to], c.QuoteID)
			changed[to] = true
			groupOf[c.QuoteID] = to
		}
	}

	// The last pin and speaker correction of each quote.
	pin := make(map[int64]int64)     // quote -> correction ID
	speaker := make(map[int64]int64) // quote -> correction ID
	speakerOf := make(map[int64]string)
	for _, c := range cs {
		switch c.Action {
		case CorrectPin:
			pin[c.QuoteID] = c.ID
		case CorrectSpeaker:
			speaker[c.QuoteID] = c.ID
			speakerOf[c.QuoteID] = c.Speaker
		}
	}

	var out []Group
	for k, ids := range sets {
		if len(ids) < 2 {
			continue
		}
		var g Group
		if changed[k] {
			members := make([]Quote, len(ids))
			for i, id := range ids {
				members[i] = byID[id]
			}
			g = gvBuildGroup(members)
		} else {
			g = groups[k]
		}
		var pinID, speakerID int64
		for _, id := range g.QuoteIDs {
			if p, ok := pin[id]; ok && p > pinID {
				pinID, g.Canonical = p, byID[id].Text
			}
			if s, ok := speaker[id]; ok && s > speakerID {
				speakerID, g.Speaker = s, speakerOf[id]
			}
		}
		out = append(out, g)
	}
	return out
}

// gvBuildGroup makes one group of quotes by MatchQuotes's rules, whatever
// their texts: canonical text, speaker vote, conflict flag and pair diffs.
func gvBuildGroup(members []Quote) Group {
	qs := make([]Quote, len(members))
	for i, q := range members {
		q.Kind = QuoteStatement
		qs[i] = q
	}
	m := newMatcher(qs, 1)
	units := make([]int32, len(m.units))
	for u := range units {
		units[u] = int32(u)
	}
	return m.group(units)
}
