package extract

import (
	"strings"

	"github.com/chorusnews/chorus/internal/domain"
)

// RemoveRepeatedLines drops boilerplate paragraphs that recur across
// articles: page furniture of one site or network that line cleaning did
// not recognise from the line alone. A paragraph is dropped when both hold:
//
//   - the same paragraph (compared case- and punctuation-insensitively)
//     occurs in at least two articles that come from at least two
//     different sources (Article.Source, or the article's ID
//     when the source is unknown);
//   - it does not read like a sentence of reporting: it has no
//     sentence-final punctuation, or it addresses the reader (you, your, we,
//     our, please outside quotation marks), or it holds debris vocabulary
//     (share, subscribe, cookie, ...: two terms, or one in at most 12 words).
//
// Real sentences shared because of syndication or a shared quotation end
// like sentences, are written in the third person and carry no debris
// vocabulary, so they are kept ("Russia is Syria's most powerful ally.").
// Articles are returned in the same order; changed ones get their Text,
// Hash and Removed updated. The input slice is not modified.
func RemoveRepeatedLines(arts []domain.Article) []domain.Article {
	type seen struct {
		articles int
		sources  map[string]bool
	}
	count := map[string]*seen{}
	for _, a := range arts {
		src := a.Source
		if src == "" {
			src = "\x00" + a.ID
		}
		done := map[string]bool{}
		for _, p := range strings.Split(a.Text, "\n\n") {
			k := normKey(p)
			if k == "" || done[k] {
				continue
			}
			done[k] = true
			c := count[k]
			if c == nil {
				c = &seen{sources: map[string]bool{}}
				count[k] = c
			}
			c.articles++
			c.sources[src] = true
		}
	}
	out := make([]domain.Article, len(arts))
	for i, a := range arts {
		out[i] = a
		paras := strings.Split(a.Text, "\n\n")
		kept := paras[:0:0]
		for _, p := range paras {
			c := count[normKey(p)]
			if c != nil && c.articles >= 2 && len(c.sources) >= 2 && boilerplate(p) {
				continue
			}
			kept = append(kept, p)
		}
		if len(kept) == len(paras) || len(kept) == 0 {
			// Never empty an article: a text made only of shared lines is
			// left to near-duplicate detection.
			continue
		}
		out[i].Text = strings.Join(kept, "\n\n")
		out[i].Hash = Hash(out[i].Text)
		out[i].Removed += len(paras) - len(kept)
	}
	return out
}

// boilerplate reports whether a paragraph does not read like reporting.
func boilerplate(p string) bool {
	if !endsSentence(p) {
		return true
	}
	outside := stripQuoted(p)
	v := debrisVocab(outside)
	return readerAddress(outside) > 0 || v >= 2 || (v == 1 && len(words(p)) <= 12)
}

// CleanBatch is RemoveRepeatedLines for articles about to be stored: lines
// repeated across the batch are debris and leave Text, but each article
// keeps the Hash of its text cleaned on its own, since the hash is its
// idempotency key: the same file in another batch is the same article.
func CleanBatch(arts []domain.Article) []domain.Article {
	out := RemoveRepeatedLines(arts)
	for i := range out {
		out[i].Hash = arts[i].Hash
	}
	return out
}
