package annotate

import (
	"bufio"
	"html/template"
	"io"
	"strings"
)

// WriteHTML writes fs as one self-contained HTML page: the style sheet is
// inline (with print rules), there are no scripts, and nothing is fetched
// from anywhere, not even fonts or images; a Content-Security-Policy says so
// to the browser as well. The only links are to the articles themselves.
// Everything from the articles goes through html/template's contextual
// escaping, so article text cannot add markup, and it is set in <bdi>
// elements so right-to-left text cannot reorder the page around it. In quote
// variants, words the outlet dropped from the fullest version are struck
// through and words it added or changed are highlighted.
func WriteHTML(w io.Writer, fs FactSheet) error {
	bw := bufio.NewWriter(w)
	if err := sheetTemplate.Execute(bw, newHTMLView(fs)); err != nil {
		return err
	}
	return bw.Flush()
}

// htmlViewSheet is the view of a sheet the template renders; its strings are
// plain text, escaped by the template.
type htmlViewSheet struct {
	Title    string
	Summary  string
	Sources  []htmlViewSource
	Facts    []htmlViewFact
	Speakers []htmlViewSpeaker
	Unlinked []htmlViewKind
	Footer   string
}

type htmlViewSource struct {
	Outlet, Title, URL, Date, Byline, Copies string
}

type htmlViewFact struct {
	N            int
	Text, Note   string
	Status       string // CSS suffix: the status value
	StatusLabel  string
	Stance       string
	Supporters   string
	Contradictor string
	Silent       string
	Supporting   []htmlViewExcerpt
	Contra       []htmlViewExcerpt
}

type htmlViewExcerpt struct {
	Outlet, Text, Link, Note string
	Details                  string
	Orphaned                 bool
}

type htmlViewSpeaker struct {
	Name   string
	Quotes []htmlViewQuote
}

type htmlViewQuote struct {
	Canonical string
	Count     string
	Conflict  bool
	Variants  []htmlViewVariant
}

type htmlViewVariant struct {
	Outlets, Notes, Link string
	Canonical            bool
	Runs                 []htmlViewRun
}

type htmlViewRun struct {
	Text  string
	Class string // "", "del", "ins", with " punct" for punctuation-only
}

type htmlViewKind struct {
	Title string
	Items []htmlViewExcerpt
}

func newHTMLView(fs FactSheet) htmlViewSheet {
	v := htmlViewSheet{Title: sheetText(fs.Story.Name), Summary: sheetSummary(fs), Footer: sheetFooterLine(fs.Footer)}
	for _, s := range fs.Sources {
		v.Sources = append(v.Sources, htmlViewSource{
			Outlet: sheetText(s.Outlet), Title: sheetText(sheetUntitled(s.Title)), URL: s.URL,
			Date: sheetDate(s.Published), Byline: sheetText(s.Byline),
			Copies: sheetText(strings.Join(s.Copies, ", ")),
		})
	}
	for i, f := range fs.Facts {
		hf := htmlViewFact{
			N: i + 1, Text: sheetText(f.Text), Note: sheetNote(f.Note),
			Status: string(f.Status), StatusLabel: sheetStatusLabel(f.Status), Stance: sheetStance(f),
			Supporters: sheetText(sheetVoiceList(f.Supporters)), Contradictor: sheetText(sheetVoiceList(f.Contradictors)),
			Silent: sheetText(sheetVoiceList(f.Silent)),
		}
		for _, e := range f.Supporting {
			hf.Supporting = append(hf.Supporting, newHTMLViewExcerpt(e, false))
		}
		for _, e := range f.Contradicting {
			hf.Contra = append(hf.Contra, newHTMLViewExcerpt(e, false))
		}
		v.Facts = append(v.Facts, hf)
	}
	for _, sp := range fs.Speakers {
		hs := htmlViewSpeaker{Name: sheetText(sheetSpeakerName(sp.Speaker))}
		for _, q := range sp.Quotes {
			hq := htmlViewQuote{Canonical: sheetText(q.Canonical), Conflict: q.Conflict,
				Count: "Printed by " + sheetCount(q.Voices, "outlet", "outlets")}
			for _, vr := range q.Variants {
				hv := htmlViewVariant{Outlets: sheetText(strings.Join(vr.Outlets, ", ")), Link: vr.Link, Canonical: vr.Canonical}
				var notes []string
				if vr.InTitle {
					notes = append(notes, "headline")
				}
				if vr.Speaker != "" && q.Conflict {
					notes = append(notes, "credits "+sheetText(vr.Speaker))
				}
				hv.Notes = strings.Join(notes, ", ")
				hv.Runs = htmlDiffRuns(vr.Ops)
				hq.Variants = append(hq.Variants, hv)
			}
			hs.Quotes = append(hs.Quotes, hq)
		}
		v.Speakers = append(v.Speakers, hs)
	}
	for _, g := range fs.Unlinked {
		hk := htmlViewKind{Title: sheetKindTitle(g.Kind)}
		for _, e := range g.Items {
			hk.Items = append(hk.Items, newHTMLViewExcerpt(e, true))
		}
		v.Unlinked = append(v.Unlinked, hk)
	}
	return v
}

// htmlDiffRuns turns diff ops into runs to mark up, with white space at the
// edges of a change left outside its <del> or <ins>.
func htmlDiffRuns(ops []DiffOp) []htmlViewRun {
	var runs []htmlViewRun
	for _, op := range ops {
		text := sheetRun(op.Text)
		if op.Op == OpEqual {
			runs = append(runs, htmlViewRun{Text: text})
			continue
		}
		class := "del"
		if op.Op == OpInsert {
			class = "ins"
		}
		if op.PunctOnly() {
			class += " punct"
		}
		core := strings.TrimSpace(text)
		if core == "" {
			runs = append(runs, htmlViewRun{Text: text})
			continue
		}
		at := strings.Index(text, core)
		if lead := text[:at]; lead != "" {
			runs = append(runs, htmlViewRun{Text: lead})
		}
		runs = append(runs, htmlViewRun{Text: core, Class: class})
		if trail := text[at+len(core):]; trail != "" {
			runs = append(runs, htmlViewRun{Text: trail})
		}
	}
	return runs
}

func newHTMLViewExcerpt(e SheetExcerpt, details bool) htmlViewExcerpt {
	h := htmlViewExcerpt{Outlet: sheetText(e.Outlet), Text: sheetText(e.Text), Link: e.Link,
		Note: sheetNote(e.Note), Orphaned: e.Anchor == AnchorOrphaned}
	if details {
		var bits []string
		if e.Speaker != "" {
			bits = append(bits, "Speaker: "+sheetText(e.Speaker))
		}
		if e.Status != StatusUnverified && e.Status != "" {
			bits = append(bits, "Status: "+sheetStatusLabel(e.Status))
		}
		if len(e.Tags) > 0 {
			bits = append(bits, "Tags: "+sheetText(strings.Join(e.Tags, ", ")))
		}
		h.Details = strings.Join(bits, " · ")
	}
	return h
}

// sheetTemplate is parsed once; templates are safe for concurrent use.
var sheetTemplate = template.Must(template.New("sheet").Parse(sheetHTML))

const sheetHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fact sheet: {{.Title}}</title>
<style>
:root {
  --ink: #1b2229; --muted: #5d6873; --rule: #d8dde2; --accent: #174a7c; --paper: #fff;
  --ok: #1b6e35; --ok-bg: #e2f3e7; --warn: #8a5300; --warn-bg: #fcefd6;
  --bad: #a8231b; --bad-bg: #fbe3e1; --none: #56616c; --none-bg: #eceff2;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
* { box-sizing: border-box; }
html { background: #eef0f3; }
body { margin: 2rem auto; max-width: 54rem; padding: 2.5rem 3.2rem 2rem; background: var(--paper); color: var(--ink);
  font: 16px/1.55 Georgia, "Iowan Old Style", "Times New Roman", serif; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
header { border-bottom: 3px solid var(--ink); padding-bottom: .9rem; margin-bottom: 1.4rem; }
.kicker { font: 700 .72rem/1.2 var(--sans); letter-spacing: .14em; text-transform: uppercase; color: var(--accent); margin: 0 0 .35rem; }
h1 { font-size: 2.1rem; line-height: 1.12; margin: 0 0 .5rem; }
.summary { font: .88rem/1.4 var(--sans); color: var(--muted); margin: 0; }
h2 { font: 700 .95rem/1.3 var(--sans); text-transform: uppercase; letter-spacing: .09em; color: var(--accent);
  border-bottom: 1px solid var(--rule); padding-bottom: .35rem; margin: 2.4rem 0 1.1rem; }
h3 { line-height: 1.3; }
a { color: var(--accent); }
table { width: 100%; border-collapse: collapse; }
th { text-align: left; font: 700 .7rem/1.2 var(--sans); text-transform: uppercase; letter-spacing: .07em; color: var(--muted);
  border-bottom: 1px solid var(--ink); padding: .4rem .5rem; }
td { border-bottom: 1px solid var(--rule); padding: .5rem; vertical-align: top; }
.sources td { font-size: .93rem; }
.sources .outlet-cell { font-weight: 700; width: 12rem; }
.sources .date-cell { white-space: nowrap; font: .85rem var(--sans); color: var(--muted); width: 9rem; }
.small { display: block; font: .78rem/1.35 var(--sans); color: var(--muted); font-weight: normal; text-transform: none; letter-spacing: normal; }
.fact { border-left: 5px solid var(--none); padding: .1rem 0 .1rem 1.1rem; margin: 0 0 2rem; }
.fact.st-confirmed { border-color: var(--ok); }
.fact.st-disputed { border-color: #d18a1a; }
.fact.st-false { border-color: var(--bad); }
.fact h3 { font-size: 1.2rem; margin: 0 0 .35rem; }
.fact h3 .n { color: var(--muted); font-weight: normal; margin-right: .3rem; }
.badge { display: inline-block; font: 700 .68rem/1 var(--sans); letter-spacing: .09em; text-transform: uppercase;
  padding: .32em .7em; border-radius: 999px; border: 1px solid currentColor; vertical-align: .2em; margin-right: .55rem; }
.badge.st-confirmed { color: var(--ok); background: var(--ok-bg); }
.badge.st-disputed { color: var(--warn); background: var(--warn-bg); }
.badge.st-false { color: var(--bad); background: var(--bad-bg); }
.badge.st-unverified { color: var(--none); background: var(--none-bg); }
.stance { font: .84rem/1.4 var(--sans); color: var(--muted); }
.voices { font: .84rem/1.5 var(--sans); margin: .5rem 0 .7rem; padding: 0; list-style: none; }
.voices b { display: inline-block; min-width: 8.5rem; color: var(--muted); font-weight: 600; }
.note { background: #f6f5ef; border-radius: 4px; padding: .45rem .75rem; margin: .6rem 0; font-size: .94rem; white-space: pre-line; }
.note::before { content: "Note  "; font: 700 .68rem var(--sans); letter-spacing: .08em; text-transform: uppercase; color: var(--muted); }
.side { font: 700 .7rem/1.2 var(--sans); letter-spacing: .08em; text-transform: uppercase; margin: 1rem 0 .3rem; }
.side.pro { color: var(--ok); }
.side.con { color: var(--bad); }
.excerpts { list-style: none; padding: 0; margin: 0; }
.excerpts li { margin: 0 0 .75rem; }
.who { font: 700 .76rem/1.3 var(--sans); letter-spacing: .04em; text-transform: uppercase; color: var(--muted); }
.excerpt { margin: .15rem 0 0; padding-left: .8rem; border-left: 2px solid var(--rule); }
.excerpt .note { margin: .35rem 0 0; font-size: .88rem; }
.details { font: .78rem var(--sans); color: var(--muted); }
.src { font: .76rem var(--sans); text-decoration: none; white-space: nowrap; margin-left: .35rem; }
.src:hover { text-decoration: underline; }
.orphan { font: italic .78rem var(--sans); color: var(--bad); }
.legend { font: .82rem/1.5 var(--sans); color: var(--muted); margin: 0 0 1.2rem; }
.speaker { font-size: 1.15rem; margin: 1.6rem 0 .7rem; }
.quote { margin: 0 0 1.6rem; }
.canonical { font-size: 1.1rem; font-style: italic; margin: 0 0 .25rem; padding-left: .9rem; border-left: 3px solid var(--accent); }
.count { font: .8rem var(--sans); color: var(--muted); margin: 0 0 .4rem .9rem; }
.conflict { color: var(--warn); font-weight: 700; }
.variants td { font-size: .95rem; }
.variants .outlet-cell { font: 700 .78rem/1.35 var(--sans); text-transform: uppercase; letter-spacing: .03em; color: var(--muted); width: 11rem; }
.same { font: italic .85rem var(--sans); color: var(--muted); }
del { color: var(--bad); background: var(--bad-bg); text-decoration: line-through; text-decoration-thickness: 1.5px; border-radius: 2px; }
ins { text-decoration: none; background: #fff0a0; box-shadow: inset 0 -2px 0 #e6c200; font-weight: 700; border-radius: 2px; }
del + ins:not(.punct) { margin-left: .3em; }
del.punct, ins.punct { background: none; box-shadow: none; font-weight: normal; color: var(--muted); }
bdi { unicode-bidi: isolate; }
footer { margin-top: 3rem; border-top: 1px solid var(--rule); padding-top: .7rem; font: .8rem var(--sans); color: var(--muted); }
@page { size: A4; margin: 16mm 15mm 18mm; }
@media print {
  html { background: none; }
  body { margin: 0; max-width: none; padding: 0; box-shadow: none; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  .src { color: var(--accent); }
  h2, h3, .side, .speaker { break-after: avoid; }
  .fact, .quote, tr, .excerpts li { break-inside: avoid; }
  .badge, del, ins, .note, .fact { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
</head>
<body>
<header>
<p class="kicker">Fact sheet</p>
<h1><bdi>{{.Title}}</bdi></h1>
<p class="summary">{{.Summary}}</p>
</header>

<section id="sources">
<h2>Sources</h2>
{{- if .Sources}}
<table class="sources">
<thead><tr><th>Outlet</th><th>Article</th><th>Published</th></tr></thead>
<tbody>
{{- range .Sources}}
<tr><td class="outlet-cell"><bdi>{{.Outlet}}</bdi>{{if .Copies}}<span class="small">same text as <bdi>{{.Copies}}</bdi></span>{{end}}</td>
<td>{{if .URL}}<a href="{{.URL}}" rel="noopener noreferrer"><bdi>{{.Title}}</bdi></a>{{else}}<bdi>{{.Title}}</bdi>{{end}}{{if .Byline}}<span class="small"><bdi>{{.Byline}}</bdi></span>{{end}}</td>
<td class="date-cell">{{.Date}}</td></tr>
{{- end}}
</tbody>
</table>
{{- else}}
<p>No articles.</p>
{{- end}}
</section>

<section id="facts">
<h2>Facts</h2>
{{- range .Facts}}
<article class="fact st-{{.Status}}">
<h3><span class="badge st-{{.Status}}">{{.StatusLabel}}</span><span class="n">{{.N}}.</span><bdi>{{.Text}}</bdi></h3>
<div class="stance">{{.Stance}}</div>
<ul class="voices">
{{- if .Supporters}}<li><b>Supported by</b> <bdi>{{.Supporters}}</bdi></li>{{end}}
{{- if .Contradictor}}<li><b>Contradicted by</b> <bdi>{{.Contradictor}}</bdi></li>{{end}}
{{- if .Silent}}<li><b>Silent</b> <bdi>{{.Silent}}</bdi></li>{{end}}
</ul>
{{- if .Note}}
<p class="note"><bdi>{{.Note}}</bdi></p>
{{- end}}
{{- if .Supporting}}
<p class="side pro">Supporting</p>
<ul class="excerpts">{{range .Supporting}}{{template "excerpt" .}}{{end}}</ul>
{{- end}}
{{- if .Contra}}
<p class="side con">Contradicting</p>
<ul class="excerpts">{{range .Contra}}{{template "excerpt" .}}{{end}}</ul>
{{- end}}
</article>
{{- else}}
<p>No facts recorded.</p>
{{- end}}
</section>

<section id="quotes">
<h2>Quotes by speaker</h2>
{{- if .Speakers}}
<p class="legend">Each quote is shown in its fullest version, then as each outlet printed it:
<del>struck</del> words are in the fullest version but not in this outlet’s; <ins>highlighted</ins> words are this outlet’s own.</p>
{{- else}}
<p>No quote was printed by more than one outlet.</p>
{{- end}}
{{- range .Speakers}}
<h3 class="speaker"><bdi>{{.Name}}</bdi></h3>
{{- range .Quotes}}
<div class="quote">
<p class="canonical">“<bdi>{{.Canonical}}</bdi>”</p>
<p class="count">{{.Count}}{{if .Conflict}} · <span class="conflict">outlets credit different speakers</span>{{end}}</p>
<table class="variants"><tbody>
{{- range .Variants}}
<tr><td class="outlet-cell"><bdi>{{.Outlets}}</bdi>{{if .Notes}}<span class="small"><bdi>{{.Notes}}</bdi></span>{{end}}</td>
<td>{{if .Canonical}}<span class="same">fullest version, as above</span>{{else}}<bdi>{{range .Runs}}{{if eq .Class ""}}{{.Text}}{{else if eq .Class "del" "del punct"}}<del class="{{.Class}}">{{.Text}}</del>{{else}}<ins class="{{.Class}}">{{.Text}}</ins>{{end}}{{end}}</bdi>{{end}}
{{- if .Link}}<a class="src" href="{{.Link}}" rel="noopener noreferrer">source ↗</a>{{end}}</td></tr>
{{- end}}
</tbody></table>
</div>
{{- end}}
{{- end}}
</section>
{{- if .Unlinked}}

<section id="annotations">
<h2>Other annotations</h2>
{{- range .Unlinked}}
<p class="side">{{.Title}} ({{len .Items}})</p>
<ul class="excerpts">{{range .Items}}{{template "excerpt" .}}{{end}}</ul>
{{- end}}
</section>
{{- end}}

<footer>{{.Footer}}</footer>
</body>
</html>
{{define "excerpt"}}
<li><span class="who"><bdi>{{.Outlet}}</bdi></span>{{if .Link}}<a class="src" href="{{.Link}}" rel="noopener noreferrer">source ↗</a>{{end}}
<blockquote class="excerpt"><bdi>“{{.Text}}”</bdi>{{if .Orphaned}} <span class="orphan">text no longer in the article</span>{{end}}
{{- if .Details}}<div class="details"><bdi>{{.Details}}</bdi></div>{{end}}
{{- if .Note}}<p class="note"><bdi>{{.Note}}</bdi></p>{{end}}</blockquote></li>
{{- end}}
`
