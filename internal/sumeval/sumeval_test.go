package sumeval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/rouge"
	"github.com/chorusnews/chorus/internal/summarize"
)

func TestParseLineShapes(t *testing.T) {
	c, err := ParseLine([]byte(`{"id":"x1","documents":["A b.","C d."],"summary":"ref","other":1}`), 3)
	if err != nil || c.ID != "x1" || len(c.Texts) != 2 || len(c.Refs) != 1 || c.Line != 3 {
		t.Fatalf("multi-news shape: %+v %v", c, err)
	}
	c, err = ParseLine([]byte(`{"cluster_id":"D1","documents":[{"id":"a","text":"T."}],"model_summaries":{"k2":"second","k1":"first"}}`), 1)
	if err != nil || c.ID != "D1" || c.Texts[0] != "T." || strings.Join(c.Refs, ",") != "first,second" {
		t.Fatalf("duc shape: %+v %v", c, err)
	}
	for _, bad := range []string{`{"documents":["a"]}`, `{"id":"a"}`, `{"id":"a","documents":[3]}`, `{"id":"a","documents":[{"x":1}]}`, `not json`} {
		_, err := ParseLine([]byte(bad), 7)
		if err == nil || !strings.Contains(err.Error(), "line 7") {
			t.Fatalf("%s: error %v does not name line 7", bad, err)
		}
	}
	// A bad document is left out, the others kept, and each named.
	c, err = ParseLine([]byte(`{"id":"m","documents":["A b.",3,{"x":1},{"text":"C d."}]}`), 9)
	if err != nil || strings.Join(c.Texts, "|") != "A b.|C d." || len(c.Skipped) != 2 ||
		!strings.Contains(c.Skipped[0].Error(), "line 9 (m): document 1") || !strings.Contains(c.Skipped[1].Error(), "document 2") {
		t.Fatalf("mixed documents: %+v %v", c, err)
	}
}

// A line with a bad document is still summarised from the others, with a
// warning naming the document; without a warn function it ends the batch.
func TestBatchLeavesOutBadDocuments(t *testing.T) {
	in := `{"id":"a","documents":["The river rose two metres overnight. Families left their homes before dawn.", 42]}` + "\n" +
		`{"id":"b","documents":["Rescue teams reached the valley by boat. Roads were cut."]}` + "\n"
	var out bytes.Buffer
	var warnings []string
	var warned error
	n, err := Batch(context.Background(), strings.NewReader(in), &out, summarize.Options{}, 2, func(e error) { warnings, warned = append(warnings, e.Error()), e })
	if err != nil || n != 2 {
		t.Fatalf("wrote %d lines, error %v", n, err)
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 2 || !strings.Contains(lines[0], `"id":"a","summary":"The river rose`) {
		t.Fatalf("output %q", out.String())
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "line 1 (a): document 1") || !errors.Is(warned, ErrDocumentLeftOut) {
		t.Fatalf("warnings %q", warnings)
	}
	if _, err := Batch(context.Background(), strings.NewReader(in), &bytes.Buffer{}, summarize.Options{}, 2, nil); err == nil || !strings.Contains(err.Error(), "document 1") {
		t.Fatalf("strict batch: error %v", err)
	}
}

func TestBatchKeepsOrderAndLength(t *testing.T) {
	var in bytes.Buffer
	for i := range 40 {
		line, _ := json.Marshal(map[string]any{
			"id": "c" + strings.Repeat("x", i),
			"documents": []string{
				"The river rose two metres overnight. Families left their homes before dawn. Schools stayed closed.",
				"Rescue teams reached the valley by boat. The river rose faster than forecast. Roads were cut.",
			},
		})
		in.Write(line)
		in.WriteByte('\n')
	}
	var out, one bytes.Buffer
	input := in.Bytes()
	n, err := Batch(context.Background(), bytes.NewReader(input), &out, summarize.Options{MaxWords: 12}, 3, nil)
	if err != nil || n != 40 {
		t.Fatalf("n %d err %v", n, err)
	}
	if _, err := Batch(context.Background(), bytes.NewReader(input), &one, summarize.Options{MaxWords: 12}, 1, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), one.Bytes()) {
		t.Fatal("output depends on the number of workers")
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	for i, l := range lines {
		var r struct{ ID, Summary string }
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if r.ID != "c"+strings.Repeat("x", i) {
			t.Fatalf("line %d has id %q", i, r.ID)
		}
		if w := len(strings.Fields(r.Summary)); w == 0 || w > 12 {
			t.Fatalf("line %d: %d words", i, w)
		}
	}
}

func TestBatchNamesBadLine(t *testing.T) {
	in := strings.NewReader("{\"id\":\"a\",\"documents\":[\"One sentence here.\"]}\n\n{\"id\":\"b\",\"documents\":\"oops\"}\n")
	_, err := Batch(context.Background(), in, &bytes.Buffer{}, summarize.Options{}, 2, nil)
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("error %v does not name line 3", err)
	}
}

func TestBatchSkipsBadLinesWithWarn(t *testing.T) {
	in := strings.NewReader("{\"id\":\"a\",\"documents\":[\"One sentence here. Another one there.\"]}\nnot json\n{\"id\":\"b\",\"documents\":\"oops\"}\n{\"cluster_id\":\"c\",\"documents\":[{\"text\":\"The port reopened. Ships came in.\"}]}\n")
	var out bytes.Buffer
	var warns []string
	n, err := Batch(context.Background(), in, &out, summarize.Options{}, 2, func(err error) { warns = append(warns, err.Error()) })
	if err != nil || n != 2 {
		t.Fatalf("n = %d, err = %v; want the two good clusters", n, err)
	}
	if got := out.String(); !strings.Contains(got, `"id":"a"`) || !strings.Contains(got, `"id":"c"`) {
		t.Errorf("output lacks a good cluster:\n%s", got)
	}
	if len(warns) != 2 || !strings.Contains(warns[0], "line 2") || !strings.Contains(warns[1], "line 3") {
		t.Errorf("warnings %q, want lines 2 and 3", warns)
	}
}

func TestOraclePicksMatchingSentences(t *testing.T) {
	docs := []summarize.Document{
		{Sentences: []string{"The weather was mild all week.", "The mayor opened the new library on Friday."}},
		{Sentences: []string{"Ticket prices rose for the third time.", "Crowds queued for the library's first day."}},
	}
	tk := rouge.NewTokenizer()
	refs := []rouge.Text{tk.Prepare("The mayor opened the new library on Friday and crowds queued on its first day.")}
	picks := Oracle(tk, docs, refs, 100)
	if len(picks) != 2 || picks[0].Doc != 0 || picks[0].Sent != 1 || picks[1].Doc != 1 || picks[1].Sent != 1 {
		t.Fatalf("oracle picked %+v", picks)
	}
	// Extended, it goes on with the other two sentences after the same
	// two, until the words run out.
	ext, rising := oracle(tk, docs, refs, 100, true)
	if rising != 2 || len(ext) != 4 || ext[0] != picks[0] || ext[1] != picks[1] {
		t.Fatalf("extended oracle picked %+v, rising for %d", ext, rising)
	}
	if ext, rising := oracle(tk, docs, refs, 8, true); rising != 1 || len(ext) != 1 {
		t.Fatalf("extended oracle at 8 words picked %+v, rising for %d", ext, rising)
	}
}

// dataFile finds ../shared/data from the module root.
func dataFile(t testing.TB, rel string) string {
	dir, _ := os.Getwd()
	for range 6 {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "..", "shared", "data", rel)
			if _, err := os.Stat(p); err != nil {
				t.Skipf("dataset %s not available: %v", rel, err)
			}
			return p
		}
		dir = filepath.Dir(dir)
	}
	t.Skip("module root not found")
	return ""
}

// dataFileIfPresent is dataFile's path, or "" when the data is absent.
func dataFileIfPresent(rel string) string {
	dir, _ := os.Getwd()
	for range 6 {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "..", "shared", "data", rel)
			if _, err := os.Stat(p); err != nil {
				return ""
			}
			return p
		}
		dir = filepath.Dir(dir)
	}
	return ""
}

// BenchmarkBatchMultiNewsVal times chorus summarize over the first 500
// Multi-News validation clusters (all cores); skipped without the data.
func BenchmarkBatchMultiNewsVal(b *testing.B) {
	cs, err := ReadFile(dataFile(b, "multinews/val.jsonl.gz"), 500)
	if err != nil {
		b.Fatal(err)
	}
	var in bytes.Buffer
	for _, c := range cs {
		line, _ := json.Marshal(map[string]any{"id": c.ID, "documents": c.Texts})
		in.Write(line)
		in.WriteByte('\n')
	}
	summarize.Default()
	b.SetBytes(int64(in.Len()))
	for b.Loop() {
		if _, err := Batch(context.Background(), bytes.NewReader(in.Bytes()), &bytes.Buffer{}, summarize.Options{}, runtime.GOMAXPROCS(0), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBatchMultiNewsValFile is the batch path of `chorus summarize`
// over the whole Multi-News validation file (5,622 clusters): gzip
// reading, JSON decoding, summarising on all cores and writing; the
// embedded model is loaded before timing. Skipped without the data.
func BenchmarkBatchMultiNewsValFile(b *testing.B) {
	path := dataFile(b, "multinews/val.jsonl.gz")
	summarize.Default()
	batchLoop(b, path)
}

func TestParseForBatchMatchesParseLine(t *testing.T) {
	lines := []string{
		`{"id":"x1","documents":["A b.","C d."],"summary":"ref","other":1}`,
		`{"cluster_id":"D1","documents":[{"text":"A b."},{"text":"C d.","title":"t"}],"model_summaries":{"A":"r"}}`,
		`{"cluster_id":"D2","documents":["Only one."]}`,
		`{"id":"x2","documents":["A b.",null]}`,
		`{"id":"x3","documents":["", "B c."]}`,
		`{"id":"x4","documents":"oops"}`,
		`{"id":"","documents":["A."]}`,
		`{"id":"x5","documents":["A."],"summary":3}`,
		`{"id":"x6"}`,
		`not json`,
	}
	for i, l := range lines {
		c, err := ParseLine([]byte(l), i+1)
		id, texts, skipped, ferr := parseForBatch([]byte(l), i+1)
		if (err == nil) != (ferr == nil) || err != nil && err.Error() != ferr.Error() {
			t.Fatalf("%s: errors %v and %v", l, err, ferr)
		}
		if err == nil && (id != c.ID || strings.Join(texts, "|") != strings.Join(c.Texts, "|") || len(skipped) != len(c.Skipped)) {
			t.Fatalf("%s: %q %q %v, ParseLine %q %q %v", l, id, texts, skipped, c.ID, c.Texts, c.Skipped)
		}
	}
}

func TestBatchStopsWhenCancelled(t *testing.T) {
	var in bytes.Buffer
	for range 300 {
		in.WriteString(`{"id":"a","documents":["The river rose two metres overnight. Families left."]}` + "\n")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Batch(ctx, &in, &bytes.Buffer{}, summarize.Options{}, 2, nil); err == nil {
		t.Fatal("cancelled batch returned no error")
	}
}

func TestFastLineMatchesParseLine(t *testing.T) {
	lines := []string{
		`{"id":"x1","documents":["A b.","C d."],"summary":"ref"}`,
		` { "id" : "x2" , "documents" : [ "A \"quoted\" b.\nNext" , "caf\u00e9 \ud83d\ude00 \ud800 x" ] , "summary" : null } `,
		"{\"id\":\"x3\",\"documents\":[\"bad \xff utf8\", \"ok\"]}",
		`{"id":"x3b","documents":["all \" \\ \/ \b \f \n \r \t escapes", "end \\"]}`,
		`{"cluster_id":"D2","documents":["Only one."]}`,
		`{"id":"","cluster_id":"D3","documents":[]}`,
		`{"id":"x4","documents":["A b.",null]}`,
		`{"id":"x5","documents":["", "B c."]}`,
		`{"id":"x6","documents":"oops"}`,
		`{"id":"","documents":["A."]}`,
		`{"id":"x7","documents":["A."],"summary":3}`,
		`{"id":"x8"}`,
		`{"id":"x9","documents":["A."],"id":"x10"}`,
		`{"ID":"x11","documents":["A."]}`,
		`{"id":"x12","documents":["A."],"other":{"k":[1,2]}}`,
		`{"id":"x13","documents":["A."]} trailing`,
		"{\"id\":\"x14\",\"documents\":[\"ctrl \x01 char\"]}",
		`{"id":"x15","documents":["bad \q escape"]}`,
		`{"id":"x16","documents":["unterminated]}`,
		`{"id":"x17","documents":["quote \' escape"]}`,
		`{"id":"x18","documents":["trailing \` + "\"" + `]}`,
		`{"cluster_id":"D4","documents":[{"text":"A b."}]}`,
		`not json`,
		``,
	}
	crafted := len(lines)
	if p := dataFileIfPresent("multinews/val.jsonl.gz"); p != "" {
		rc, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		Lines(rc, func(b []byte, n int) error {
			if n <= 200 {
				lines = append(lines, string(b))
			}
			return nil
		})
		rc.Close()
	}
	common := 6 // the first lines and the data's lines are in the common shape
	for i, l := range lines {
		c, err := ParseLine([]byte(l), i+1)
		id, texts, ok := fastLine([]byte(l))
		if !ok && (i < common || i >= crafted) {
			t.Fatalf("%q: fastLine does not take a line of the common shape", l)
		}
		if ok && (err != nil || id != c.ID || !slices.Equal(texts, c.Texts)) {
			t.Fatalf("%q: fastLine %q %q, ParseLine %q %q %v", l, id, texts, c.ID, c.Texts, err)
		}
		id, texts, _, ferr := parseForBatch([]byte(l), i+1)
		if (err == nil) != (ferr == nil) || err != nil && err.Error() != ferr.Error() {
			t.Fatalf("%q: errors %v and %v", l, err, ferr)
		}
		if err == nil && (id != c.ID || !slices.Equal(texts, c.Texts)) {
			t.Fatalf("%q: %q %q, ParseLine %q %q", l, id, texts, c.ID, c.Texts)
		}
	}
}

func TestHasControlMatchesByteLoop(t *testing.T) {
	values := []byte{0x00, 0x01, 0x1f, 0x20, 0x21, 0x7f, 0x80, 0x9f, 0xa0, 0xff, 'a', '"'}
	for n := range 20 {
		for pos := range n {
			for _, v := range values {
				b := bytes.Repeat([]byte{0x20}, n)
				for k := range b {
					b[k] = values[(k*7+n)%len(values)] | 0x20 // never below 0x20
				}
				b[pos] = v
				want := v < 0x20
				if got := hasControl(b); got != want {
					t.Fatalf("%x: hasControl %v, want %v", b, got, want)
				}
			}
		}
	}
}

// The same on random strings long enough for the eight-byte steps, with
// every kind of byte at every position.
func TestAppendJSONStringMatchesMarshalRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	parts := []string{"a", "b", " ", ".", "\"", "\\", "<", ">", "&", "\n", "\t", "\x00", "\x1f", "\x7f", "é", "“", "\u2028", "\u2029", "\xff", "\xe2\x80", "😀"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(60) {
			// Mostly plain bytes, so that many runs of eight bytes need
			// no escaping.
			k := r.IntN(len(parts))
			if r.IntN(4) > 0 {
				k = r.IntN(4)
			}
			b.WriteString(parts[k])
		}
		s := b.String()
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendJSONString([]byte("x"), s)
		if err != nil || string(got) != "x"+string(want) {
			t.Fatalf("%q: got %s (%v), json.Marshal %s", s, got, err, want)
		}
	}
}

func TestAppendJSONStringMatchesMarshal(t *testing.T) {
	for _, s := range []string{
		"", "plain words.", "a \"quote\"", `back\slash`, "<b> & </b>", "tab\there", "line\nbreak",
		"“curly” quotes — dash", "ellipsis…", "bad \xff byte", "cut \xe2\x80", "sep\u2028x", "para\u2029y",
		"nul\x00", "del\x7f", "emoji 😀", "é", "\ufffd", "one.\ntwo \"q\" \\ end\r\t", "“x”\n\"y\"", "\x01\n", "a\bb\fc",
	} {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendJSONString([]byte("x"), s)
		if err != nil || string(got) != "x"+string(want) {
			t.Errorf("%q: got %s (%v), json.Marshal %s", s, got, err, want)
		}
	}
}

// The whole validation file, its words first given to a summarize.Primer
// (as chorus summarize does during start-up): run it in a process of its
// own (-bench 'ValFilePrimed$'), since the primed words stay for the
// process's later benchmarks.
func BenchmarkBatchMultiNewsValFilePrimed(b *testing.B) {
	path := dataFile(b, "multinews/val.jsonl.gz")
	rc, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		b.Fatal(err)
	}
	p := summarize.NewPrimer()
	p.Add(data)
	p.Publish(summarize.Default())
	batchLoop(b, path)
}

// batchLoop times Batch over the file at path, opened anew each time.
func batchLoop(b *testing.B, path string) {
	for b.Loop() {
		rc, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Batch(context.Background(), rc, io.Discard, summarize.Options{}, runtime.GOMAXPROCS(0), nil); err != nil {
			b.Fatal(err)
		}
		rc.Close()
	}
}
