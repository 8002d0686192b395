package report

import (
	"bytes"
	"fmt"
	"strings"
)

// css is the whole stylesheet: a readable column on phones and desktops, and
// a print layout without navigation or data tables. Text colours have a
// contrast of at least 7:1 on white; the verdict labels carry words and
// symbols, not colour alone.
const css = `
:root{--ink:#1a1a1a;--muted:#4d4d4d;--line:#d9d9d9;--soft:#f5f6f7;--blue:#0072B2;--verm:#D55E00}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:52rem;margin:0 auto;padding:1.5rem 1.25rem 4rem}
header{border-bottom:3px solid var(--ink);padding-bottom:1rem;margin-bottom:1.5rem}
.kicker{margin:0;font-size:.85rem;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);font-weight:600}
h1{font-size:2rem;line-height:1.15;margin:.2rem 0 .4rem}
.meta{margin:0;color:var(--muted)}
h2{font-size:1.35rem;margin:2.5rem 0 .75rem;padding-top:.5rem;border-top:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.5rem 0 .4rem}
nav{font-size:.9rem;margin:0 0 1.5rem}
nav ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.35rem .5rem}
nav a{display:inline-block;padding:.2rem .6rem;border:1px solid var(--line);border-radius:999px;color:var(--ink);text-decoration:none}
nav a:hover,nav a:focus{border-color:var(--blue);color:var(--blue)}
a{color:#005a8c}
dl.terms{margin:0 0 1rem;padding:.75rem 1rem;background:var(--soft);border-radius:6px;font-size:.92rem}
dl.terms dt{font-weight:700;display:inline}
dfn{font-style:normal}
.howto{margin:1rem 0 0}
.howto-h{margin:0 0 .4rem;font-weight:700;font-size:.95rem}
.panel{min-width:0}
.ptitle{margin:0 0 .1rem;font-weight:700;font-size:.92rem}
dl.terms dt::after{content:": "}
dl.terms dd{display:inline;margin:0}
dl.terms dd::after{content:"";display:block;margin-bottom:.35rem}
ul.headlines{list-style:none;padding:0;margin:0}
ul.headlines li{padding:.85rem 1rem;margin:0 0 .6rem;border:1px solid var(--line);border-left:6px solid #8c8c8c;border-radius:6px;font-size:1.05rem}
ul.headlines li.v-rose{border-left-color:var(--blue)}
ul.headlines li.v-fell{border-left-color:var(--verm)}
ul.headlines li.v-same{border-left-color:#8c8c8c}
ul.headlines li.v-none{border-left-color:#c4c4c4}
.verdict{display:table;font-size:.75rem;font-weight:700;letter-spacing:.04em;text-transform:uppercase;padding:.1rem .5rem;border-radius:4px;margin:0 0 .35rem;white-space:nowrap}
.v-rose .verdict{background:#e3eff8;color:#004b75}
.v-fell .verdict{background:#fbe9dc;color:#7a3300}
.v-same .verdict{background:#ececec;color:#333}
.v-none .verdict{background:#fff;color:#4d4d4d;border:1px dashed #8c8c8c}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;font-variant-numeric:tabular-nums}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:700;border-bottom:2px solid var(--ink);white-space:nowrap}
td.n{white-space:nowrap}
ul.notes,ul.caveats,ul.trends{padding-left:1.2rem}
ul.notes li,ul.caveats li,ul.trends li{margin:.35rem 0}
blockquote{margin:.6rem 0 .9rem;padding:.6rem 1rem;border-left:4px solid var(--blue);background:var(--soft);border-radius:0 6px 6px 0}
blockquote p{margin:0 0 .3rem;font-size:1.02rem}
blockquote footer{font-size:.85rem;color:var(--muted)}
.story{font-weight:700;color:var(--ink)}
figure{margin:1.25rem 0 2rem;padding:0}
figcaption{margin:0 0 .6rem}
figcaption strong{display:block;font-size:1.05rem}
figcaption span{color:var(--muted);font-size:.92rem}
.panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.75rem 1.25rem}
.panels.wide{grid-template-columns:1fr}
.panels.wide svg.chart{max-width:36rem}
svg.chart{display:block;width:100%;height:auto;overflow:visible}
svg .tick{font-size:11px;fill:#4d4d4d}
svg .label{font-size:12px;fill:#1a1a1a}
svg .value{font-size:11px;font-weight:700;fill:#1a1a1a}
svg .halo{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
svg .legend{font-size:11.5px;fill:#1a1a1a}
svg .note{font-size:11px;fill:#4d4d4d;font-style:italic}
svg .seg{font-size:11px;font-weight:700}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
details{margin:.5rem 0 0;font-size:.9rem}
summary{cursor:pointer;color:#005a8c}
.files{color:var(--muted);font-size:.92rem}
footer.end{margin-top:3rem;padding-top:1rem;border-top:1px solid var(--line);color:var(--muted);font-size:.85rem}
@media (max-width:40rem){
 body{font-size:15.5px}
 main{padding:1rem .9rem 3rem}
 h1{font-size:1.6rem}
 ul.headlines li{padding:.7rem .8rem;font-size:1rem}
 th,td{padding:.35rem .45rem}
}
@media print{
 @page{margin:16mm 14mm}
 body{font-size:10.5pt;color:#000}
 main{max-width:none;padding:0}
 nav,details{display:none}
 h2{break-after:avoid;margin-top:1.5rem}
 figure,blockquote,ul.headlines li,tr{break-inside:avoid}
 .panels{grid-template-columns:repeat(2,1fr)}
 .panels.wide{grid-template-columns:1fr}
 a{color:#000;text-decoration:none}
}
`

// HTML renders the report as one self-contained HTML page: inline CSS and
// SVG, no scripts, nothing loaded from anywhere else.
func HTML(in Input, opt Options) ([]byte, error) {
	m, err := build(in, opt)
	if err != nil {
		return nil, err
	}
	return renderHTML(m), nil
}

func renderHTML(m *model) []byte {
	var b bytes.Buffer
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	w("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	w("<meta name=\"generator\" content=\"drift\">\n")
	w("<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", esc(m.Title), css)

	w("<header>\n<p class=\"kicker\">Narrative drift report</p>\n<h1>%s</h1>\n", esc(orDefault(m.CycleLabel, "No cycles yet")))
	if m.Meta != "" {
		w("<p class=\"meta\">%s</p>\n", esc(m.Meta))
	}
	w("</header>\n")

	type sec struct{ id, title string }
	secs := []sec{{"headlines", "Headlines"}}
	if len(m.Changes) > 0 || len(m.Notes) > 0 {
		secs = append(secs, sec{"changes", "What changed since last cycle"})
	}
	if len(m.Quotes) > 0 || m.QuoteNote != "" {
		secs = append(secs, sec{"quotes", "In their words"})
	}
	if len(m.Charts) > 0 {
		secs = append(secs, sec{"charts", "Charts"})
	}
	secs = append(secs, sec{"caveats", "Caveats"}, sec{"terms", "Words used in this report"}, sec{"files", "Files"})
	w("<nav aria-label=\"Contents\"><ol>")
	for _, s := range secs {
		w("<li><a href=\"#%s\">%s</a></li>", s.id, esc(s.title))
	}
	w("</ol></nav>\n")

	w("<section id=\"headlines\" aria-labelledby=\"headlines-h\">\n<h2 id=\"headlines-h\">Headlines</h2>\n")
	if len(m.Headlines) == 0 {
		w("<p>No measures for this cycle.</p>\n")
	} else {
		w("<ul class=\"headlines\">\n")
		for _, h := range m.Headlines {
			w("<li class=\"%s\"><span class=\"verdict\"><span aria-hidden=\"true\">%s </span>%s</span> %s</li>\n", h.Class, h.Symbol, esc(h.Label), esc(h.Text))
		}
		w("</ul>\n")
	}
	w("<div class=\"howto\"><p class=\"howto-h\">How to read the headlines</p>\n<dl class=\"terms\">\n")
	for _, t := range m.Intro {
		w("<dt><dfn>%s</dfn></dt><dd>%s</dd>\n", esc(t.Term), esc(t.Meaning))
	}
	w("</dl></div>\n")
	if len(m.Trends) > 0 {
		w("<h3>Across all cycles</h3>\n<ul class=\"trends\">\n")
		for _, t := range m.Trends {
			w("<li>%s</li>\n", esc(t))
		}
		w("</ul>\n")
	}
	w("</section>\n")

	if len(m.Changes) > 0 || len(m.Notes) > 0 {
		w("<section id=\"changes\" aria-labelledby=\"changes-h\">\n<h2 id=\"changes-h\">What changed since last cycle</h2>\n")
		if len(m.Changes) > 0 {
			w("<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Measure</th><th scope=\"col\">Where</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">Change, points (plausible range)</th><th scope=\"col\">Verdict</th></tr></thead>\n<tbody>\n", esc(m.PrevLabel), esc(m.CycleLabel))
			for _, c := range m.Changes {
				w("<tr><td>%s</td><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td>%s</td></tr>\n", esc(c.What), esc(c.Where), esc(c.Before), esc(c.Now), esc(c.Change), esc(c.Verdict))
			}
			w("</tbody>\n</table></div>\n")
		}
		if len(m.Notes) > 0 {
			w("<ul class=\"notes\">\n")
			for _, n := range m.Notes {
				w("<li>%s</li>\n", esc(n))
			}
			w("</ul>\n")
		}
		w("</section>\n")
	}

	if len(m.Quotes) > 0 || m.QuoteNote != "" {
		w("<section id=\"quotes\" aria-labelledby=\"quotes-h\">\n<h2 id=\"quotes-h\">In their words</h2>\n")
		if m.QuoteNote != "" {
			w("<p>%s</p>\n", esc(m.QuoteNote))
		}
		for _, g := range m.Quotes {
			w("<h3>%s</h3>\n", esc(g.Title))
			for _, q := range g.Quotes {
				w("<blockquote><p>%s</p><footer>", esc(q.Text))
				if q.Story {
					w("<span class=\"story\">Origin story</span> · ")
				}
				w("%s, %s, %s</footer></blockquote>\n", esc(q.Speaker), esc(q.Site), esc(q.Cycle))
			}
		}
		w("</section>\n")
	}

	if len(m.Charts) > 0 {
		w("<section id=\"charts\" aria-labelledby=\"charts-h\">\n<h2 id=\"charts-h\">Charts</h2>\n")
		for _, c := range m.Charts {
			w("<figure id=\"fig-%s\" aria-labelledby=\"fig-%s-c\">\n<figcaption id=\"fig-%s-c\"><strong>%s</strong><span>%s</span></figcaption>\n", c.ID, c.ID, c.ID, esc(c.Title), esc(c.Lead))
			cls := "panels"
			if c.Wide {
				cls += " wide"
			}
			w("<div class=\"%s\">\n", cls)
			for _, p := range c.Panels {
				if p.Title != "" {
					w("<div class=\"panel\"><p class=\"ptitle\" aria-hidden=\"true\">%s</p>%s</div>\n", esc(p.Title), p.SVG)
				} else {
					w("<div class=\"panel\">%s</div>\n", p.SVG)
				}
			}
			w("</div>\n")
			if len(c.Rows) > 0 {
				w("<details><summary>The numbers behind this chart</summary>\n<div class=\"scroll\"><table>\n<thead><tr>")
				for _, h := range c.Head {
					w("<th scope=\"col\">%s</th>", esc(h))
				}
				w("</tr></thead>\n<tbody>\n")
				for _, r := range c.Rows {
					w("<tr>")
					for _, v := range r {
						w("<td>%s</td>", esc(v))
					}
					w("</tr>\n")
				}
				w("</tbody>\n</table></div>\n</details>\n")
			}
			w("</figure>\n")
		}
		w("</section>\n")
	}

	w("<section id=\"caveats\" aria-labelledby=\"caveats-h\">\n<h2 id=\"caveats-h\">Caveats</h2>\n<ul class=\"caveats\">\n")
	for _, c := range m.Caveats {
		w("<li>%s</li>\n", esc(c))
	}
	w("</ul>\n</section>\n")

	w("<section id=\"terms\" aria-labelledby=\"terms-h\">\n<h2 id=\"terms-h\">Words used in this report</h2>\n<dl class=\"terms\">\n")
	for _, t := range m.Glossary {
		w("<dt>%s</dt><dd>%s</dd>\n", esc(t.Term), esc(t.Meaning))
	}
	w("</dl>\n</section>\n")

	w("<section id=\"files\" aria-labelledby=\"files-h\">\n<h2 id=\"files-h\">Files</h2>\n<p class=\"files\">%s</p>\n", esc(m.Files))
	w("</section>\n")
	w("<footer class=\"end\">Made by drift from the dataset's tables; re-render with <code>drift report</code>.</footer>\n")
	w("</main>\n</body>\n</html>\n")
	return b.Bytes()
}

func orDefault(s, d string) string {
	if strings.TrimSpace(s) == "" {
		return d
	}
	return s
}
