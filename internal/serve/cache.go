package serve

import (
	"container/list"
	"sync"
)

// pageCache keeps rendered story pages, least recently used out, bounded
// by bytes. Keys include the story's update time, so a rewritten brief is
// a new key and the old page simply ages out: no invalidation needed
// (stored article texts never change).
type pageCache struct {
	mu    sync.Mutex
	max   int
	size  int
	order *list.List // front = most recent; values are *cacheEntry
	items map[string]*list.Element
}

type cacheEntry struct {
	key  string
	page []byte
}

func newPageCache(maxBytes int) *pageCache {
	return &pageCache{max: maxBytes, order: list.New(), items: map[string]*list.Element{}}
}

func (c *pageCache) get(key string) ([]byte, bool) {
	if c == nil || c.max <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).page, true
}

func (c *pageCache) put(key string, page []byte) {
	if c == nil || c.max <= 0 || len(page) > c.max/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&cacheEntry{key: key, page: page})
	c.size += len(page)
	for c.size > c.max {
		el := c.order.Back()
		e := el.Value.(*cacheEntry)
		c.order.Remove(el)
		delete(c.items, e.key)
		c.size -= len(e.page)
	}
}
