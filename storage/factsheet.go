package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"

	"factdesk/annotate"
)

// factSheetReads is how many times FactSheetInput reads a story again when
// another writer changed the store while it was reading.
const factSheetReads = 3

// FactSheetInput gathers what annotate.BuildFactSheet needs for one story:
// the story, its articles (latest versions, without bodies), annotations,
// facts with links, quotes and quote groups, the clusters of syndicated
// copies among its articles (annotate.Coverage over their latest bodies,
// remembered until a body changes, and stopped when ctx is done),
// plus the store's file name and revision and the time, for the sheet's
// footer. It is the one place the CLI export and the desktop app's export
// preview read a story from.
//
// The records are read without a transaction; when the store's revision
// changed during the reads (another window or process wrote), they are read
// again, so the sheet shows one state of the store. Quote groups are read as
// stored: run RefreshQuotes first for a story that StaleStories lists.
func (s *Store) FactSheetInput(ctx context.Context, storyID int64) (annotate.FactSheetInput, error) {
	var in annotate.FactSheetInput
	var bodies []annotate.CoverageInput
	for attempt := 1; ; attempt++ {
		before, err := s.Revision(ctx)
		if err != nil {
			return in, fmt.Errorf("fact sheet of story %d: %w", storyID, err)
		}
		in, err = s.readFactSheetInput(ctx, storyID)
		if err == nil {
			bodies, err = s.storyBodies(ctx, storyID)
		}
		if err != nil {
			return in, fmt.Errorf("fact sheet of story %d: %w", storyID, err)
		}
		after, err := s.Revision(ctx)
		if err != nil {
			return in, fmt.Errorf("fact sheet of story %d: %w", storyID, err)
		}
		if before == after || attempt == factSheetReads {
			in.Revision = after
			break
		}
	}
	if len(bodies) > 1 {
		clusters, err := s.syndication.clusters(ctx, storyID, bodies)
		if err != nil {
			return in, fmt.Errorf("fact sheet of story %d: syndicated copies: %w", storyID, err)
		}
		in.Syndicated = clusters
	}
	return in, nil
}

// storyBodies reads the latest body of each article of a story.
func (s *Store) storyBodies(ctx context.Context, storyID int64) ([]annotate.CoverageInput, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, o.name, v.body FROM articles a
		JOIN outlets o ON o.id = a.outlet_id
		JOIN article_versions v ON v.article_id = a.id AND v.version = a.latest_version
		WHERE a.story_id = ? ORDER BY a.id`, storyID)
	if err != nil {
		return nil, fmt.Errorf("article texts: %w", mapError(err))
	}
	defer rows.Close()
	var out []annotate.CoverageInput
	for rows.Next() {
		var c annotate.CoverageInput
		if err := rows.Scan(&c.ArticleID, &c.Outlet, &c.Body); err != nil {
			return nil, fmt.Errorf("article texts: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("article texts: %w", mapError(err))
	}
	return out, nil
}

func (s *Store) readFactSheetInput(ctx context.Context, storyID int64) (annotate.FactSheetInput, error) {
	in := annotate.FactSheetInput{Store: filepath.Base(s.path), GeneratedAt: s.nowUTC()}
	var err error
	if in.Story, err = s.storyByID(ctx, storyID); err != nil {
		return in, err
	}
	if in.Articles, err = s.Articles(ctx, ArticleFilter{StoryID: storyID}); err != nil {
		return in, err
	}
	if in.Annotations, err = s.Annotations(ctx, AnnotationFilter{StoryID: storyID}); err != nil {
		return in, err
	}
	if in.Facts, err = s.Facts(ctx, storyID); err != nil {
		return in, err
	}
	if in.Quotes, err = s.Quotes(ctx, QuoteFilter{StoryID: storyID}); err != nil {
		return in, err
	}
	if in.Groups, err = s.Groups(ctx, storyID); err != nil {
		return in, err
	}
	return in, nil
}

// storyByID finds a story by its id.
func (s *Store) storyByID(ctx context.Context, id int64) (annotate.Story, error) {
	var st annotate.Story
	err := s.db.QueryRowContext(ctx, `SELECT s.id, s.name, (SELECT count(*) FROM articles a WHERE a.story_id = s.id)
		FROM stories s WHERE s.id = ?`, id).Scan(&st.ID, &st.Name, &st.Articles)
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("story %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return st, fmt.Errorf("story %d: %w", id, mapError(err))
	}
	return st, nil
}
