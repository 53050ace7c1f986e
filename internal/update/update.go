// Package update adds articles to a store and keeps its stories current:
// new articles join existing stories, and only the stories they touch get
// their briefs recomputed (by re-running the brief pipeline over the
// stored articles of those stories plus the new ones). It orchestrates;
// the clustering and brief writing are the Briefer's.
package update

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/store"
)

// Briefer groups articles into stories and writes one brief per story.
// Every brief lists its articles (by the IDs given) in Articles; an
// article may be left out of every brief.
type Briefer func(ctx context.Context, articles []domain.Article) ([]domain.Brief, error)

// LockName is the store lock (store.Locker) Add holds.
const LockName = "chorus:stories"

// Updater adds articles to Store and re-briefs the touched stories. When
// Store is a store.Locker, Add holds its LockName lock throughout.
type Updater struct {
	Store store.Store
	Brief Briefer
	// Candidates is how many existing stories each new article is
	// compared with (found by searching its title); default 5.
	Candidates int
	// Note, when set, is told what a long step is about to do.
	Note func(string)
}

// Report says what one Add did.
type Report struct {
	Seen      int      // articles given
	New       int      // articles stored for the first time
	Known     int      // articles already stored (same key)
	Stories   []string // stories whose brief was (re)written, sorted
	Deleted   []string // stories that lost all their articles to others
	Unstoried int      // stored articles no brief took
}

// Progress is called after each article is stored.
type Progress func(done, total int)

// Add stores arts (each keyed by canonical URL, else content hash) and
// rewrites the briefs of the stories they touch. Articles already stored
// and already in a story change nothing; stored articles not yet in a
// story (for example after a crash mid-ingest) are briefed again.
func (u *Updater) Add(ctx context.Context, arts []domain.Article, progress Progress) (Report, error) {
	if l, ok := u.Store.(store.Locker); ok {
		// Several processes (workers, ingests, servers) may share the
		// store: one at a time re-briefs stories, or two could rewrite
		// the same story from different sets of articles.
		unlock, err := l.Lock(ctx, LockName)
		if err != nil {
			return Report{}, fmt.Errorf("update: %w", err)
		}
		defer unlock()
	}
	rep := Report{Seen: len(arts)}
	var pending []store.Article
	seen := map[string]bool{}
	for i, a := range arts {
		// Store IDs derive from the idempotency key, so the same article
		// read from another path or feed has the same ID.
		a.ID = ""
		stored, created, err := u.Store.UpsertArticle(ctx, store.Article{Article: a})
		if err != nil {
			return rep, fmt.Errorf("update: article %s (%s): %w", a.ID, a.Path, err)
		}
		if created {
			rep.New++
		} else {
			rep.Known++
		}
		if stored.StoryID == "" && !seen[stored.ID] {
			seen[stored.ID] = true
			pending = append(pending, stored)
		}
		if progress != nil {
			progress(i+1, len(arts))
		}
	}
	if len(pending) == 0 {
		return rep, nil
	}
	if u.Brief == nil {
		return rep, errors.New("update: no briefer configured")
	}
	// Candidate stories: those whose headline, brief or articles match
	// each pending article's title.
	candidates := map[string]bool{}
	k := u.Candidates
	if k <= 0 {
		k = 5
	}
	_, nstories, err := u.Store.Counts(ctx)
	if err != nil {
		return rep, fmt.Errorf("update: %w", err)
	}
	for _, a := range pending {
		if nstories == 0 {
			break // nothing to join: the first ingest skips the searches
		}
		q := a.Title
		if strings.TrimSpace(q) == "" {
			q = firstWords(a.Text, 12)
		}
		var words []string
		for _, w := range store.QueryWords(q) {
			if len(w) >= 4 || w[0] >= '0' && w[0] <= '9' {
				words = append(words, w)
			}
		}
		if len(words) > 10 {
			words = words[:10]
		}
		if len(words) > 0 {
			res, err := u.Store.Search(ctx, store.Query{Text: strings.Join(words, " "), Limit: k, Any: true})
			if err != nil {
				return rep, fmt.Errorf("update: candidates for %s: %w", a.ID, err)
			}
			for _, st := range res.Stories {
				candidates[st.ID] = true
			}
			for _, h := range res.Articles {
				if h.StoryID != "" {
					candidates[h.StoryID] = true
				}
			}
		}
	}
	// The articles to brief: the candidates' members and the pending ones.
	members := map[string]string{} // article -> old story
	var all []domain.Article
	for _, id := range sortedKeys(candidates) {
		as, err := u.Store.ArticlesOfStory(ctx, id)
		if errors.Is(err, domain.ErrNotFound) {
			delete(candidates, id)
			continue
		}
		if err != nil {
			return rep, fmt.Errorf("update: %w", err)
		}
		for _, a := range as {
			members[a.ID] = id
			all = append(all, a.Article)
		}
	}
	for _, a := range pending {
		if _, ok := members[a.ID]; !ok {
			members[a.ID] = ""
			all = append(all, a.Article)
		}
	}
	if u.Note != nil {
		u.Note(fmt.Sprintf("briefing %d articles (%d new or unclustered, %d existing stories)", len(all), len(pending), len(candidates)))
	}
	briefs, err := u.Brief(ctx, all)
	if err != nil {
		return rep, fmt.Errorf("update: brief: %w", err)
	}
	// Keep story IDs stable: a brief takes the ID of the old story most of
	// its articles came from (ties to the smaller ID); a brief of new
	// articles only gets an ID derived from its smallest article ID.
	type scored struct {
		brief int
		old   string
		n     int
	}
	var claims []scored
	for i, b := range briefs {
		count := map[string]int{}
		for _, ref := range b.Articles {
			if _, ok := members[ref.ID]; !ok {
				return rep, fmt.Errorf("update: brief %q lists article %q that was not given", b.ID, ref.ID)
			}
			if old := members[ref.ID]; old != "" {
				count[old]++
			}
		}
		for old, n := range count {
			claims = append(claims, scored{i, old, n})
		}
	}
	sort.Slice(claims, func(i, j int) bool {
		if claims[i].n != claims[j].n {
			return claims[i].n > claims[j].n
		}
		if claims[i].old != claims[j].old {
			return claims[i].old < claims[j].old
		}
		return claims[i].brief < claims[j].brief
	})
	ids := make([]string, len(briefs))
	taken := map[string]bool{}
	for _, c := range claims {
		if ids[c.brief] == "" && !taken[c.old] {
			ids[c.brief], taken[c.old] = c.old, true
		}
	}
	for i, b := range briefs {
		if ids[i] != "" {
			continue
		}
		if len(b.Articles) == 0 {
			continue
		}
		least := b.Articles[0].ID
		for _, ref := range b.Articles {
			least = min(least, ref.ID)
		}
		id := "s" + store.IDOf("story:" + least)[1:]
		for taken[id] {
			id += "x"
		}
		ids[i], taken[id] = id, true
	}
	// Old membership of each candidate story, to skip rewriting stories
	// that neither gained nor lost an article.
	oldSets := map[string]map[string]bool{}
	for a, st := range members {
		if st != "" {
			if oldSets[st] == nil {
				oldSets[st] = map[string]bool{}
			}
			oldSets[st][a] = true
		}
	}
	written, kept := map[string]bool{}, map[string]bool{}
	for i, b := range briefs {
		if ids[i] == "" {
			continue
		}
		b.ID = ids[i]
		if old := oldSets[b.ID]; len(old) == len(b.Articles) && len(old) > 0 {
			same := true
			for _, ref := range b.Articles {
				same = same && old[ref.ID]
			}
			if same {
				kept[b.ID] = true // untouched: same articles, same brief
				continue
			}
		}
		if err := u.Store.PutBrief(ctx, b); err != nil {
			return rep, fmt.Errorf("update: %w", err)
		}
		written[b.ID] = true
	}
	for _, id := range sortedKeys(candidates) {
		if written[id] || kept[id] {
			continue
		}
		if err := u.Store.DeleteStory(ctx, id); err != nil && !errors.Is(err, domain.ErrNotFound) {
			return rep, fmt.Errorf("update: %w", err)
		}
		rep.Deleted = append(rep.Deleted, id)
	}
	rep.Stories = sortedKeys(written)
	inBrief := map[string]bool{}
	for _, b := range briefs {
		for _, ref := range b.Articles {
			inBrief[ref.ID] = true
		}
	}
	for id := range members {
		if !inBrief[id] {
			rep.Unstoried++
		}
	}
	return rep, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " ")
}
