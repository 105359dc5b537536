package annotate

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// isSpeakerTitle reports whether w (normalised) is a title or honorific
// dropped when comparing speaker names, so that "Mayor Doe", "Ms Doe" and
// "Jane Doe" can be recognised as one person.
func isSpeakerTitle(w string) bool {
	switch w {
	case "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rev",
		"mayor", "gov", "governor", "sen", "senator", "rep", "president", "minister", "chief", "officer",
		"sheriff", "judge", "justice", "councillor", "councilor", "councilman", "councilwoman",
		"commissioner", "capt", "captain", "lt", "sgt", "sergeant", "inspector", "detective",
		"spokesperson", "spokesman", "spokeswoman", "secretary", "director", "general", "gen", "col",
		"colonel", "jr", "sr":
		return true
	}
	return false
}

// speakerName is a speaker as compared: the name's words without titles,
// sorted, and the name as printed.
type speakerName struct {
	key     string   // words joined by spaces
	words   []string // sorted, distinct
	display string
}

// parseSpeaker normalises a speaker name; ok is false when nothing of a name
// is left.
func parseSpeaker(s string) (speakerName, bool) {
	var ws []string
	for _, w := range NormalizeWords(s) {
		if !isSpeakerTitle(w) {
			ws = append(ws, w)
		}
	}
	if len(ws) == 0 {
		return speakerName{}, false
	}
	slices.Sort(ws)
	ws = slices.Compact(ws)
	return speakerName{key: strings.Join(ws, " "), words: ws, display: strings.TrimSpace(s)}, true
}

// covers reports whether every word of o is in n: "Jane Doe" covers "Doe".
func (n speakerName) covers(o speakerName) bool {
	for _, w := range o.words {
		if _, found := slices.BinarySearch(n.words, w); !found {
			return false
		}
	}
	return true
}

// compatible reports whether two names can be the same person: one holds
// every word of the other.
func (n speakerName) compatible(o speakerName) bool { return n.covers(o) || o.covers(n) }

// speakerVote tallies the speakers the members of a group name.
type speakerVote struct {
	names   []speakerName
	weights []float64
	sources [][]int64 // distinct articles naming each name, sorted
}

// add counts a speaker named by an article, with its confidence as the
// weight. Empty names and zero weights are not votes.
func (v *speakerVote) add(name string, weight float64, article int64) {
	if weight <= 0 {
		return
	}
	n, ok := parseSpeaker(name)
	v.addParsed(n, ok, weight, article)
}

// addParsed is add for a name already parsed (ok as parseSpeaker gave it).
func (v *speakerVote) addParsed(n speakerName, ok bool, weight float64, article int64) {
	if ok && weight > 0 {
		v.addName(n, weight, []int64{article})
	}
}

// merge adds every vote of o.
func (v *speakerVote) merge(o *speakerVote) {
	for i, n := range o.names {
		v.addName(n, o.weights[i], o.sources[i])
	}
}

// addName counts a parsed name, keeping the fuller printed form of it.
func (v *speakerVote) addName(n speakerName, weight float64, sources []int64) {
	for i, have := range v.names {
		if have.key == n.key {
			v.weights[i] += weight
			if len(n.display) > len(have.display) || len(n.display) == len(have.display) && n.display < have.display {
				v.names[i].display = n.display
			}
			v.sources[i] = mergeSorted(v.sources[i], sources)
			return
		}
	}
	v.names = append(v.names, n)
	v.weights = append(v.weights, weight)
	v.sources = append(v.sources, slices.Clone(sources))
}

// mergeSorted returns the sorted union of two sorted sets.
func mergeSorted[T cmp.Ordered](a, b []T) []T {
	out := make([]T, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		case b[0] < a[0]:
			out, b = append(out, b[0]), b[1:]
		default:
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// winner returns the name with the most weight, after crediting each
// partial name ("Doe") to the one full name it is part of ("Jane Doe"); a
// partial name that fits two full names is credited to neither. support is
// the number of distinct articles behind the winner, 0 when nobody voted or
// two names tie.
func (v *speakerVote) winner() (name speakerName, support int) {
	if len(v.names) == 0 {
		return speakerName{}, 0
	}
	order := make([]int, len(v.names))
	for i := range order {
		order[i] = i
	}
	// Fullest names first, so each partial name meets its full names
	// before it is placed.
	slices.SortFunc(order, func(x, y int) int {
		if c := cmp.Compare(len(v.names[y].words), len(v.names[x].words)); c != 0 {
			return c
		}
		return cmp.Compare(v.names[x].key, v.names[y].key)
	})
	var heads []int
	var totals []float64
	var backers [][]int64
	for _, i := range order {
		home := -1
		for h, head := range heads {
			if v.names[head].covers(v.names[i]) {
				if home >= 0 {
					home = -2 // ambiguous
					break
				}
				home = h
			}
		}
		switch {
		case home >= 0:
			totals[home] += v.weights[i]
			backers[home] = mergeSorted(backers[home], v.sources[i])
		case home == -1:
			heads = append(heads, i)
			totals = append(totals, v.weights[i])
			backers = append(backers, v.sources[i])
		}
	}
	best := -1
	tie := false
	for h := range heads {
		switch {
		case best < 0 || totals[h] > totals[best]+1e-9:
			best, tie = h, false
		case totals[h] >= totals[best]-1e-9:
			tie = true
		}
	}
	if tie {
		return speakerName{}, 0
	}
	return v.names[heads[best]], len(backers[best])
}

// dissent counts the articles naming a speaker who cannot be w.
func (v *speakerVote) dissent(w speakerName) int {
	var against []int64
	for i, n := range v.names {
		if !n.compatible(w) {
			against = mergeSorted(against, v.sources[i])
		}
	}
	return len(against)
}

// speakerConflict reports whether members printed by different outlets name
// speakers who cannot be the same person.
func speakerConflict(members []Quote) bool {
	type named struct {
		outlet string
		name   speakerName
	}
	var ns []named
	for _, q := range members {
		if n, ok := parseSpeaker(q.Speaker); ok {
			ns = append(ns, named{outletKey(q), n})
		}
	}
	for i := range ns {
		for j := i + 1; j < len(ns); j++ {
			if ns[i].outlet != ns[j].outlet && !ns[i].name.compatible(ns[j].name) {
				return true
			}
		}
	}
	return false
}

// outletKey names the outlet of a quote, falling back to its article when
// the outlet is unknown.
func outletKey(q Quote) string {
	if q.Outlet != "" {
		return q.Outlet
	}
	return "article:" + strconv.FormatInt(q.ArticleID, 10)
}
