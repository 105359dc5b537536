// Command benchreport turns the raw output of scripts/bench.sh into the
// "Latest figures" section of docs/BENCHMARKS.md: every benchmark with its
// metrics, and the ratios against each reference run side by side.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// result is one benchmark line: name (without -P suffix) and unit → value.
type result struct {
	name    string
	metrics map[string]float64
	order   []string
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+(\d+)\s+(.*)$`)

func parse(path string) ([]result, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var rs []result
	var extra []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "E2E ") {
			extra = append(extra, strings.TrimPrefix(line, "E2E "))
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		r := result{name: strings.TrimPrefix(m[1], "Benchmark"), metrics: map[string]float64{}}
		fields := strings.Fields(m[3])
		for i := 0; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			r.metrics[fields[i+1]] = v
			r.order = append(r.order, fields[i+1])
		}
		rs = append(rs, r)
	}
	return rs, extra, sc.Err()
}

func find(rs []result, name string) (result, bool) {
	for _, r := range rs {
		if r.name == name {
			return r, true
		}
	}
	return result{}, false
}

func human(unit string, v float64) string {
	if unit == "ns/op" || unit == "ns/frame" {
		return time.Duration(v).Round(time.Microsecond).String()
	}
	if v >= 1000 {
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// ratios are the reference pairs: subject / reference on ns/op.
var ratios = []struct{ label, subject, reference, target string }{
	{"reading pane vs Fyne RichText, 20k-word layout", "ReadingPaneLayout20kWords", "RichTextLayout20kWords", "≤ 1.0"},
	{"indexed matching vs all-pairs, 5,000 quotes", "MatchIndexed5000", "MatchAllPairs5000", "the lower the better"},
}

func main() {
	in := flag.String("in", "docs/bench/latest.txt", "raw bench output")
	out := flag.String("out", "docs/BENCHMARKS.md", "markdown file with bench markers")
	flag.Parse()
	rs, extra, err := parse(*in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Run of %s on %s.\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"), machine())
	b.WriteString("| benchmark | time/op | other metrics |\n|---|---|---|\n")
	for _, r := range rs {
		var other []string
		for _, u := range r.order {
			if u != "ns/op" {
				other = append(other, human(u, r.metrics[u])+" "+u)
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", r.name, human("ns/op", r.metrics["ns/op"]), strings.Join(other, ", "))
	}
	b.WriteString("\n**Against the references**\n\n| comparison | ratio | target |\n|---|---|---|\n")
	for _, q := range ratios {
		s, ok1 := find(rs, q.subject)
		r, ok2 := find(rs, q.reference)
		if ok1 && ok2 && r.metrics["ns/op"] > 0 {
			fmt.Fprintf(&b, "| %s | %.3f | %s |\n", q.label, s.metrics["ns/op"]/r.metrics["ns/op"], q.target)
		}
	}
	// Doubling ratios of the matcher, on CPU time when the benchmark
	// reports it (wall time on a shared machine swings with the load).
	var sizes []int
	byN := map[int]float64{}
	unit := "cpu-s/op"
	for _, r := range rs {
		if n, ok := strings.CutPrefix(r.name, "MatchQuotes/quotes="); ok {
			if v, err := strconv.Atoi(n); err == nil {
				sizes = append(sizes, v)
				byN[v] = r.metrics["cpu-s/op"]
				if byN[v] == 0 {
					unit = "ns/op"
				}
			}
		}
	}
	if unit == "ns/op" {
		for _, r := range rs {
			if n, ok := strings.CutPrefix(r.name, "MatchQuotes/quotes="); ok {
				if v, err := strconv.Atoi(n); err == nil {
					byN[v] = r.metrics["ns/op"]
				}
			}
		}
	}
	sort.Ints(sizes)
	for i := 1; i < len(sizes); i++ {
		if sizes[i] == 2*sizes[i-1] && byN[sizes[i-1]] > 0 {
			fmt.Fprintf(&b, "| matching, %d → %d quotes (doubling, %s) | %.2f | ≤ 2.3 |\n", sizes[i-1], sizes[i], unit, byN[sizes[i]]/byN[sizes[i-1]])
		}
	}
	// Incremental refresh of a story against the full match, per size.
	for _, r := range rs {
		size, ok := strings.CutPrefix(r.name, "ImportOneIntoLargeStory/")
		if !ok {
			continue
		}
		if full, ok := find(rs, "RefreshLargeStory/"+size); ok && full.metrics["refresh-ms/op"] > 0 {
			fmt.Fprintf(&b, "| refresh after one more article, incremental vs full, %s | %.3f (%.1f vs %.1f ms) | the lower the better |\n",
				size, r.metrics["refresh-ms/op"]/full.metrics["refresh-ms/op"], r.metrics["refresh-ms/op"], full.metrics["refresh-ms/op"])
		}
	}
	for _, e := range extra {
		label, ratio := e, ""
		if i := strings.LastIndex(e, ", ratio "); i >= 0 {
			label, ratio = e[:i], e[i+len(", ratio "):]
		}
		fmt.Fprintf(&b, "| %s | %s | ≤ 3.0 |\n", label, ratio)
	}
	if err := splice(*out, b.String()); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

func machine() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	name := "unknown CPU"
	if err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(l, "model name") {
				name = strings.TrimSpace(strings.SplitN(l, ":", 2)[1])
				break
			}
		}
	}
	return fmt.Sprintf("%s, %d cores", name, cpus())
}

func cpus() int {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	return strings.Count(string(data), "processor\t:")
}

const begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"

// splice replaces the text between the markers, or appends the section.
func splice(path, section string) error {
	data, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	doc := string(data)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	block := begin + "\n" + section + end
	if i >= 0 && j > i {
		doc = doc[:i] + block + doc[j+len(end):]
	} else {
		doc += "\n## Latest figures\n\n" + block + "\n"
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(doc), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
