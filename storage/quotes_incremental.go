package storage

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"factdesk/annotate"
)

// watermark is what a story's last quote match read: the highest quote id,
// and how many statements of latest versions there were.
type watermark struct {
	maxID int64
	count int64
}

// watermarkOf returns the watermark of a match over qs.
func watermarkOf(qs []annotate.Quote) watermark {
	var w watermark
	for _, q := range qs {
		w.maxID = max(w.maxID, q.ID)
		w.count++
	}
	return w
}

// markMatched records that the story's groups now reflect a match over the
// statements summed up by w, and clears the stale mark unless an import
// came after stale was read.
func markMatched(ctx context.Context, tx *sql.Tx, storyID, stale int64, w watermark) error {
	if _, err := tx.ExecContext(ctx, `UPDATE stories SET matched_quote_id = ?, matched_quotes = ? WHERE id = ?`,
		w.maxID, w.count, storyID); err != nil {
		return fmt.Errorf("record match: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE stories SET quotes_stale = 0 WHERE id = ? AND quotes_stale = ?`,
		storyID, stale); err != nil {
		return fmt.Errorf("clear stale mark: %w", err)
	}
	return nil
}

// errNotIncremental aborts an incremental refresh whose premises changed
// under it; the caller matches in full instead.
var errNotIncremental = errors.New("incremental match not possible")

// storedGroup is a stored group's id and members, in stored order.
type storedGroup struct {
	id       int64
	position int
	quoteIDs []int64
}

// matchIncremental matches a story's groups with annotate.MatchIncremental
// when that is safe: the story was matched before, every statement added
// since belongs to an article that had none then, none of the statements
// matched then has gone, and the story has no editor corrections. qs are
// the story's statements; seen is the watermark of the last match. It
// reports false when the story needs a full match. The match it returns
// stores nothing and returns errNotIncremental when those premises changed
// before it is saved.
func (s *Store) matchIncremental(ctx context.Context, storyID, stale int64, seen watermark, qs []annotate.Quote) (storyMatch, bool, error) {
	none := storyMatch{}
	if !s.matchesIncrementally() || seen.maxID == 0 {
		return none, false, nil
	}
	var kept int64
	var added []int64
	oldArticle := map[int64]bool{}
	for _, q := range qs {
		if q.ID <= seen.maxID {
			kept++
			oldArticle[q.ArticleID] = true
		}
	}
	for _, q := range qs {
		if q.ID > seen.maxID {
			if oldArticle[q.ArticleID] {
				return none, false, nil // a new version of an article: match in full
			}
			added = append(added, q.ID)
		}
	}
	if kept != seen.count {
		return none, false, nil // statements matched last time are gone
	}
	corrected, err := hasCorrections(ctx, s.db, storyID)
	if err != nil || corrected {
		return none, false, err
	}
	stored, err := storedGroups(ctx, s.db, storyID)
	if err != nil {
		return none, false, fmt.Errorf("read groups: %w", err)
	}
	known := make(map[int64]bool, len(qs))
	for _, q := range qs {
		known[q.ID] = true
	}
	previous := make([]annotate.Group, len(stored))
	for i, g := range stored {
		for _, id := range g.quoteIDs {
			if !known[id] {
				return none, false, nil // a member left the latest versions
			}
		}
		previous[i] = annotate.Group{QuoteIDs: g.quoteIDs}
	}
	var inc annotate.IncrementalMatch
	var storedDiffs map[int][]annotate.PairDiff // stored diffs the matcher read, by index in stored
	if len(added) > 0 {
		// The matcher asks for the stored diffs of the big groups it
		// rebuilds, to keep those of the members they had.
		var loadErr error
		storedDiffs = map[int][]annotate.PairDiff{}
		diffs := func(i int) []annotate.PairDiff {
			var raw string
			err := s.db.QueryRowContext(ctx, `SELECT diffs FROM quote_groups WHERE id = ?`, stored[i].id).Scan(&raw)
			var ds []annotate.PairDiff
			if err == nil {
				ds, err = decodeDiffs(raw)
			}
			if err != nil {
				loadErr = cmp.Or(loadErr, fmt.Errorf("diffs of group %d: %w", stored[i].id, mapError(err)))
			}
			storedDiffs[i] = ds
			return ds
		}
		inc = annotate.MatchIncremental(qs, previous, added, diffs)
		if loadErr != nil {
			return none, false, loadErr
		}
	}

	save := func(ctx context.Context, tx *sql.Tx) error {
		var now watermark
		if err := tx.QueryRowContext(ctx, `SELECT matched_quote_id, matched_quotes FROM stories WHERE id = ?`,
			storyID).Scan(&now.maxID, &now.count); err != nil {
			return err
		}
		if now != seen {
			return errNotIncremental // another refresh wrote meanwhile
		}
		if corrected, err := hasCorrections(ctx, tx, storyID); err != nil || corrected {
			return cmp.Or(err, errNotIncremental)
		}
		if err := spliceGroups(ctx, tx, storyID, stored, inc, storedDiffs); err != nil {
			return err
		}
		return markMatched(ctx, tx, storyID, stale, watermarkOf(qs))
	}
	saved := func() {
		if tr, ok := ctx.Value(refreshTraceKey{}).(*refreshTrace); ok {
			tr.incremental++
			tr.rematched += inc.Quotes
			tr.replaced += len(inc.Replaced)
		}
	}
	return storyMatch{storyID: storyID, save: save, saved: saved}, true, nil
}

// refreshTrace counts, for tests and benchmarks that refresh one story at
// a time (its counters are not synchronised), the refreshes that
// matched incrementally and what they matched again; a refresh it does not
// count matched in full. It rides on the context passed to RefreshQuotes
// under refreshTraceKey.
type refreshTrace struct {
	incremental int // refreshes that matched incrementally
	rematched   int // quotes they matched again, in all
	replaced    int // stored groups they rebuilt, in all
	extended    int // of those, the ones extended in place (extendGroup)
	unchanged   int // of those, the ones rebuilt as stored, not written (sameAsStored)
}

// refreshTraceKey is the context key of a *refreshTrace.
type refreshTraceKey struct{}

// matchesIncrementally reports whether the store matches with
// annotate.MatchQuotes, whose incremental form annotate.MatchIncremental
// is; a store whose tests put another matcher in always matches in full.
func (s *Store) matchesIncrementally() bool {
	return reflect.ValueOf(s.match).Pointer() == reflect.ValueOf(annotate.MatchQuotes).Pointer()
}

// hasCorrections reports whether an editor corrected the story's groups.
func hasCorrections(ctx context.Context, q querier, storyID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM quote_corrections WHERE story_id = ?)`, storyID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read corrections: %w", mapError(err))
	}
	return n != 0, nil
}

// rowsQuerier is a *sql.DB or *sql.Tx.
type rowsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// storedGroups reads a story's groups' ids and members, in display order,
// without their diffs.
func storedGroups(ctx context.Context, q rowsQuerier, storyID int64) ([]storedGroup, error) {
	rows, err := q.QueryContext(ctx, `SELECT g.id, g.position, m.quote_id FROM quote_groups g
		LEFT JOIN quote_group_members m ON m.group_id = g.id
		WHERE g.story_id = ? ORDER BY g.position, g.id, m.position`, storyID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []storedGroup
	for rows.Next() {
		var id int64
		var position int
		var qid sql.NullInt64
		if err := rows.Scan(&id, &position, &qid); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].id != id {
			out = append(out, storedGroup{id: id, position: position})
		}
		if qid.Valid {
			last := &out[len(out)-1]
			last.quoteIDs = append(last.quoteIDs, qid.Int64)
		}
	}
	return out, mapError(rows.Err())
}

// spliceGroups puts inc's groups in place of the stored groups it
// replaces, writing only what changed: the rebuilt groups (each reusing the
// id of the replaced group it shares most members with, as writeGroups
// does), the deletion of the rest, and the positions that moved. A rebuilt
// group that only gained members after the ones it had, and whose diffs
// start with the stored diffs kept (the stored diffs of group i, when the
// matcher read them), is extended in place (see extendGroup).
func spliceGroups(ctx context.Context, tx *sql.Tx, storyID int64, stored []storedGroup, inc annotate.IncrementalMatch,
	kept map[int][]annotate.PairDiff) error {
	type slot struct {
		first int64 // first quote id: the order MatchQuotes gives
		old   int   // index in stored, or -1
		group int   // index in inc.Groups, or -1
	}
	replaced := make(map[int]bool, len(inc.Replaced))
	oldOf := map[int64]int{} // quote -> replaced stored group
	for _, i := range inc.Replaced {
		replaced[i] = true
		for _, qid := range stored[i].quoteIDs {
			oldOf[qid] = i
		}
	}
	var slots []slot
	for i, g := range stored {
		if !replaced[i] && len(g.quoteIDs) > 0 {
			slots = append(slots, slot{g.quoteIDs[0], i, -1})
		} else if !replaced[i] {
			replaced[i] = true // an empty group: drop it
		}
	}
	for k, g := range inc.Groups {
		slots = append(slots, slot{g.QuoteIDs[0], -1, k})
	}
	slices.SortFunc(slots, func(x, y slot) int { return cmp.Compare(x.first, y.first) })

	// Reuse ids as writeGroups does.
	oldID := make(map[int64]int64, len(oldOf))
	for qid, i := range oldOf {
		oldID[qid] = stored[i].id
	}
	indexOf := make(map[int64]int, len(stored))
	for i, g := range stored {
		indexOf[g.id] = i
	}
	ids := claimIDs(inc.Groups, oldID)
	from := make([]int, len(inc.Groups)) // the stored group whose id it takes, -1
	used := map[int]bool{}
	for k, id := range ids {
		from[k] = -1
		if id != 0 {
			from[k] = indexOf[id]
			used[from[k]] = true
		}
	}
	for i := range stored {
		if replaced[i] && !used[i] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM quote_groups WHERE id = ?`, stored[i].id); err != nil {
				return fmt.Errorf("delete group %d: %w", stored[i].id, err)
			}
		}
	}
	move, err := tx.PrepareContext(ctx, `UPDATE quote_groups SET position = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer move.Close()
	for pos, sl := range slots {
		if sl.group >= 0 {
			g := inc.Groups[sl.group]
			if i := from[sl.group]; i >= 0 {
				if ds, ok := kept[i]; ok && extends(g, stored[i].quoteIDs, ds) {
					if err := extendGroup(ctx, tx, stored[i], pos, g, len(ds)); err != nil {
						return fmt.Errorf("extend group %d: %w", stored[i].id, err)
					}
					if tr, ok := ctx.Value(refreshTraceKey{}).(*refreshTrace); ok {
						tr.extended++
					}
					continue
				}
			}
			diffs, err := encodeDiffs(g.Diffs)
			if err != nil {
				return fmt.Errorf("group %d diffs: %w", pos, err)
			}
			if i := from[sl.group]; i >= 0 && slices.Equal(g.QuoteIDs, stored[i].quoteIDs) {
				// The reach is wider than what changes: a group rebuilt
				// as it was stored is left as it is.
				same, err := sameAsStored(ctx, tx, stored[i].id, g, diffs)
				if err != nil {
					return fmt.Errorf("group %d: %w", stored[i].id, err)
				}
				if same {
					if tr, ok := ctx.Value(refreshTraceKey{}).(*refreshTrace); ok {
						tr.unchanged++
					}
					if stored[i].position != pos {
						if _, err := move.ExecContext(ctx, pos, stored[i].id); err != nil {
							return fmt.Errorf("move group %d: %w", stored[i].id, err)
						}
					}
					continue
				}
			}
			if _, err := putGroup(ctx, tx, storyID, ids[sl.group], pos, g, diffs); err != nil {
				return fmt.Errorf("group %d: %w", pos, err)
			}
			continue
		}
		if g := stored[sl.old]; g.position != pos {
			if _, err := move.ExecContext(ctx, pos, g.id); err != nil {
				return fmt.Errorf("move group %d: %w", g.id, err)
			}
		}
	}
	return nil
}

// sameAsStored reports whether stored group id holds g's speaker, canonical
// text, conflict flag and diffs (as encodeDiffs encodes them), so that
// writing g over it would change nothing but, perhaps, its position. With
// the same members a rebuilt group is the same unless the stored one was
// written otherwise (by an editor's correction since undone, or an older
// version of the matcher), and then it is written again.
func sameAsStored(ctx context.Context, tx *sql.Tx, id int64, g annotate.Group, diffs string) (bool, error) {
	var speaker, canonical, stored string
	var conflict bool
	err := tx.QueryRowContext(ctx, `SELECT speaker, canonical, conflict, diffs FROM quote_groups WHERE id = ?`,
		id).Scan(&speaker, &canonical, &conflict, &stored)
	if err != nil {
		return false, err
	}
	return speaker == g.Speaker && canonical == g.Canonical && conflict == g.Conflict && stored == diffs, nil
}

// extends reports whether g is a stored group with members old and diffs
// oldDiffs plus members and diffs after them: the same members first, in
// the same order, and the same pairs diffed first (a big group whose
// canonical member stayed, as annotate.MatchIncremental builds it from the
// diffs it kept).
func extends(g annotate.Group, old []int64, oldDiffs []annotate.PairDiff) bool {
	if len(old) == 0 || len(g.QuoteIDs) <= len(old) || !slices.Equal(g.QuoteIDs[:len(old)], old) ||
		len(g.Diffs) < len(oldDiffs) {
		return false
	}
	for k, d := range oldDiffs {
		if g.Diffs[k].A != d.A || g.Diffs[k].B != d.B {
			return false
		}
	}
	return true
}

// extendGroup writes group g over stored group old, which it extends (see
// extends) and whose first keptDiffs diffs it keeps: the group's fields, its
// diffs after those appended to the stored JSON array, and its members after
// the stored ones. A group of a thousand members that gains one writes one
// member row and one diff instead of rewriting them all.
func extendGroup(ctx context.Context, tx *sql.Tx, old storedGroup, position int, g annotate.Group, keptDiffs int) error {
	more, err := encodeDiffs(g.Diffs[keptDiffs:])
	if err != nil {
		return err
	}
	// Both arrays come from encodeDiffs (json.Marshal: no white space
	// around the brackets), so joining them is cutting the "]" of the
	// first and the "[" of the second.
	if _, err := tx.ExecContext(ctx, `UPDATE quote_groups SET position = ?, speaker = ?, canonical = ?, conflict = ?,
		diffs = CASE WHEN ? = '[]' THEN diffs WHEN diffs = '[]' OR diffs = 'null' THEN ?
			ELSE substr(diffs, 1, length(diffs) - 1) || ',' || substr(?, 2) END
		WHERE id = ?`, position, g.Speaker, g.Canonical, g.Conflict, more, more, more, old.id); err != nil {
		return err
	}
	for k, qid := range g.QuoteIDs[len(old.quoteIDs):] {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO quote_group_members (group_id, quote_id, position)
			VALUES (?, ?, ?)`, old.id, qid, len(old.quoteIDs)+k); err != nil {
			return fmt.Errorf("quote %d: %w", qid, err)
		}
	}
	return nil
}
