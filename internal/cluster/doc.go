// Package cluster owns near-duplicate detection and online story clustering.
//
// Both are hand-written here, as no maintained Go library for them is served
// to this project:
//
//   - Near-duplicates: MinHash signatures over word shingles with banded
//     locality-sensitive hashing (xxhash for the token hashes, fixed seeds for
//     the permutations). A document whose estimated Jaccard similarity with an
//     earlier one reaches a threshold is reported as a copy of it (Dedup,
//     Online.Add), so syndicated copies collapse while every copy stays a
//     listed source of its story. A copy family that grows beyond
//     Options.MaxCopies is a page template (archive notice, login wall),
//     not a story: its further copies are still reported as copies but each
//     stays alone, so pages of unrelated stories that only share a notice
//     are not merged.
//   - Stories: each arriving document becomes a sparse, sublinear tf-idf
//     vector over stemmed terms (title and proper nouns weighted up, IDF from an
//     embedded document-frequency table learnt from Multi-News train). It is
//     compared only with the candidate stories an inverted index returns
//     (postings capped per term, candidates capped per document, a time
//     window), joins the most similar one above a threshold or starts a new
//     story, and the story centroid is updated incrementally and truncated to
//     its top terms. Once the stream is dense (thousands of live stories) the
//     test is relative to the runner-up: the best story must stand out from
//     the second best, since the best of many candidates is close by chance
//     (Options.RunnerUp; the error analysis behind it is in ERRORS.md). While a story is young (its first few articles) it may
//     split in two when its members form two groups far apart, so two events
//     of the same kind that met early in an unordered stream part again.
//     Body sentences already seen in several earlier articles (a reprints
//     notice, "image copyright ... image caption", a newsletter pitch) are
//     boilerplate and left out of the vectors, counted in stream order.
//     Stories idle for longer than the time window, or for more than
//     Options.IdleArticles articles of the stream, are evicted and leave the
//     index. Cost and memory per document are therefore bounded, the live
//     state does not grow with the stream, and the result is deterministic
//     for a given input order.
//   - Optionally (Options.Learned) the join decision is learnt: each of an
//     article's best candidate stories is described by similarity features
//     (centroid, average-link, proper-noun and young-member cosines, shared
//     terms, size, age, rank and margins, stream density) and scored by an
//     embedded model (logistic regression or small boosted trees, trained
//     by `chorus train cluster` on Multi-News train and ECB+ train streams;
//     see join.go). The embedded model is used as a rescue: the rule
//     decides first, the model may join an article the rule would leave
//     alone. An optional LSA table (randomized SVD, int8; none embedded)
//     adds a dense similarity feature. The learned decision is off by
//     default: see DefaultOptions.
//
// The package also has the in-project baseline (single-pass tf-idf against
// every story that shares a term) and the B-cubed metric used to evaluate both.
// It is a pure stage: it imports only internal/domain-free standard library
// code and the listed hashing and stemming modules, does no I/O and never logs.
package cluster
