// Command serveload is chorus's HTTP load benchmark: it fills a SQLite
// store with fabricated stories (storetest.FakeStory: 3 to 5 articles and
// a full brief each) and then sends requests to a running `chorus serve`
// at a fixed rate (open loop: latency is measured from when each request
// was due, so a slow server cannot hide its queueing), and prints p50,
// p90, p99 and max per target. See bench/README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/chorusnews/chorus/internal/store/sqlite"
	"github.com/chorusnews/chorus/internal/store/storetest"
)

func main() {
	populate := flag.Int("populate", 0, "fill -db with fabricated stories until it holds at least this many articles, then exit")
	db := flag.String("db", "bench.db", "SQLite file for -populate")
	base := flag.String("url", "http://127.0.0.1:8080", "server to load")
	rate := flag.Int("rate", 500, "requests per second")
	dur := flag.Duration("duration", 30*time.Second, "how long to send")
	stories := flag.Int("stories", 0, "number of fabricated stories in the store (story-0 .. story-N-1)")
	target := flag.String("target", "page", "page (/stories/{id}), api (/api/stories/{id}), list (/api/stories?offset=), search (/api/search?q=), article (/api/articles/{id})")
	seed := flag.Uint64("seed", 1, "random seed for the ids requested")
	flag.Parse()
	if *populate > 0 {
		if err := fill(*db, *populate); err != nil {
			fmt.Fprintln(os.Stderr, "serveload:", err)
			os.Exit(1)
		}
		return
	}
	if *stories <= 0 {
		fmt.Fprintln(os.Stderr, "serveload: -stories is required (how many fabricated stories the server holds)")
		os.Exit(2)
	}
	if err := load(*base, *target, *rate, *dur, *stories, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "serveload:", err)
		os.Exit(1)
	}
}

// fill adds fabricated stories until the store has at least n articles.
func fill(path string, n int) error {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	have, nst, err := st.Counts(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	i := nst
	for have < n {
		arts, _ := storetest.FakeStory(i)
		if err := storetest.LoadFake(ctx, st, i, i+1); err != nil {
			return err
		}
		have += len(arts)
		i++
		if i%5000 == 0 {
			fmt.Fprintf(os.Stderr, "%d stories, %d articles, %s\n", i, have, time.Since(start).Round(time.Second))
		}
	}
	fmt.Printf("store %s: %d articles in %d stories (filled in %s)\n", path, have, i, time.Since(start).Round(time.Millisecond))
	return nil
}

var searchWords = []string{"castelbrun", "ferry", "storm damage", "reservoir", "norrvik bridge", "engineers safe", "tram depot", "quenby"}

func load(base, target string, rate int, dur time.Duration, stories int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, seed))
	paths := make([]string, 0, rate*int(dur.Seconds())+1)
	n := int(float64(rate) * dur.Seconds())
	for range n {
		id := rng.IntN(stories)
		switch target {
		case "page":
			paths = append(paths, fmt.Sprintf("/stories/story-%d", id))
		case "api":
			paths = append(paths, fmt.Sprintf("/api/stories/story-%d", id))
		case "list":
			paths = append(paths, fmt.Sprintf("/api/stories?offset=%d", rng.IntN(50)*20))
		case "search":
			paths = append(paths, "/api/search?q="+url.QueryEscape(searchWords[rng.IntN(len(searchWords))]))
		case "article":
			paths = append(paths, fmt.Sprintf("/api/articles/f%d-%d", id, rng.IntN(3)))
		default:
			return fmt.Errorf("unknown -target %q", target)
		}
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2000, MaxIdleConns: 2000}}
	// Warm up: one request, so the first measured ones do not pay for a cold start.
	if res, err := client.Get(base + paths[0]); err != nil {
		return err
	} else {
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	lat := make([]time.Duration, n)
	status := make([]int, n)
	interval := time.Second / time.Duration(rate)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range n {
		due := start.Add(time.Duration(i) * interval)
		time.Sleep(time.Until(due))
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := client.Get(base + paths[i])
			if err != nil {
				status[i] = -1
				lat[i] = time.Since(due)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			lat[i] = time.Since(due)
			status[i] = res.StatusCode
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	bad := 0
	for _, s := range status {
		if s != http.StatusOK {
			bad++
		}
	}
	sorted := slices.Clone(lat)
	slices.Sort(sorted)
	q := func(p float64) time.Duration { return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))] }
	fmt.Printf("target=%s requests=%d rate=%d/s achieved=%.0f/s non-200=%d p50=%s p90=%s p99=%s max=%s\n",
		target, n, rate, float64(n)/elapsed.Seconds(), bad, q(.50).Round(10*time.Microsecond), q(.90).Round(10*time.Microsecond),
		q(.99).Round(10*time.Microsecond), sorted[len(sorted)-1].Round(10*time.Microsecond))
	return nil
}
