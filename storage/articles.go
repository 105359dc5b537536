package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"factdesk/annotate"
)

// Stories lists every story, by name, with its number of articles.
func (s *Store) Stories(ctx context.Context) ([]annotate.Story, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.name, count(a.id) FROM stories s
		LEFT JOIN articles a ON a.story_id = s.id GROUP BY s.id ORDER BY s.name, s.id`)
	if err != nil {
		return nil, fmt.Errorf("stories: %w", mapError(err))
	}
	defer rows.Close()
	var out []annotate.Story
	for rows.Next() {
		var st annotate.Story
		if err := rows.Scan(&st.ID, &st.Name, &st.Articles); err != nil {
			return nil, fmt.Errorf("stories: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("stories: %w", mapError(err))
	}
	return out, nil
}

// StoryByName finds a story by its exact name.
func (s *Store) StoryByName(ctx context.Context, name string) (annotate.Story, error) {
	var st annotate.Story
	err := s.db.QueryRowContext(ctx, `SELECT s.id, s.name, (SELECT count(*) FROM articles a WHERE a.story_id = s.id)
		FROM stories s WHERE s.name = ?`, name).Scan(&st.ID, &st.Name, &st.Articles)
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("story %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return st, fmt.Errorf("story %q: %w", name, mapError(err))
	}
	return st, nil
}

// ArticleFilter selects articles. Zero fields select everything.
type ArticleFilter struct {
	StoryID int64
	Story   string // story name
}

// articleCols selects an article version joined with its article, story and
// outlet; v is the version, a the article. %s is the body column, or ” to
// leave bodies out.
const articleCols = `a.id, a.story_id, s.name, o.name, v.url, v.title, v.byline, v.published,
	%s, v.hash, v.imported_at, v.version, v.source, v.chars
	FROM articles a
	JOIN stories s ON s.id = a.story_id
	JOIN outlets o ON o.id = a.outlet_id`

func articleSelect(withBody bool, join string) string {
	body := "''"
	if withBody {
		body = "v.body"
	}
	return "SELECT " + fmt.Sprintf(articleCols, body) + "\n" + join
}

const latestJoin = `JOIN article_versions v ON v.article_id = a.id AND v.version = a.latest_version`

// Articles lists the latest version of each selected article, by story,
// outlet and title, without bodies (Body is empty; Chars is set). Load a body
// with Article.
func (s *Store) Articles(ctx context.Context, f ArticleFilter) ([]annotate.Article, error) {
	q := articleSelect(false, latestJoin)
	var where []string
	var args []any
	if f.StoryID != 0 {
		where, args = append(where, "a.story_id = ?"), append(args, f.StoryID)
	}
	if f.Story != "" {
		where, args = append(where, "s.name = ?"), append(args, f.Story)
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY s.name, a.story_id, o.name, v.title, a.id"
	out, err := s.queryArticles(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("articles: %w", err)
	}
	return out, nil
}

// Article returns the latest version of an article, with its body.
func (s *Store) Article(ctx context.Context, id int64) (annotate.Article, error) {
	out, err := s.queryArticles(ctx, articleSelect(true, latestJoin)+" WHERE a.id = ?", id)
	if err == nil && len(out) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return annotate.Article{}, fmt.Errorf("article %d: %w", id, err)
	}
	return out[0], nil
}

// ArticleVersions returns every version of an article with its body, oldest
// first.
func (s *Store) ArticleVersions(ctx context.Context, id int64) ([]annotate.Article, error) {
	out, err := s.queryArticles(ctx, articleSelect(true, `JOIN article_versions v ON v.article_id = a.id`)+
		" WHERE a.id = ? ORDER BY v.version", id)
	if err == nil && len(out) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("versions of article %d: %w", id, err)
	}
	return out, nil
}

// ArticleVersion returns one version of an article, with its body.
func (s *Store) ArticleVersion(ctx context.Context, id int64, version int) (annotate.Article, error) {
	out, err := s.queryArticles(ctx, articleSelect(true, `JOIN article_versions v ON v.article_id = a.id`)+
		" WHERE a.id = ? AND v.version = ?", id, version)
	if err == nil && len(out) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return annotate.Article{}, fmt.Errorf("article %d version %d: %w", id, version, err)
	}
	return out[0], nil
}

func (s *Store) queryArticles(ctx context.Context, query string, args ...any) ([]annotate.Article, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []annotate.Article
	for rows.Next() {
		var a annotate.Article
		var published, imported string
		if err := rows.Scan(&a.ID, &a.StoryID, &a.Story, &a.Outlet, &a.URL, &a.Title, &a.Byline, &published,
			&a.Body, &a.Hash, &imported, &a.Version, &a.Source, &a.Chars); err != nil {
			return nil, err
		}
		if published != "" {
			a.Published, _ = time.Parse(annotate.DateLayout, published)
		}
		a.ImportedAt = parseTime(imported)
		out = append(out, a)
	}
	return out, mapError(rows.Err())
}
