package storage

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"factdesk/annotate"
)

// QuoteFilter selects quotes. Zero fields select everything.
type QuoteFilter struct {
	StoryID   int64
	ArticleID int64
}

// Quotes lists the quotes of the latest version of each selected article,
// with their outlets, by article, title quotes first, then offset.
func (s *Store) Quotes(ctx context.Context, f QuoteFilter) ([]annotate.Quote, error) {
	var where []string
	var args []any
	if f.StoryID != 0 {
		where, args = append(where, "a.story_id = ?"), append(args, f.StoryID)
	}
	if f.ArticleID != 0 {
		where, args = append(where, "a.id = ?"), append(args, f.ArticleID)
	}
	out, err := s.queryQuotes(ctx, where, args...)
	if err != nil {
		return nil, fmt.Errorf("quotes: %w", err)
	}
	return out, nil
}

func (s *Store) queryQuotes(ctx context.Context, where []string, args ...any) ([]annotate.Quote, error) {
	clause := ""
	if len(where) > 0 {
		clause = "AND " + strings.Join(where, " AND ")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT q.id, q.article_id, o.name, q.span_start, q.span_end, q.text,
		q.speaker, q.confidence, q.kind, q.in_title, q.utterance
		FROM quotes q
		JOIN articles a ON a.id = q.article_id AND q.last_version = a.latest_version
		JOIN outlets o ON o.id = a.outlet_id
		WHERE 1 `+clause+`
		ORDER BY q.article_id, q.in_title DESC, q.span_start, q.id`, args...)
	if err != nil {
		return nil, mapError(err)
	}
	return scanQuotes(rows)
}

// scanQuotes reads rows of the columns queryQuotes selects, and closes them.
func scanQuotes(rows *sql.Rows) ([]annotate.Quote, error) {
	defer rows.Close()
	var out []annotate.Quote
	for rows.Next() {
		var q annotate.Quote
		var kind string
		if err := rows.Scan(&q.ID, &q.ArticleID, &q.Outlet, &q.Start, &q.End, &q.Text,
			&q.Speaker, &q.SpeakerConfidence, &kind, &q.InTitle, &q.Utterance); err != nil {
			return nil, err
		}
		q.Kind = annotate.QuoteKind(kind)
		out = append(out, q)
	}
	return out, mapError(rows.Err())
}

// storyStatements returns the statements of the latest versions of a
// story's articles, for matching, in no particular order (the matcher
// orders them by ID): sorting them in SQL took half the time of reading a
// 2,000-article story's 11,000.
func (s *Store) storyStatements(ctx context.Context, storyID int64) ([]annotate.Quote, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT q.id, q.article_id, o.name, q.span_start, q.span_end, q.text,
		q.speaker, q.confidence, q.kind, q.in_title, q.utterance
		FROM articles a
		JOIN quotes q ON q.article_id = a.id AND q.last_version = a.latest_version
		JOIN outlets o ON o.id = a.outlet_id
		WHERE a.story_id = ? AND q.kind = 'statement'`, storyID)
	if err != nil {
		return nil, mapError(err)
	}
	return scanQuotes(rows)
}

// StaleStories lists the stories whose quote groups are out of date: an
// import changed their articles since RefreshQuotes last ran.
func (s *Store) StaleStories(ctx context.Context) ([]int64, error) {
	out, err := queryColumn[int64](ctx, s.db, `SELECT id FROM stories WHERE quotes_stale > 0 ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("stale stories: %w", mapError(err))
	}
	return out, nil
}

// RefreshQuotes matches the statement quotes of a story's articles (latest
// versions) across outlets with annotate.MatchQuotes, applies the editor's
// corrections (annotate.ApplyCorrections), and replaces the story's quote
// groups with the result, in one transaction. A group keeps its ID when it
// keeps most of its members; other IDs change. Matching runs outside the
// transaction; the story stays marked stale if an import changed it
// meanwhile.
//
// When the only change since the last match is new articles, and the story
// has no corrections, it matches incrementally instead
// (annotate.MatchIncremental): only the groups the new quotes reach are
// rebuilt and written, so adding an article to a large story costs
// milliseconds, not a full match.
func (s *Store) RefreshQuotes(ctx context.Context, storyID int64) error {
	if err := s.regroup(ctx, storyID, nil); err != nil {
		return fmt.Errorf("refresh quotes of story %d: %w", storyID, err)
	}
	return nil
}

// regroup matches a story's statements, then in one write transaction runs
// edit (when not nil; it records corrections), applies every correction of
// the story to the matcher's groups, and stores the result.
func (s *Store) regroup(ctx context.Context, storyID int64, edit func(tx *sql.Tx) error) error {
	// Like a transaction (see withTx), a refresh is not cut short once
	// begun: its reads would each cost the driver a goroutine otherwise.
	if err := ctx.Err(); err != nil {
		return err
	}
	ctx = context.WithoutCancel(ctx)
	m, err := s.matchStory(ctx, storyID, edit == nil)
	if err != nil {
		return err
	}
	err = s.withTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if edit != nil {
			if err := edit(tx); err != nil {
				return err
			}
		}
		return m.save(ctx, tx)
	})
	if errors.Is(err, errNotIncremental) {
		// The story changed since it was matched: match it in full.
		if m, err = s.matchStory(ctx, storyID, false); err != nil {
			return err
		}
		err = s.withTx(ctx, m.save)
	}
	if err == nil && m.saved != nil {
		m.saved()
	}
	return err
}

// storyMatch is a story's quote groups, matched outside any transaction,
// and how to store them.
type storyMatch struct {
	storyID int64
	// save stores the groups in tx. An incremental match whose premises
	// changed since it was made returns errNotIncremental, having written
	// nothing.
	save func(ctx context.Context, tx *sql.Tx) error
	// saved, when not nil, is called once save has committed.
	saved func()
}

// matchStory reads a story's statements and matches them: incrementally
// when incremental is true and that is possible, else in full. It writes
// nothing.
func (s *Store) matchStory(ctx context.Context, storyID int64, incremental bool) (storyMatch, error) {
	var stale int64
	var seen watermark
	err := s.db.QueryRowContext(ctx, `SELECT quotes_stale, matched_quote_id, matched_quotes FROM stories WHERE id = ?`,
		storyID).Scan(&stale, &seen.maxID, &seen.count)
	if errors.Is(err, sql.ErrNoRows) {
		return storyMatch{}, fmt.Errorf("story %d: %w", storyID, ErrNotFound)
	}
	if err != nil {
		return storyMatch{}, mapError(err)
	}
	qs, err := s.storyStatements(ctx, storyID)
	if err != nil {
		return storyMatch{}, err
	}
	if incremental {
		m, ok, err := s.matchIncremental(ctx, storyID, stale, seen, qs)
		if err != nil || ok {
			return m, err
		}
	}
	known := make(map[int64]bool, len(qs))
	for _, q := range qs {
		known[q.ID] = true
	}
	matched := s.match(qs)
	// The diffs are encoded here, in parallel with other stories, not under
	// the write lock; corrections, which change groups, are rare.
	encoded, err := encodeGroupDiffs(matched)
	if err != nil {
		return storyMatch{}, fmt.Errorf("encode diffs: %w", err)
	}
	save := func(ctx context.Context, tx *sql.Tx) error {
		cs, err := corrections(ctx, tx, storyID)
		if err != nil {
			return fmt.Errorf("read corrections: %w", err)
		}
		groups, diffs := matched, encoded // no correction: the groups as matched
		if len(cs) > 0 {
			groups, diffs = annotate.ApplyCorrections(matched, qs, cs), nil
		}
		for i, g := range groups {
			for _, qid := range g.QuoteIDs {
				if !known[qid] {
					return fmt.Errorf("group %d names quote %d, which is not a quote of the story", i, qid)
				}
			}
		}
		if err := writeGroups(ctx, tx, storyID, groups, diffs); err != nil {
			return err
		}
		return markMatched(ctx, tx, storyID, stale, watermarkOf(qs))
	}
	return storyMatch{storyID: storyID, save: save}, nil
}

// refreshBatch is how many stories' groups RefreshStories stores per
// transaction, at most.
const refreshBatch = 64

// RefreshStories refreshes the quote groups of many stories, as
// RefreshQuotes does each, faster: the stories are matched in parallel, by
// workers goroutines (one per core when workers < 1), and their groups
// stored several stories per transaction by the calling goroutine, which
// never holds up the matching. progress, when not nil, is called from the
// calling goroutine as stories are stored. A story that fails is reported
// in the joined error; the others are refreshed. A cancelled context stops
// before the next story.
func (s *Store) RefreshStories(ctx context.Context, ids []int64, workers int, progress func(done, total int)) error {
	if progress == nil {
		progress = func(int, int) {}
	}
	type result struct {
		m   storyMatch
		err error
	}
	next := make(chan int64)
	results := make(chan result, 4*refreshBatch)
	go func() {
		defer close(next)
		for _, id := range ids {
			if ctx.Err() != nil {
				return
			}
			next <- id
		}
	}()
	var wg sync.WaitGroup
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	for range min(workers, len(ids)) {
		wg.Go(func() {
			for id := range next {
				if err := ctx.Err(); err != nil {
					results <- result{storyMatch{storyID: id}, err}
					continue
				}
				m, err := s.matchStory(context.WithoutCancel(ctx), id, true)
				m.storyID = id
				results <- result{m, err}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var errs []error
	done := 0
	failed := func(id int64, err error) {
		errs = append(errs, fmt.Errorf("refresh quotes of story %d: %w", id, err))
	}
	var batch []storyMatch
	flush := func() {
		redo := s.saveMatches(ctx, batch, failed)
		for _, id := range redo {
			if err := s.RefreshQuotes(ctx, id); err != nil {
				errs = append(errs, err)
			}
		}
		done += len(batch)
		batch = batch[:0]
		progress(done, len(ids))
	}
	progress(0, len(ids))
	for r := range results {
		if r.err != nil {
			failed(r.m.storyID, r.err)
			done++
			continue
		}
		batch = append(batch, r.m)
		// Store what is ready: a full batch, or whatever arrived while
		// the last one was being stored.
		if len(batch) >= refreshBatch || len(results) == 0 {
			flush()
		}
	}
	if len(batch) > 0 {
		flush()
	}
	if err := ctx.Err(); err != nil && done < len(ids) {
		errs = append(errs, fmt.Errorf("refresh quotes: %w", err))
	}
	return errors.Join(errs...)
}

// saveMatches stores ms in one transaction. A match whose premises changed
// since it was made is left out and returned, to be refreshed again. When
// the transaction fails, each match is stored in one of its own, and those
// that fail are reported to failed.
func (s *Store) saveMatches(ctx context.Context, ms []storyMatch, failed func(id int64, err error)) (redo []int64) {
	err := s.withTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		redo = redo[:0]
		for _, m := range ms {
			err := m.save(ctx, tx)
			if errors.Is(err, errNotIncremental) {
				redo = append(redo, m.storyID) // nothing was written
				continue
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		for _, m := range ms {
			if m.saved != nil && !slices.Contains(redo, m.storyID) {
				m.saved()
			}
		}
		return redo
	}
	redo = redo[:0]
	for _, m := range ms {
		err := s.withTx(ctx, m.save)
		switch {
		case errors.Is(err, errNotIncremental):
			redo = append(redo, m.storyID)
		case err != nil:
			failed(m.storyID, err)
		case m.saved != nil:
			m.saved()
		}
	}
	return redo
}

// writeGroups replaces a story's groups with groups, in that order. Each new
// group reuses the ID of the old group it shares most members with (ties to
// the lower ID), each old ID at most once; the rest are deleted or created.
// diffs, when not nil, holds each group's diffs as encodeDiffs encodes them.
func writeGroups(ctx context.Context, tx *sql.Tx, storyID int64, groups []annotate.Group, diffs []string) error {
	if diffs == nil {
		var err error
		if diffs, err = encodeGroupDiffs(groups); err != nil {
			return err
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT m.group_id, m.quote_id FROM quote_group_members m
		JOIN quote_groups g ON g.id = m.group_id WHERE g.story_id = ?`, storyID)
	if err != nil {
		return err
	}
	oldOf := map[int64]int64{} // quote -> old group
	old := map[int64]bool{}
	for rows.Next() {
		var gid, qid int64
		if err := rows.Scan(&gid, &qid); err != nil {
			rows.Close()
			return err
		}
		oldOf[qid], old[gid] = gid, true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// Groups without members are old groups too.
	empty, err := tx.QueryContext(ctx, `SELECT id FROM quote_groups WHERE story_id = ?`, storyID)
	if err != nil {
		return err
	}
	for empty.Next() {
		var gid int64
		if err := empty.Scan(&gid); err != nil {
			empty.Close()
			return err
		}
		old[gid] = true
	}
	empty.Close()
	if err := empty.Err(); err != nil {
		return err
	}

	ids := claimIDs(groups, oldOf)
	used := make(map[int64]bool, len(ids))
	for _, id := range ids {
		used[id] = true
	}
	for gid := range old {
		if !used[gid] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM quote_groups WHERE id = ?`, gid); err != nil {
				return err
			}
		}
	}

	for i, g := range groups {
		if _, err := putGroup(ctx, tx, storyID, ids[i], i, g, diffs[i]); err != nil {
			return fmt.Errorf("group %d: %w", i, err)
		}
	}
	return nil
}

// claimIDs gives each of groups the id of the stored group it shares most
// members with (oldOf maps a quote to its stored group): most shared members
// first, ties to the lower stored id, then to the earlier group; each stored
// id goes to one group at most, and a group left without one gets 0.
func claimIDs(groups []annotate.Group, oldOf map[int64]int64) []int64 {
	type claim struct {
		overlap int
		group   int
		old     int64
	}
	var claims []claim
	for i, g := range groups {
		count := map[int64]int{}
		for _, qid := range g.QuoteIDs {
			if gid, ok := oldOf[qid]; ok {
				count[gid]++
			}
		}
		for gid, n := range count {
			claims = append(claims, claim{n, i, gid})
		}
	}
	slices.SortFunc(claims, func(x, y claim) int {
		if x.overlap != y.overlap {
			return y.overlap - x.overlap
		}
		if x.old != y.old {
			return cmp.Compare(x.old, y.old)
		}
		return x.group - y.group
	})
	ids := make([]int64, len(groups))
	used := map[int64]bool{}
	for _, c := range claims {
		if ids[c.group] == 0 && !used[c.old] {
			ids[c.group], used[c.old] = c.old, true
		}
	}
	return ids
}

// putGroup writes group g, whose diffs encodeDiffs encoded as diffs, at
// position in the story: over the stored group id, replacing its members,
// or as a new group when id is 0. It returns the group's id.
func putGroup(ctx context.Context, tx *sql.Tx, storyID, id int64, position int, g annotate.Group, diffs string) (int64, error) {
	if id != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE quote_groups SET position = ?, speaker = ?, canonical = ?,
			conflict = ?, diffs = ? WHERE id = ?`, position, g.Speaker, g.Canonical, g.Conflict, diffs, id); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM quote_group_members WHERE group_id = ?`, id); err != nil {
			return 0, err
		}
	} else if err := tx.QueryRowContext(ctx, `INSERT INTO quote_groups (story_id, position, speaker, canonical, conflict, diffs)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, storyID, position, g.Speaker, g.Canonical, g.Conflict, diffs).Scan(&id); err != nil {
		return 0, err
	}
	// One statement for all members: the position is the index in the
	// JSON array.
	members, err := json.Marshal(g.QuoteIDs)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO quote_group_members (group_id, quote_id, position)
		SELECT ?, value, key FROM json_each(?)`, id, string(members)); err != nil {
		return 0, fmt.Errorf("members: %w", err)
	}
	return id, nil
}

// Groups lists a story's quote groups, in the order matching gave them, with
// member quote ids and pair diffs.
func (s *Store) Groups(ctx context.Context, storyID int64) ([]annotate.Group, error) {
	return s.groups(ctx, storyID, true)
}

// GroupsWithoutDiffs is Groups without the pair diffs (Diffs is nil): what
// the main window needs to find a quote's other renderings when a story is
// selected. A big group stores a diff per member, and decoding them was
// most of the time of selecting a 2,000-article story.
func (s *Store) GroupsWithoutDiffs(ctx context.Context, storyID int64) ([]annotate.Group, error) {
	return s.groups(ctx, storyID, false)
}

func (s *Store) groups(ctx context.Context, storyID int64, withDiffs bool) ([]annotate.Group, error) {
	diffsCol := "'[]'"
	if withDiffs {
		diffsCol = "g.diffs"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT g.id, g.speaker, g.canonical, g.conflict, `+diffsCol+`,
		(SELECT json_group_array(quote_id) FROM
			(SELECT quote_id FROM quote_group_members m WHERE m.group_id = g.id ORDER BY m.position))
		FROM quote_groups g WHERE g.story_id = ? ORDER BY g.position`, storyID)
	if err != nil {
		return nil, fmt.Errorf("groups of story %d: %w", storyID, mapError(err))
	}
	defer rows.Close()
	var out []annotate.Group
	for rows.Next() {
		g := annotate.Group{StoryID: storyID}
		var diffs, members string
		if err := rows.Scan(&g.ID, &g.Speaker, &g.Canonical, &g.Conflict, &diffs, &members); err != nil {
			return nil, fmt.Errorf("groups of story %d: %w", storyID, err)
		}
		if err := json.Unmarshal([]byte(members), &g.QuoteIDs); err != nil {
			return nil, fmt.Errorf("group %d members: %w", g.ID, err)
		}
		if g.Diffs, err = decodeDiffs(diffs); err != nil {
			return nil, fmt.Errorf("group %d diffs: %w", g.ID, err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("groups of story %d: %w", storyID, mapError(err))
	}
	return out, nil
}

// GroupMembers returns the member quotes of a group, with their outlets and
// their articles' dates, ready for annotate.NewGroupView. Members whose
// article has changed since the last match (their quote is not in the
// latest version) are left out.
func (s *Store) GroupMembers(ctx context.Context, groupID int64) ([]annotate.GroupMember, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT q.id, q.article_id, o.name, q.span_start, q.span_end, q.text,
		q.speaker, q.confidence, q.kind, q.in_title, q.utterance, v.published
		FROM quote_group_members m
		JOIN quotes q ON q.id = m.quote_id
		JOIN articles a ON a.id = q.article_id AND q.last_version = a.latest_version
		JOIN article_versions v ON v.article_id = a.id AND v.version = a.latest_version
		JOIN outlets o ON o.id = a.outlet_id
		WHERE m.group_id = ?
		ORDER BY m.position`, groupID)
	if err != nil {
		return nil, fmt.Errorf("members of group %d: %w", groupID, mapError(err))
	}
	defer rows.Close()
	var out []annotate.GroupMember
	for rows.Next() {
		var m annotate.GroupMember
		var kind, published string
		if err := rows.Scan(&m.ID, &m.ArticleID, &m.Outlet, &m.Start, &m.End, &m.Text,
			&m.Speaker, &m.SpeakerConfidence, &kind, &m.InTitle, &m.Utterance, &published); err != nil {
			return nil, fmt.Errorf("members of group %d: %w", groupID, err)
		}
		m.Kind = annotate.QuoteKind(kind)
		if published != "" {
			m.Published, _ = time.Parse(annotate.DateLayout, published)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("members of group %d: %w", groupID, mapError(err))
	}
	return out, nil
}

// pairDiffJSON and diffOpJSON are the stored form of pair diffs, with field
// names fixed here rather than by the domain types.
type pairDiffJSON struct {
	A          int64        `json:"a"`
	B          int64        `json:"b"`
	Similarity float64      `json:"similarity"`
	Ops        []diffOpJSON `json:"ops"`
}

type diffOpJSON struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

func encodeDiffs(ds []annotate.PairDiff) (string, error) {
	out := make([]pairDiffJSON, len(ds))
	for i, d := range ds {
		out[i] = pairDiffJSON{A: d.A, B: d.B, Similarity: d.Similarity, Ops: make([]diffOpJSON, len(d.Ops))}
		for j, op := range d.Ops {
			out[i].Ops[j] = diffOpJSON{Op: string(op.Op), Text: op.Text}
		}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// encodeGroupDiffs encodes the diffs of each group.
func encodeGroupDiffs(groups []annotate.Group) ([]string, error) {
	out := make([]string, len(groups))
	for i, g := range groups {
		var err error
		if out[i], err = encodeDiffs(g.Diffs); err != nil {
			return nil, fmt.Errorf("group %d diffs: %w", i, err)
		}
	}
	return out, nil
}

func decodeDiffs(s string) ([]annotate.PairDiff, error) {
	var in []pairDiffJSON
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, err
	}
	if len(in) == 0 {
		return nil, nil
	}
	out := make([]annotate.PairDiff, len(in))
	for i, d := range in {
		out[i] = annotate.PairDiff{A: d.A, B: d.B, Similarity: d.Similarity, Ops: make([]annotate.DiffOp, len(d.Ops))}
		for j, op := range d.Ops {
			out[i].Ops[j] = annotate.DiffOp{Op: annotate.OpKind(op.Op), Text: op.Text}
		}
	}
	return out, nil
}
