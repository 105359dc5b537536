package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"factdesk/annotate"
)

// AddFact stores a new fact of story f.StoryID, with its links, and returns
// it with its ID and timestamps. An empty Status means unverified.
func (s *Store) AddFact(ctx context.Context, f annotate.Fact) (annotate.Fact, error) {
	text := strings.TrimSpace(f.Text)
	var id int64
	err := s.withTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if text == "" {
			return errors.New("empty text")
		}
		status, err := annotate.ParseStatus(string(f.Status))
		if err != nil {
			return err
		}
		now := formatTime(s.now())
		err = tx.QueryRowContext(ctx, `INSERT INTO facts (story_id, text, status, note, created_at, updated_at)
			SELECT id, ?, ?, ?, ?, ? FROM stories WHERE id = ? RETURNING id`,
			text, string(status), f.Note, now, now, f.StoryID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("story %d: %w", f.StoryID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		for _, l := range f.Links {
			if err := linkFact(ctx, tx, id, l.AnnotationID, l.Contradicts, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return annotate.Fact{}, fmt.Errorf("add fact: %w", err)
	}
	return s.fact(ctx, id)
}

// UpdateFact changes a fact's text, status and note. Links change with
// LinkFact and UnlinkFact.
func (s *Store) UpdateFact(ctx context.Context, f annotate.Fact) (annotate.Fact, error) {
	text := strings.TrimSpace(f.Text)
	err := s.withTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if text == "" {
			return errors.New("empty text")
		}
		status, err := annotate.ParseStatus(string(f.Status))
		if err != nil {
			return err
		}
		return execOne(ctx, tx, `UPDATE facts SET text = ?, status = ?, note = ?, updated_at = ? WHERE id = ?`,
			text, string(status), f.Note, formatTime(s.now()), f.ID)
	})
	if err != nil {
		return annotate.Fact{}, fmt.Errorf("update fact %d: %w", f.ID, err)
	}
	return s.fact(ctx, f.ID)
}

// DeleteFact deletes a fact and its links; the annotations stay.
func (s *Store) DeleteFact(ctx context.Context, id int64) error {
	err := s.withTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		return execOne(ctx, tx, `DELETE FROM facts WHERE id = ?`, id)
	})
	if err != nil {
		return fmt.Errorf("delete fact %d: %w", id, err)
	}
	return nil
}

// LinkFact ties an annotation to a fact as support, or as contradiction when
// contradicts is true; linking again changes which. The annotation must
// belong to an article of the fact's story.
func (s *Store) LinkFact(ctx context.Context, factID, annotationID int64, contradicts bool) error {
	err := s.withTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		return linkFact(ctx, tx, factID, annotationID, contradicts, formatTime(s.now()))
	})
	if err != nil {
		return fmt.Errorf("link fact %d to annotation %d: %w", factID, annotationID, err)
	}
	return nil
}

func linkFact(ctx context.Context, tx *sql.Tx, factID, annotationID int64, contradicts bool, now string) error {
	var factStory, annStory sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT
		(SELECT story_id FROM facts WHERE id = ?),
		(SELECT a.story_id FROM annotations n JOIN articles a ON a.id = n.article_id WHERE n.id = ?)`,
		factID, annotationID).Scan(&factStory, &annStory)
	switch {
	case err != nil:
		return err
	case !factStory.Valid:
		return fmt.Errorf("fact %d: %w", factID, ErrNotFound)
	case !annStory.Valid:
		return fmt.Errorf("annotation %d: %w", annotationID, ErrNotFound)
	case factStory.Int64 != annStory.Int64:
		return fmt.Errorf("annotation %d belongs to another story than fact %d", annotationID, factID)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO fact_links (fact_id, annotation_id, contradicts) VALUES (?, ?, ?)
		ON CONFLICT (fact_id, annotation_id) DO UPDATE SET contradicts = excluded.contradicts`,
		factID, annotationID, contradicts)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE facts SET updated_at = ? WHERE id = ?`, now, factID)
	return err
}

// UnlinkFact removes the tie between a fact and an annotation.
func (s *Store) UnlinkFact(ctx context.Context, factID, annotationID int64) error {
	err := s.withTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		return execOne(ctx, tx, `DELETE FROM fact_links WHERE fact_id = ? AND annotation_id = ?`, factID, annotationID)
	})
	if err != nil {
		return fmt.Errorf("unlink fact %d from annotation %d: %w", factID, annotationID, err)
	}
	return nil
}

// Facts lists a story's facts, oldest first, with their links.
func (s *Store) Facts(ctx context.Context, storyID int64) ([]annotate.Fact, error) {
	out, err := s.queryFacts(ctx, "f.story_id = ?", storyID)
	if err != nil {
		return nil, fmt.Errorf("facts of story %d: %w", storyID, err)
	}
	return out, nil
}

func (s *Store) fact(ctx context.Context, id int64) (annotate.Fact, error) {
	out, err := s.queryFacts(ctx, "f.id = ?", id)
	if err == nil && len(out) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return annotate.Fact{}, fmt.Errorf("fact %d: %w", id, err)
	}
	return out[0], nil
}

func (s *Store) queryFacts(ctx context.Context, where string, arg int64) ([]annotate.Fact, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT f.id, f.story_id, f.text, f.status, f.note, f.created_at, f.updated_at,
		(SELECT json_group_array(json_array(annotation_id, contradicts)) FROM
			(SELECT annotation_id, contradicts FROM fact_links l WHERE l.fact_id = f.id ORDER BY annotation_id))
		FROM facts f WHERE `+where+` ORDER BY f.id`, arg)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []annotate.Fact
	for rows.Next() {
		var f annotate.Fact
		var status, created, updated, links string
		if err := rows.Scan(&f.ID, &f.StoryID, &f.Text, &status, &f.Note, &created, &updated, &links); err != nil {
			return nil, err
		}
		f.Status = annotate.Status(status)
		f.CreatedAt, f.UpdatedAt = parseTime(created), parseTime(updated)
		var pairs [][2]int64
		if err := json.Unmarshal([]byte(links), &pairs); err != nil {
			return nil, fmt.Errorf("links of fact %d: %w", f.ID, err)
		}
		for _, p := range pairs {
			f.Links = append(f.Links, annotate.FactLink{AnnotationID: p[0], Contradicts: p[1] != 0})
		}
		out = append(out, f)
	}
	return out, mapError(rows.Err())
}
