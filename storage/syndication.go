package storage

import (
	"context"
	"encoding/binary"
	"hash/maphash"
	"sync"

	"factdesk/annotate"
)

// syndicationCacheSize is how many stories' syndication clusters a Store
// remembers.
const syndicationCacheSize = 64

// syndicationCache remembers, per story, the clusters of near-copies that
// annotate.Coverage found among its articles' bodies. Finding them aligns
// every pair of articles, which takes seconds in a story of a few hundred;
// the desktop app reads a story's fact sheet after every annotation edit,
// while the bodies rarely change.
type syndicationCache struct {
	seed    maphash.Seed
	mu      sync.Mutex
	stories map[int64]syndicationEntry
}

// syndicationEntry is a story's clusters and the bodies they came from,
// summed up by bodiesKey.
type syndicationEntry struct {
	key      uint64
	clusters [][]int64
}

func newSyndicationCache() *syndicationCache {
	return &syndicationCache{seed: maphash.MakeSeed(), stories: map[int64]syndicationEntry{}}
}

// bodiesKey sums up the articles and bodies Coverage would read.
func (c *syndicationCache) bodiesKey(bodies []annotate.CoverageInput) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	var n [8]byte
	for _, b := range bodies {
		binary.LittleEndian.PutUint64(n[:], uint64(b.ArticleID))
		h.Write(n[:])
		binary.LittleEndian.PutUint64(n[:], uint64(len(b.Outlet)))
		h.Write(n[:])
		h.WriteString(b.Outlet)
		binary.LittleEndian.PutUint64(n[:], uint64(len(b.Body)))
		h.Write(n[:])
		h.WriteString(b.Body)
	}
	return h.Sum64()
}

// clusters returns the story's near-copy clusters, from the cache when the
// bodies are those it last saw.
func (c *syndicationCache) clusters(ctx context.Context, storyID int64, bodies []annotate.CoverageInput) ([][]int64, error) {
	key := c.bodiesKey(bodies)
	c.mu.Lock()
	e, ok := c.stories[storyID]
	c.mu.Unlock()
	if ok && e.key == key {
		return e.clusters, nil
	}
	cov, err := annotate.Coverage(ctx, bodies)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.stories[storyID]; !ok && len(c.stories) >= syndicationCacheSize {
		for id := range c.stories { // any one: a cache, not a record
			delete(c.stories, id)
			break
		}
	}
	c.stories[storyID] = syndicationEntry{key: key, clusters: cov.Clusters}
	return cov.Clusters, nil
}
