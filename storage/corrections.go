package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"factdesk/annotate"
)

// Editor corrections of quote matching.
//
// Each method records corrections in quote_corrections, keyed by stable
// quote ids, then rematches the story and applies every correction to the
// result (annotate.ApplyCorrections), all in one write transaction, so the
// stored groups always show the corrections and RefreshQuotes, which runs
// the same path after every import, keeps them. A group keeps its id while
// it keeps most of its members (see RefreshQuotes); GroupOfQuote finds the
// group a quote ended up in.
//
// A quote the editor moves (split, merge, move, detach) loses its own pin
// and speaker corrections: they were about the group it left.

// ErrInvalidCorrection means a correction does not fit the groups as
// stored: a quote that is not a member, two groups of different stories, a
// split that would move every quote.
var ErrInvalidCorrection = errors.New("invalid correction")

// SplitGroup moves quoteIDs, members of group groupID, into a new group of
// their own. Splitting off a single quote takes it out of every group, as
// DetachQuote does: a group needs two quotes.
func (s *Store) SplitGroup(ctx context.Context, groupID int64, quoteIDs []int64) error {
	ids := slices.Clone(quoteIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	err := s.correct(ctx, groupStory(groupID), func(tx *sql.Tx, storyID int64, now string) error {
		_, members, err := groupMembers(ctx, tx, groupID)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return fmt.Errorf("%w: no quote to split off", ErrInvalidCorrection)
		}
		for _, id := range ids {
			if !slices.Contains(members, id) {
				return fmt.Errorf("%w: quote %d is not in group %d", ErrInvalidCorrection, id, groupID)
			}
		}
		if len(ids) == len(members) {
			return fmt.Errorf("%w: the split would move every quote of group %d", ErrInvalidCorrection, groupID)
		}
		if err := setMembership(ctx, tx, storyID, ids[0], annotate.CorrectDetach, 0, now); err != nil {
			return err
		}
		for _, id := range ids[1:] {
			if err := setMembership(ctx, tx, storyID, id, annotate.CorrectJoin, ids[0], now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("split group %d: %w", groupID, err)
	}
	return nil
}

// MergeGroups moves every quote of group b into group a.
func (s *Store) MergeGroups(ctx context.Context, a, b int64) error {
	err := s.correct(ctx, groupStory(a), func(tx *sql.Tx, storyID int64, now string) error {
		if a == b {
			return fmt.Errorf("%w: a group cannot be merged with itself", ErrInvalidCorrection)
		}
		_, into, err := groupMembers(ctx, tx, a)
		if err != nil {
			return err
		}
		storyB, from, err := groupMembers(ctx, tx, b)
		if err != nil {
			return err
		}
		if storyB != storyID {
			return fmt.Errorf("%w: groups %d and %d belong to different stories", ErrInvalidCorrection, a, b)
		}
		for _, id := range from {
			if err := setMembership(ctx, tx, storyID, id, annotate.CorrectJoin, into[0], now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("merge group %d into group %d: %w", b, a, err)
	}
	return nil
}

// MoveQuote moves a quote into group toGroupID, out of the group it is in,
// if any. Moving a quote into its own group changes nothing.
func (s *Store) MoveQuote(ctx context.Context, quoteID, toGroupID int64) error {
	err := s.correct(ctx, quoteStory(quoteID), func(tx *sql.Tx, storyID int64, now string) error {
		if err := checkStatement(ctx, tx, quoteID); err != nil {
			return err
		}
		groupStoryID, members, err := groupMembers(ctx, tx, toGroupID)
		if err != nil {
			return err
		}
		if groupStoryID != storyID {
			return fmt.Errorf("%w: quote %d and group %d belong to different stories", ErrInvalidCorrection, quoteID, toGroupID)
		}
		if slices.Contains(members, quoteID) {
			return errNoChange
		}
		return setMembership(ctx, tx, storyID, quoteID, annotate.CorrectJoin, members[0], now)
	})
	if err != nil {
		return fmt.Errorf("move quote %d to group %d: %w", quoteID, toGroupID, err)
	}
	return nil
}

// DetachQuote takes a quote out of its group and keeps it out of every
// group when the story is matched again.
func (s *Store) DetachQuote(ctx context.Context, quoteID int64) error {
	err := s.correct(ctx, quoteStory(quoteID), func(tx *sql.Tx, storyID int64, now string) error {
		if err := checkStatement(ctx, tx, quoteID); err != nil {
			return err
		}
		return setMembership(ctx, tx, storyID, quoteID, annotate.CorrectDetach, 0, now)
	})
	if err != nil {
		return fmt.Errorf("detach quote %d: %w", quoteID, err)
	}
	return nil
}

// PinCanonical makes the text of quoteID, a member of group groupID, the
// group's canonical text.
func (s *Store) PinCanonical(ctx context.Context, groupID, quoteID int64) error {
	err := s.correct(ctx, groupStory(groupID), func(tx *sql.Tx, storyID int64, now string) error {
		_, members, err := groupMembers(ctx, tx, groupID)
		if err != nil {
			return err
		}
		if !slices.Contains(members, quoteID) {
			return fmt.Errorf("%w: quote %d is not in group %d", ErrInvalidCorrection, quoteID, groupID)
		}
		if err := deleteCorrections(ctx, tx, members, annotate.CorrectPin); err != nil {
			return err
		}
		return insertCorrection(ctx, tx, storyID, quoteID, annotate.CorrectPin, 0, "", now)
	})
	if err != nil {
		return fmt.Errorf("pin quote %d as canonical of group %d: %w", quoteID, groupID, err)
	}
	return nil
}

// SetGroupSpeaker confirms or changes the speaker of a group. An empty
// speaker says the editor does not know who spoke.
func (s *Store) SetGroupSpeaker(ctx context.Context, groupID int64, speaker string) error {
	speaker = strings.TrimSpace(speaker)
	err := s.correct(ctx, groupStory(groupID), func(tx *sql.Tx, storyID int64, now string) error {
		_, members, err := groupMembers(ctx, tx, groupID)
		if err != nil {
			return err
		}
		if err := deleteCorrections(ctx, tx, members, annotate.CorrectSpeaker); err != nil {
			return err
		}
		for _, id := range members {
			if err := insertCorrection(ctx, tx, storyID, id, annotate.CorrectSpeaker, 0, speaker, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set speaker of group %d: %w", groupID, err)
	}
	return nil
}

// Corrections lists the corrections recorded for a story, oldest first.
func (s *Store) Corrections(ctx context.Context, storyID int64) ([]annotate.Correction, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("corrections of story %d: %w", storyID, mapError(err))
	}
	defer tx.Rollback()
	cs, err := corrections(ctx, tx, storyID)
	if err != nil {
		return nil, fmt.Errorf("corrections of story %d: %w", storyID, mapError(err))
	}
	return cs, nil
}

// Group returns one quote group as Groups lists it, or an error wrapping
// ErrNotFound.
func (s *Store) Group(ctx context.Context, groupID int64) (annotate.Group, error) {
	story, err := groupStory(groupID)(ctx, s.db)
	if err != nil {
		return annotate.Group{}, err
	}
	gs, err := s.Groups(ctx, story)
	if err != nil {
		return annotate.Group{}, err
	}
	for _, g := range gs {
		if g.ID == groupID {
			return g, nil
		}
	}
	return annotate.Group{}, fmt.Errorf("group %d: %w", groupID, ErrNotFound)
}

// GroupOfQuote returns the id of the group holding a quote, or an error
// wrapping ErrNotFound when it is in none.
func (s *Store) GroupOfQuote(ctx context.Context, quoteID int64) (int64, error) {
	var gid int64
	err := s.db.QueryRowContext(ctx, `SELECT group_id FROM quote_group_members WHERE quote_id = ?`, quoteID).Scan(&gid)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("group of quote %d: %w", quoteID, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("group of quote %d: %w", quoteID, mapError(err))
	}
	return gid, nil
}

// GroupToAnnotations turns a group into quote annotations, one on each
// member quote's span in its article's latest version, with the group's
// speaker and tag (no tag when tag is empty). Quotes in a title (their
// offsets index the title, not the body), quotes of an older version, and
// spans that overlap an annotation of kind quote already placed in the
// latest version are skipped. It returns the annotations it made, in one
// transaction.
func (s *Store) GroupToAnnotations(ctx context.Context, groupID int64, tag string) ([]annotate.Annotation, error) {
	var ids []int64
	err := s.withTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		ids = ids[:0]
		var speaker string
		err := tx.QueryRowContext(ctx, `SELECT speaker FROM quote_groups WHERE id = ?`, groupID).Scan(&speaker)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("group %d: %w", groupID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT q.article_id, q.span_start, q.span_end
			FROM quote_group_members m
			JOIN quotes q ON q.id = m.quote_id
			JOIN articles a ON a.id = q.article_id AND q.last_version = a.latest_version
			WHERE m.group_id = ? AND q.in_title = 0
			ORDER BY q.article_id, q.span_start`, groupID)
		if err != nil {
			return err
		}
		type target struct {
			article int64
			span    annotate.Span
		}
		var targets []target
		for rows.Next() {
			var t target
			if err := rows.Scan(&t.article, &t.span.Start, &t.span.End); err != nil {
				rows.Close()
				return err
			}
			targets = append(targets, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}

		var tags []string
		if tag = strings.TrimSpace(tag); tag != "" {
			tags = []string{tag}
		}
		now := formatTime(s.now())
		for _, t := range targets {
			taken, err := quoteAnnotated(ctx, tx, t.article, t.span)
			if err != nil {
				return err
			}
			if taken {
				continue
			}
			body, version, err := latestBody(ctx, tx, t.article)
			if err != nil {
				return err
			}
			n, err := newAnnotation(annotate.Annotation{ArticleID: t.article, Span: t.span, Kind: annotate.KindQuote,
				Speaker: speaker, Tags: tags}, body)
			if err != nil {
				return fmt.Errorf("article %d span %d-%d: %w", t.article, t.span.Start, t.span.End, err)
			}
			var id int64
			err = tx.QueryRowContext(ctx, `INSERT INTO annotations
				(article_id, article_version, span_start, span_end, exact, prefix, suffix,
				 kind, speaker, status, note, anchor, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				n.ArticleID, version, n.Start, n.End, n.Exact, n.Prefix, n.Suffix,
				string(n.Kind), n.Speaker, string(n.Status), n.Note, string(n.Anchor), now, now).Scan(&id)
			if err != nil {
				return fmt.Errorf("insert annotation: %w", err)
			}
			if err := setTags(ctx, tx, id, n.Tags); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		if len(ids) == 0 {
			return errNoChange
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("annotate quotes of group %d: %w", groupID, err)
	}
	out := make([]annotate.Annotation, 0, len(ids))
	for _, id := range ids {
		a, err := s.Annotation(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("annotate quotes of group %d: %w", groupID, err)
		}
		out = append(out, a)
	}
	return out, nil
}

// quoteAnnotated reports whether an annotation of kind quote, placed in the
// article's latest version, overlaps span.
func quoteAnnotated(ctx context.Context, tx *sql.Tx, articleID int64, span annotate.Span) (bool, error) {
	var found bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM annotations n
		JOIN articles a ON a.id = n.article_id AND n.article_version = a.latest_version
		WHERE n.article_id = ? AND n.kind = 'quote' AND n.anchor <> 'orphaned'
		AND n.span_start < ? AND ? < n.span_end)`, articleID, span.End, span.Start).Scan(&found)
	return found, err
}

// storyOf finds, outside any transaction, the story a correction is about.
type storyOf func(ctx context.Context, db *sql.DB) (int64, error)

// groupStory finds the story of a group.
func groupStory(groupID int64) storyOf {
	return func(ctx context.Context, db *sql.DB) (int64, error) {
		var story int64
		err := db.QueryRowContext(ctx, `SELECT story_id FROM quote_groups WHERE id = ?`, groupID).Scan(&story)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("group %d: %w", groupID, ErrNotFound)
		}
		return story, mapError(err)
	}
}

// quoteStory finds the story of a quote.
func quoteStory(quoteID int64) storyOf {
	return func(ctx context.Context, db *sql.DB) (int64, error) {
		var story int64
		err := db.QueryRowContext(ctx, `SELECT a.story_id FROM quotes q JOIN articles a ON a.id = q.article_id
			WHERE q.id = ?`, quoteID).Scan(&story)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("quote %d: %w", quoteID, ErrNotFound)
		}
		return story, mapError(err)
	}
}

// correct records corrections with edit and regroups the story, in one
// write transaction. edit gets the story and the time to stamp corrections
// with, and returns errNoChange when there is nothing to do.
func (s *Store) correct(ctx context.Context, story storyOf, edit func(tx *sql.Tx, storyID int64, now string) error) error {
	storyID, err := story(ctx, s.db)
	if err != nil {
		return err
	}
	now := formatTime(s.now())
	err = s.regroup(ctx, storyID, func(tx *sql.Tx) error { return edit(tx, storyID, now) })
	if errors.Is(err, errNoChange) {
		return nil
	}
	return err
}

// checkStatement fails unless quoteID is a statement of its article's
// latest version: the quotes matching groups.
func checkStatement(ctx context.Context, tx *sql.Tx, quoteID int64) error {
	var ok bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM quotes q
		JOIN articles a ON a.id = q.article_id AND q.last_version = a.latest_version
		WHERE q.id = ? AND q.kind = 'statement')`, quoteID).Scan(&ok)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: quote %d is a quoted term or is gone from its article's latest version", ErrInvalidCorrection, quoteID)
	}
	return nil
}

// groupMembers returns the story and member quote ids (ascending) of a
// group.
func groupMembers(ctx context.Context, tx *sql.Tx, groupID int64) (int64, []int64, error) {
	var story int64
	err := tx.QueryRowContext(ctx, `SELECT story_id FROM quote_groups WHERE id = ?`, groupID).Scan(&story)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, fmt.Errorf("group %d: %w", groupID, ErrNotFound)
	}
	if err != nil {
		return 0, nil, err
	}
	ids, err := queryColumn[int64](ctx, tx, `SELECT quote_id FROM quote_group_members WHERE group_id = ? ORDER BY quote_id`, groupID)
	if err != nil {
		return 0, nil, err
	}
	if len(ids) == 0 {
		return 0, nil, fmt.Errorf("group %d has no quotes: %w", groupID, ErrNotFound)
	}
	return story, ids, nil
}

// setMembership records where a quote belongs (join target's group, or
// detach), replacing its earlier membership, pin and speaker corrections.
func setMembership(ctx context.Context, tx *sql.Tx, storyID, quoteID int64, action annotate.CorrectionAction, target int64, now string) error {
	if err := deleteCorrections(ctx, tx, []int64{quoteID},
		annotate.CorrectJoin, annotate.CorrectDetach, annotate.CorrectPin, annotate.CorrectSpeaker); err != nil {
		return err
	}
	return insertCorrection(ctx, tx, storyID, quoteID, action, target, "", now)
}

// deleteCorrections deletes the corrections of the given actions on quotes.
func deleteCorrections(ctx context.Context, tx *sql.Tx, quoteIDs []int64, actions ...annotate.CorrectionAction) error {
	for _, id := range quoteIDs {
		for _, a := range actions {
			if _, err := tx.ExecContext(ctx, `DELETE FROM quote_corrections WHERE quote_id = ? AND action = ?`, id, string(a)); err != nil {
				return fmt.Errorf("delete %s correction of quote %d: %w", a, id, err)
			}
		}
	}
	return nil
}

// insertCorrection records one correction made at createdAt.
func insertCorrection(ctx context.Context, tx *sql.Tx, storyID, quoteID int64, action annotate.CorrectionAction,
	target int64, speaker, createdAt string) error {
	var targetArg any
	if target != 0 {
		targetArg = target
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO quote_corrections (story_id, quote_id, action, target_quote_id, speaker, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, storyID, quoteID, string(action), targetArg, speaker, createdAt)
	if err != nil {
		return fmt.Errorf("record %s correction of quote %d: %w", action, quoteID, err)
	}
	return nil
}

// corrections reads a story's corrections in the order they were made.
func corrections(ctx context.Context, tx *sql.Tx, storyID int64) ([]annotate.Correction, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, story_id, quote_id, action, coalesce(target_quote_id, 0), speaker, created_at
		FROM quote_corrections WHERE story_id = ? ORDER BY id`, storyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annotate.Correction
	for rows.Next() {
		var c annotate.Correction
		var action, created string
		if err := rows.Scan(&c.ID, &c.StoryID, &c.QuoteID, &action, &c.TargetQuoteID, &c.Speaker, &created); err != nil {
			return nil, err
		}
		c.Action = annotate.CorrectionAction(action)
		c.CreatedAt = parseTime(created)
		out = append(out, c)
	}
	return out, rows.Err()
}
