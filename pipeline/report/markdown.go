package report

import (
	"bytes"
	"fmt"
	"strings"
)

// Markdown renders the report as Markdown, for newsletters and chat
// channels: the same content as the HTML page, with each chart given as
// the table of numbers behind it.
func Markdown(in Input, opt Options) ([]byte, error) {
	m, err := build(in, opt)
	if err != nil {
		return nil, err
	}
	return renderMarkdown(m), nil
}

func renderMarkdown(m *model) []byte {
	var b bytes.Buffer
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("# %s\n\n", mdText(m.Title))
	if m.Meta != "" {
		w("_%s_\n\n", mdText(m.Meta))
	}
	w("## Headlines\n\n")
	if len(m.Headlines) == 0 {
		w("No measures for this cycle.\n\n")
	}
	for _, h := range m.Headlines {
		w("- %s **%s.** %s\n", h.Symbol, h.Label, mdText(h.Text))
	}
	if len(m.Headlines) > 0 {
		w("\n")
	}
	w("How to read the headlines:\n\n")
	for _, t := range m.Intro {
		w("- **%s**: %s\n", t.Term, mdText(t.Meaning))
	}
	w("\n")
	if len(m.Trends) > 0 {
		w("### Across all cycles\n\n")
		for _, t := range m.Trends {
			w("- %s\n", mdText(t))
		}
		w("\n")
	}
	if len(m.Changes) > 0 || len(m.Notes) > 0 {
		w("## What changed since last cycle\n\n")
		if len(m.Changes) > 0 {
			rows := make([][]string, 0, len(m.Changes))
			for _, c := range m.Changes {
				rows = append(rows, []string{c.What, c.Where, c.Before, c.Now, c.Change, c.Verdict})
			}
			mdTable(&b, []string{"Measure", "Where", m.PrevLabel, m.CycleLabel, "Change, points (plausible range)", "Verdict"}, rows)
			w("\n")
		}
		for _, n := range m.Notes {
			w("- %s\n", mdText(n))
		}
		if len(m.Notes) > 0 {
			w("\n")
		}
	}
	if len(m.Quotes) > 0 || m.QuoteNote != "" {
		w("## In their words\n\n")
		if m.QuoteNote != "" {
			w("%s\n\n", mdText(m.QuoteNote))
		}
		for _, g := range m.Quotes {
			w("### %s\n\n", mdText(g.Title))
			for _, q := range g.Quotes {
				story := ""
				if q.Story {
					story = "origin story · "
				}
				w("> %s\n>\n> — %s%s, %s, %s\n\n", mdText(q.Text), story, q.Speaker, mdText(q.Site), mdText(q.Cycle))
			}
		}
	}
	if len(m.Charts) > 0 {
		w("## Charts\n\nThe HTML report draws these as charts; here are the numbers behind them.\n\n")
		for _, c := range m.Charts {
			w("### %s\n\n%s\n\n", mdText(c.Title), mdText(c.Lead))
			if len(c.Rows) > 0 {
				mdTable(&b, c.Head, c.Rows)
				w("\n")
			}
		}
	}
	w("## Caveats\n\n")
	for _, c := range m.Caveats {
		w("- %s\n", mdText(c))
	}
	w("\n## Words used in this report\n\n")
	for _, t := range m.Glossary {
		w("- **%s**: %s\n", t.Term, mdText(t.Meaning))
	}
	w("\n## Files\n\n%s\n", m.Files)
	return b.Bytes()
}

func mdTable(b *bytes.Buffer, head []string, rows [][]string) {
	cell := func(s string) string { return strings.ReplaceAll(mdText(s), "|", `\|`) }
	b.WriteString("|")
	for _, h := range head {
		b.WriteString(" " + cell(h) + " |")
	}
	b.WriteString("\n|")
	for range head {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, r := range rows {
		b.WriteString("|")
		for _, v := range r {
			b.WriteString(" " + cell(v) + " |")
		}
		b.WriteString("\n")
	}
}

// mdText escapes the characters that would turn plain text into Markdown
// markup or HTML.
var mdReplacer = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;")

func mdText(s string) string { return mdReplacer.Replace(s) }
