package annotate

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// BenchmarkExtractQuotes measures extraction with attribution over a
// generated article of realistic shape (about 4 KB, two dozen paragraphs, a
// mix of quote forms). b.SetBytes makes go test report MB/s of wall time;
// MB/cpu-s divides by the CPU time the process used instead (garbage
// collection included), the per-core figure that holds on a busy machine.
func BenchmarkExtractQuotes(b *testing.B) {
	body := generateArticle(7, 24)
	title := "Council approves ‘historic’ harbour plan"
	b.SetBytes(int64(len(title) + len(body)))
	b.ReportAllocs()
	cpu := extractCPUTime()
	for b.Loop() {
		ExtractQuotes(title, body)
	}
	reportCPUThroughput(b, len(title)+len(body), extractCPUTime()-cpu)
}

// BenchmarkExtractQuotesLarge measures one megabyte of such articles in one
// text, to show the time stays linear.
func BenchmarkExtractQuotesLarge(b *testing.B) {
	var sb strings.Builder
	for seed := uint64(1); sb.Len() < 1<<20; seed++ {
		sb.WriteString(generateArticle(seed, 14))
		sb.WriteString("\n\n")
	}
	body := sb.String()
	b.SetBytes(int64(len(body)))
	cpu := extractCPUTime()
	for b.Loop() {
		ExtractQuotes("", body)
	}
	reportCPUThroughput(b, len(body), extractCPUTime()-cpu)
}

// reportCPUThroughput reports megabytes per second of CPU time.
func reportCPUThroughput(b *testing.B, bytes int, cpu time.Duration) {
	if cpu > 0 {
		b.ReportMetric(float64(b.N)*float64(bytes)/1e6/cpu.Seconds(), "MB/cpu-s")
	}
}

// generateArticle writes a deterministic news article of paras paragraphs:
// narrative with fictional names and roles, quotes attributed before and
// after, interrupted and multi-paragraph quotes, pronouns, quoted terms,
// apostrophes and both kinds of marks.
func generateArticle(seed uint64, paras int) string {
	r := rand.New(rand.NewPCG(seed, seed*7919+1))
	first := []string{"Imelda", "Corwin", "Aylin", "Tobias", "Marisol", "Dev", "Henrike", "Olufemi"}
	last := []string{"Strand", "Okonjo", "Varga", "Lindqvist", "Marr", "Castellano", "Beaumont", "Huxtable"}
	roles := []string{"harbour master", "council leader", "union organiser", "chief engineer", "local resident"}
	words := strings.Fields("the harbour plan would cost more than anyone expected and the council has not said " +
		"how it will be paid for but residents want answers before the vote next month on the new quay wall " +
		"which engineers say is already cracking after two winters of storms")
	sentence := func(min, max int) string {
		n := min + r.IntN(max-min+1)
		start := r.IntN(len(words) - n)
		s := strings.Join(words[start:start+n], " ")
		return strings.ToUpper(s[:1]) + s[1:]
	}
	name := func() (string, string) {
		f, l := first[r.IntN(len(first))], last[r.IntN(len(last))]
		return f + " " + l, l
	}
	var b strings.Builder
	for p := 0; p < paras; p++ {
		full, surname := name()
		role := roles[r.IntN(len(roles))]
		switch r.IntN(7) {
		case 0:
			fmt.Fprintf(&b, "%s, the %s, said the town’s plan was %s. %s.", full, role, "“a fantasy”", sentence(8, 14))
		case 1:
			fmt.Fprintf(&b, "“%s,” said %s, a %s. “%s.”", sentence(6, 12), full, role, sentence(5, 10))
		case 2:
			fmt.Fprintf(&b, "%s told reporters: “%s. %s.”", full, sentence(6, 12), sentence(6, 12))
		case 3:
			fmt.Fprintf(&b, "%s spoke after the meeting. \"%s,\" %s said. \"%s.\"", full, sentence(6, 10), surname, sentence(5, 9))
		case 4:
			fmt.Fprintf(&b, "“%s.\n\n“%s,” %s added.", sentence(8, 14), sentence(6, 10), surname)
		case 5:
			fmt.Fprintf(&b, "%s. It’s the ’90s all over again, the outlets’ critics said, and %s. %s.", sentence(10, 16), sentence(6, 10), sentence(8, 12))
		default:
			fmt.Fprintf(&b, "%s said %s. “%s,” she said.", full, sentence(8, 12), sentence(6, 10))
		}
		b.WriteString("\n\n")
	}
	return b.String()
}
