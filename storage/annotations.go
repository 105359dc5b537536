package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"factdesk/annotate"
)

// AnnotationFilter selects annotations. Zero fields select everything.
type AnnotationFilter struct {
	ArticleID int64
	StoryID   int64
	Story     string // story name
}

// CreateAnnotation stores a new annotation of a.Span in the latest version of
// article a.ArticleID. The span is checked against that body, and Exact,
// Prefix and Suffix are taken from it; an empty Status means unverified. It
// returns the annotation as stored, with its ID, outlet and timestamps.
func (s *Store) CreateAnnotation(ctx context.Context, a annotate.Annotation) (annotate.Annotation, error) {
	var id int64
	err := s.withTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		body, version, err := latestBody(ctx, tx, a.ArticleID)
		if err != nil {
			return err
		}
		n, err := newAnnotation(a, body)
		if err != nil {
			return err
		}
		now := formatTime(s.now())
		err = tx.QueryRowContext(ctx, `INSERT INTO annotations
			(article_id, article_version, span_start, span_end, exact, prefix, suffix,
			 kind, speaker, status, note, anchor, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			n.ArticleID, version, n.Start, n.End, n.Exact, n.Prefix, n.Suffix,
			string(n.Kind), n.Speaker, string(n.Status), n.Note, string(n.Anchor), now, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return setTags(ctx, tx, id, n.Tags)
	})
	if err != nil {
		return annotate.Annotation{}, fmt.Errorf("create annotation on article %d: %w", a.ArticleID, err)
	}
	return s.Annotation(ctx, id)
}

// newAnnotation checks a's span, kind and status against body and returns
// the annotation to store, with its text and context from body.
func newAnnotation(a annotate.Annotation, body string) (annotate.Annotation, error) {
	kind, err := annotate.ParseKind(string(a.Kind))
	if err != nil {
		return a, err
	}
	status, err := annotate.ParseStatus(string(a.Status))
	if err != nil {
		return a, err
	}
	n, err := annotate.NewAnnotation(a.ArticleID, body, a.Span, kind)
	if err != nil {
		return a, err
	}
	n.Status = status
	n.Speaker = strings.TrimSpace(a.Speaker)
	n.Note = a.Note
	n.Tags = cleanTags(a.Tags)
	return n, nil
}

// latestBody returns the body and number of an article's latest version.
func latestBody(ctx context.Context, tx *sql.Tx, articleID int64) (string, int, error) {
	var body string
	var version int
	err := tx.QueryRowContext(ctx, `SELECT v.body, v.version FROM articles a
		JOIN article_versions v ON v.article_id = a.id AND v.version = a.latest_version
		WHERE a.id = ?`, articleID).Scan(&body, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, fmt.Errorf("article %d: %w", articleID, ErrNotFound)
	}
	return body, version, err
}

// UpdateAnnotation changes an annotation's kind, speaker, tags, status, note
// and span. A changed span is checked against the article's latest body,
// takes its text from it and counts as anchored. It returns the annotation as
// stored.
func (s *Store) UpdateAnnotation(ctx context.Context, a annotate.Annotation) (annotate.Annotation, error) {
	err := s.withTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var cur annotate.Annotation
		var version int
		var anchor string
		err := tx.QueryRowContext(ctx, `SELECT article_id, article_version, span_start, span_end, exact, prefix, suffix, anchor
			FROM annotations WHERE id = ?`, a.ID).
			Scan(&cur.ArticleID, &version, &cur.Start, &cur.End, &cur.Exact, &cur.Prefix, &cur.Suffix, &anchor)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		cur.Anchor = annotate.Anchor(anchor)
		kind, err := annotate.ParseKind(string(a.Kind))
		if err != nil {
			return err
		}
		status, err := annotate.ParseStatus(string(a.Status))
		if err != nil {
			return err
		}
		if a.Span != cur.Span {
			body, latest, err := latestBody(ctx, tx, cur.ArticleID)
			if err != nil {
				return err
			}
			n, err := annotate.NewAnnotation(cur.ArticleID, body, a.Span, kind)
			if err != nil {
				return err
			}
			cur.Span, cur.Exact, cur.Prefix, cur.Suffix, cur.Anchor = n.Span, n.Exact, n.Prefix, n.Suffix, n.Anchor
			version = latest
		}
		if err := execOne(ctx, tx, `UPDATE annotations SET article_version = ?, span_start = ?, span_end = ?,
			exact = ?, prefix = ?, suffix = ?, anchor = ?, kind = ?, speaker = ?, status = ?, note = ?, updated_at = ?
			WHERE id = ?`,
			version, cur.Start, cur.End, cur.Exact, cur.Prefix, cur.Suffix, string(cur.Anchor),
			string(kind), strings.TrimSpace(a.Speaker), string(status), a.Note, formatTime(s.now()), a.ID); err != nil {
			return err
		}
		return setTags(ctx, tx, a.ID, cleanTags(a.Tags))
	})
	if err != nil {
		return annotate.Annotation{}, fmt.Errorf("update annotation %d: %w", a.ID, err)
	}
	return s.Annotation(ctx, a.ID)
}

// DeleteAnnotation deletes an annotation with its tags and fact links.
func (s *Store) DeleteAnnotation(ctx context.Context, id int64) error {
	err := s.withTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		return execOne(ctx, tx, `DELETE FROM annotations WHERE id = ?`, id)
	})
	if err != nil {
		return fmt.Errorf("delete annotation %d: %w", id, err)
	}
	return nil
}

// RestoreAnnotation puts back a deleted annotation exactly as it was read,
// under its old id (ids are never reused): the undo of DeleteAnnotation. Its
// span is taken to index the article's latest version. Fact links are not
// part of an Annotation and are not restored.
func (s *Store) RestoreAnnotation(ctx context.Context, a annotate.Annotation) error {
	err := s.withTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if a.ID <= 0 {
			return errors.New("no id")
		}
		_, version, err := latestBody(ctx, tx, a.ArticleID)
		if err != nil {
			return err
		}
		kind, err := annotate.ParseKind(string(a.Kind))
		if err != nil {
			return err
		}
		status, err := annotate.ParseStatus(string(a.Status))
		if err != nil {
			return err
		}
		anchor := a.Anchor
		if anchor == "" {
			anchor = annotate.AnchorAnchored
		}
		created, updated := a.CreatedAt, a.UpdatedAt
		if created.IsZero() {
			created = s.now()
		}
		if updated.IsZero() {
			updated = created
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO annotations
			(id, article_id, article_version, span_start, span_end, exact, prefix, suffix,
			 kind, speaker, status, note, anchor, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.ArticleID, version, a.Start, a.End, a.Exact, a.Prefix, a.Suffix,
			string(kind), a.Speaker, string(status), a.Note, string(anchor), formatTime(created), formatTime(updated))
		if isConstraint(err) {
			return fmt.Errorf("an annotation with this id exists, or its fields are invalid: %w", err)
		}
		if err != nil {
			return err
		}
		return setTags(ctx, tx, a.ID, cleanTags(a.Tags))
	})
	if err != nil {
		return fmt.Errorf("restore annotation %d: %w", a.ID, err)
	}
	return nil
}

// Annotation returns one annotation with its outlet and tags.
func (s *Store) Annotation(ctx context.Context, id int64) (annotate.Annotation, error) {
	out, err := s.queryAnnotations(ctx, "WHERE n.id = ?", id)
	if err == nil && len(out) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return annotate.Annotation{}, fmt.Errorf("annotation %d: %w", id, err)
	}
	return out[0], nil
}

// Annotations lists the selected annotations with their outlets and tags,
// ordered by article, then start offset.
func (s *Store) Annotations(ctx context.Context, f AnnotationFilter) ([]annotate.Annotation, error) {
	var where []string
	var args []any
	if f.ArticleID != 0 {
		where, args = append(where, "n.article_id = ?"), append(args, f.ArticleID)
	}
	if f.StoryID != 0 {
		where, args = append(where, "a.story_id = ?"), append(args, f.StoryID)
	}
	if f.Story != "" {
		where, args = append(where, "a.story_id = (SELECT id FROM stories WHERE name = ?)"), append(args, f.Story)
	}
	clause := ""
	if len(where) > 0 {
		clause = "WHERE " + strings.Join(where, " AND ")
	}
	out, err := s.queryAnnotations(ctx, clause, args...)
	if err != nil {
		return nil, fmt.Errorf("annotations: %w", err)
	}
	return out, nil
}

func (s *Store) queryAnnotations(ctx context.Context, where string, args ...any) ([]annotate.Annotation, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT n.id, n.article_id, o.name, n.span_start, n.span_end,
		n.exact, n.prefix, n.suffix, n.kind, n.speaker, n.status, n.note, n.anchor, n.created_at, n.updated_at,
		(SELECT json_group_array(name) FROM (SELECT t.name FROM annotation_tags at
			JOIN tags t ON t.id = at.tag_id WHERE at.annotation_id = n.id ORDER BY t.name))
		FROM annotations n
		JOIN articles a ON a.id = n.article_id
		JOIN outlets o ON o.id = a.outlet_id
		`+where+`
		ORDER BY n.article_id, n.span_start, n.span_end, n.id`, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []annotate.Annotation
	for rows.Next() {
		var a annotate.Annotation
		var kind, status, anchor, created, updated, tags string
		if err := rows.Scan(&a.ID, &a.ArticleID, &a.Outlet, &a.Start, &a.End, &a.Exact, &a.Prefix, &a.Suffix,
			&kind, &a.Speaker, &status, &a.Note, &anchor, &created, &updated, &tags); err != nil {
			return nil, err
		}
		a.Kind, a.Status, a.Anchor = annotate.Kind(kind), annotate.Status(status), annotate.Anchor(anchor)
		a.CreatedAt, a.UpdatedAt = parseTime(created), parseTime(updated)
		if err := json.Unmarshal([]byte(tags), &a.Tags); err != nil {
			return nil, fmt.Errorf("tags of annotation %d: %w", a.ID, err)
		}
		if len(a.Tags) == 0 {
			a.Tags = nil
		}
		out = append(out, a)
	}
	return out, mapError(rows.Err())
}

// Tags lists every tag in use, sorted.
func (s *Store) Tags(ctx context.Context) ([]string, error) {
	out, err := queryColumn[string](ctx, s.db, `SELECT name FROM tags t
		WHERE EXISTS (SELECT 1 FROM annotation_tags at WHERE at.tag_id = t.id) ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("tags: %w", mapError(err))
	}
	return out, nil
}

// cleanTags trims tags, drops empty ones and duplicates, and sorts them.
func cleanTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// setTags makes tags the annotation's tags, creating tags as needed.
func setTags(ctx context.Context, tx *sql.Tx, annotationID int64, tags []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM annotation_tags WHERE annotation_id = ?`, annotationID); err != nil {
		return fmt.Errorf("tags: %w", err)
	}
	for _, t := range tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING`, t); err != nil {
			return fmt.Errorf("tag %q: %w", t, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO annotation_tags (annotation_id, tag_id)
			SELECT ?, id FROM tags WHERE name = ?`, annotationID, t); err != nil {
			return fmt.Errorf("tag %q: %w", t, err)
		}
	}
	return nil
}
