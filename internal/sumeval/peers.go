package sumeval

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/chorusnews/chorus/internal/rouge"
	"github.com/chorusnews/chorus/internal/summarize"
)

// NoTime marks a row whose system was not run in this process (a peer's
// summaries were read from a file); WriteTable prints it as "-".
const NoTime time.Duration = -1

// Peer is the output of an external summarizer: one summary per cluster
// ID, read from a JSON Lines file of {"id", "summary"} objects (the format
// `chorus summarize --out` writes).
type Peer struct {
	Name      string
	Path      string
	Summaries map[string]string
}

// ParsePeerSpec splits a NAME=FILE command-line value.
func ParsePeerSpec(spec string) (name, path string, err error) {
	name, path, ok := strings.Cut(spec, "=")
	name, path = strings.TrimSpace(name), strings.TrimSpace(path)
	if !ok || name == "" || path == "" {
		return "", "", fmt.Errorf("peer %q: want NAME=FILE", spec)
	}
	if strings.ContainsAny(name, " \t\n") {
		return "", "", fmt.Errorf("peer %q: the name must not contain white space", spec)
	}
	return name, path, nil
}

// ReadPeer reads a peer's summaries from path (.gz allowed). Every
// non-blank line must be a JSON object with a non-empty string "id" and a
// string "summary" (other fields are ignored); an ID may appear once.
// Errors name path:line.
func ReadPeer(name, path string) (Peer, error) {
	rc, err := Open(path)
	if err != nil {
		return Peer{}, fmt.Errorf("peer %s: %w", name, err)
	}
	defer rc.Close()
	p := Peer{Name: name, Path: path, Summaries: make(map[string]string)}
	firstLine := make(map[string]int)
	err = Lines(rc, func(b []byte, n int) error {
		var rec struct {
			ID      *string `json:"id"`
			Summary *string `json:"summary"`
		}
		if err := json.Unmarshal(b, &rec); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
		switch {
		case rec.ID == nil || *rec.ID == "":
			return fmt.Errorf("%s:%d: no \"id\" string", path, n)
		case rec.Summary == nil:
			return fmt.Errorf("%s:%d (%s): no \"summary\" string", path, n, *rec.ID)
		}
		if prev, dup := firstLine[*rec.ID]; dup {
			return fmt.Errorf("%s:%d: id %q already given on line %d", path, n, *rec.ID, prev)
		}
		firstLine[*rec.ID] = n
		p.Summaries[*rec.ID] = *rec.Summary
		return nil
	})
	if err != nil {
		// Lines reports its own read errors as "line N: ..."; prefix the file.
		if !strings.HasPrefix(err.Error(), path+":") {
			err = fmt.Errorf("%s: %w", path, err)
		}
		return Peer{}, fmt.Errorf("peer %s: %w", name, err)
	}
	return p, nil
}

// CutWords keeps the first maxWords white-space-separated words of s (all
// of them when maxWords <= 0). Line breaks between the kept words survive,
// so ROUGE-Lsum still sees the peer's sentences; runs of other white space
// become one space and blank lines are dropped.
func CutWords(s string, maxWords int) string {
	var b strings.Builder
	words := 0
	for line := range strings.SplitSeq(s, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if maxWords > 0 {
			if words >= maxWords {
				break
			}
			if words+len(f) > maxWords {
				f = f[:maxWords-words]
			}
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Join(f, " "))
		words += len(f)
	}
	return b.String()
}

// PeerCoverage says which evaluated clusters a peer file lacks and how many
// of its summaries belong to no evaluated cluster.
type PeerCoverage struct {
	Missing []string // IDs of evaluated clusters without a summary, in data order
	Extra   int      // summaries whose ID is not an evaluated cluster
}

// EvaluatePeers scores each peer exactly as Evaluate scores the in-project
// systems: on the clusters that have references, against the same
// references combined the same way, each summary cut at o.MaxWords words
// (CutWords). A cluster missing from a peer's file counts as an empty
// summary (all scores 0) and is listed in the peer's coverage, which the
// caller must report. Rows carry Time NoTime.
func EvaluatePeers(ctx context.Context, clusters []Cluster, peers []Peer, o Options) ([]Row, []PeerCoverage, error) {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	var use []Cluster
	evaluated := make(map[string]bool)
	for _, c := range clusters {
		if len(c.Refs) > 0 {
			use = append(use, c)
			evaluated[c.ID] = true
		}
	}
	if len(use) == 0 {
		return nil, nil, fmt.Errorf("no cluster with a reference summary")
	}
	tks := make(chan *rouge.Tokenizer, o.Workers)
	for range o.Workers {
		tks <- rouge.NewTokenizer()
	}
	refs := make([][]rouge.Text, len(use))
	parallel(len(use), o.Workers, func(i int) {
		tk := <-tks
		for _, r := range use[i].Refs {
			refs[i] = append(refs[i], tk.Prepare(r))
		}
		tks <- tk
	})
	rows := make([]Row, 0, len(peers))
	covs := make([]PeerCoverage, 0, len(peers))
	for _, p := range peers {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		var cov PeerCoverage
		for _, c := range use {
			if _, ok := p.Summaries[c.ID]; !ok {
				cov.Missing = append(cov.Missing, c.ID)
			}
		}
		for id := range p.Summaries {
			if !evaluated[id] {
				cov.Extra++
			}
		}
		sc := make([]rouge.Scores, len(use))
		words := make([]int, len(use))
		parallel(len(use), o.Workers, func(i int) {
			out := CutWords(p.Summaries[use[i].ID], o.MaxWords)
			tk := <-tks
			sc[i] = rouge.Compare(tk.Prepare(out), refs[i], o.Multi)
			tks <- tk
			words[i] = summarize.WordCount(out)
		})
		row := Row{Name: p.Name, Time: NoTime, N: len(use)}
		row.addMeans(sc, words)
		rows = append(rows, row)
		covs = append(covs, cov)
	}
	return rows, covs, nil
}

// PeerWarning describes a peer's coverage problems in one line ("" when it
// has a summary for every evaluated cluster); at most five missing IDs are
// named.
func PeerWarning(p Peer, c PeerCoverage, evaluated int) string {
	if len(c.Missing) == 0 {
		return ""
	}
	ids := c.Missing
	more := ""
	if len(ids) > 5 {
		more = fmt.Sprintf(", ... (%d more)", len(ids)-5)
		ids = ids[:5]
	}
	return fmt.Sprintf("peer %s: %s has no summary for %d of %d evaluated clusters, scored as empty summaries: %s%s",
		p.Name, p.Path, len(c.Missing), evaluated, strings.Join(ids, ", "), more)
}

// timeCell formats a row's time for WriteTable.
func timeCell(d time.Duration) string {
	if d == NoTime {
		return "-"
	}
	return d.Round(time.Millisecond).String()
}
