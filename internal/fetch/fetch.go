// Package fetch downloads article pages and feeds politely and safely:
// per-request timeouts, a response size limit, a cap on concurrent
// requests per host, http(s) only, and refusal to connect to loopback,
// private, link-local and other non-public addresses (checked on the
// resolved IP at dial time, so redirects and DNS tricks are covered)
// unless allowed. It also reads RSS, Atom and JSON feeds through gofeed.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ErrForbiddenAddress is returned for URLs that resolve to a non-public
// address while private addresses are not allowed.
var ErrForbiddenAddress = errors.New("address not allowed")

// ErrTooLarge is returned when a response exceeds Options.MaxBytes.
var ErrTooLarge = errors.New("response too large")

// Options are the fetcher's limits. Zero values get the defaults.
type Options struct {
	Timeout      time.Duration // whole request, default 20s
	MaxBytes     int64         // response body limit, default 5 MiB
	PerHost      int           // concurrent requests per host, default 2
	MaxRedirects int           // default 5
	AllowPrivate bool          // allow loopback/private/link-local targets
	UserAgent    string        // default "chorus/1 (+https://github.com/chorusnews/chorus)"
}

// Fetcher is safe for concurrent use.
type Fetcher struct {
	opt    Options
	client *http.Client
	mu     sync.Mutex
	hosts  map[string]chan struct{}
}

// Page is one fetched resource.
type Page struct {
	URL         string // final URL after redirects
	ContentType string
	Body        []byte
}

// New returns a fetcher with opt's limits.
func New(opt Options) *Fetcher {
	if opt.Timeout <= 0 {
		opt.Timeout = 20 * time.Second
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = 5 << 20
	}
	if opt.PerHost <= 0 {
		opt.PerHost = 2
	}
	if opt.MaxRedirects <= 0 {
		opt.MaxRedirects = 5
	}
	if opt.UserAgent == "" {
		opt.UserAgent = "chorus/1 (+https://github.com/chorusnews/chorus)"
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !opt.AllowPrivate {
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s: %v", ErrForbiddenAddress, address, err)
			}
			if !Public(ap.Addr()) {
				return fmt.Errorf("%w: %s is not a public address (use --allow-private)", ErrForbiddenAddress, ap.Addr())
			}
			return nil
		}
	}
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would hide the real target from the address check
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: opt.Timeout,
		MaxIdleConnsPerHost:   opt.PerHost,
		IdleConnTimeout:       60 * time.Second,
	}
	f := &Fetcher{opt: opt, hosts: map[string]chan struct{}{}}
	f.client = &http.Client{Transport: tr, Timeout: opt.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= opt.MaxRedirects {
				return fmt.Errorf("stopped after %d redirects", opt.MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s URL refused", req.URL.Scheme)
			}
			return nil
		}}
	return f
}

// Public reports whether addr is a globally routable unicast address.
func Public(addr netip.Addr) bool {
	addr = addr.Unmap()
	if !addr.IsValid() || addr.IsLoopback() || addr.IsPrivate() || addr.IsUnspecified() || addr.IsMulticast() ||
		addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() || addr.IsInterfaceLocalMulticast() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

// nonPublic are special-purpose ranges the netip predicates do not cover.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64 (may reach IPv4 private space)
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
}

// acquire takes one of host's slots, waiting while all are in use.
func (f *Fetcher) acquire(ctx context.Context, host string) (func(), error) {
	f.mu.Lock()
	sem, ok := f.hosts[host]
	if !ok {
		sem = make(chan struct{}, f.opt.PerHost)
		f.hosts[host] = sem
	}
	f.mu.Unlock()
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Get fetches raw (an absolute http or https URL).
func (f *Fetcher) Get(ctx context.Context, raw string) (*Page, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("fetch %q: not an absolute http(s) URL", raw)
	}
	release, err := f.acquire(ctx, strings.ToLower(u.Hostname()))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", raw, err)
	}
	defer release()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", raw, err)
	}
	req.Header.Set("User-Agent", f.opt.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/json;q=0.9,text/plain;q=0.8,*/*;q=0.5")
	res, err := f.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", raw, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s: HTTP %s", raw, res.Status)
	}
	if res.ContentLength > f.opt.MaxBytes {
		return nil, fmt.Errorf("fetch %s: %w: %d bytes, limit %d", raw, ErrTooLarge, res.ContentLength, f.opt.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, f.opt.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", raw, err)
	}
	if int64(len(body)) > f.opt.MaxBytes {
		return nil, fmt.Errorf("fetch %s: %w: over %d bytes", raw, ErrTooLarge, f.opt.MaxBytes)
	}
	return &Page{URL: res.Request.URL.String(), ContentType: res.Header.Get("Content-Type"), Body: body}, nil
}
