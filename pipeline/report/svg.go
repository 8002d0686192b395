package report

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// The Okabe-Ito palette, safe for the common kinds of colour blindness.
// Every chart also tells series apart by marker shape, dash pattern or
// position, and labels values in text, so no meaning rests on colour alone.
const (
	colBlue      = "#0072B2"
	colVermilion = "#D55E00"
	colGreen     = "#009E73"
	colSky       = "#56B4E9"
	colPurple    = "#CC79A7"
	colOrange    = "#E69F00"
	colInk       = "#1a1a1a"
	colMuted     = "#595959"
	colGrid      = "#d9d9d9"
)

var seriesColours = []string{colBlue, colVermilion, colGreen, colPurple}
var seriesDash = []string{"", "6 4", "2 3", "8 3 2 3"}

// svgWriter builds one SVG with a title and description for screen readers.
type svgWriter struct {
	b    strings.Builder
	w, h float64
}

func newSVG(id, title, desc string, w, h float64) *svgWriter {
	s := &svgWriter{w: w, h: h}
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" role="img" aria-labelledby="%s-t %s-d" class="chart">`, f1(w), f1(h), id, id)
	fmt.Fprintf(&s.b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
	return s
}

func (s *svgWriter) raw(format string, a ...any) { fmt.Fprintf(&s.b, format, a...) }

func (s *svgWriter) line(x1, y1, x2, y2 float64, stroke string, width float64, dash string) {
	s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`, f1(x1), f1(y1), f1(x2), f1(y2), stroke, f1(width), dashAttr(dash))
}

// text writes a label; anchor is start, middle or end.
func (s *svgWriter) text(x, y float64, anchor, class, t string) {
	s.raw(`<text x="%s" y="%s" text-anchor="%s" class="%s">%s</text>`, f1(x), f1(y), anchor, class, esc(t))
}

func (s *svgWriter) rect(x, y, w, h float64, fill, stroke, extra string) {
	if w < 0 {
		x, w = x+w, -w
	}
	if h < 0 {
		y, h = y+h, -h
	}
	st := ""
	if stroke != "" {
		st = fmt.Sprintf(` stroke="%s" stroke-width="1.5"`, stroke)
	}
	s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s%s/>`, f1(x), f1(y), f1(w), f1(h), fill, st, extra)
}

// marker draws a point in one of four shapes: circle, square, triangle,
// diamond. Hollow markers have a white fill.
func (s *svgWriter) marker(shape int, x, y float64, colour string, hollow bool) {
	fill := colour
	if hollow {
		fill = "#fff"
	}
	switch shape % 4 {
	case 0:
		s.raw(`<circle cx="%s" cy="%s" r="4.5" fill="%s" stroke="%s" stroke-width="2"/>`, f1(x), f1(y), fill, colour)
	case 1:
		s.raw(`<rect x="%s" y="%s" width="8" height="8" fill="%s" stroke="%s" stroke-width="2"/>`, f1(x-4), f1(y-4), fill, colour)
	case 2:
		s.raw(`<path d="M%s %sL%s %sL%s %sZ" fill="%s" stroke="%s" stroke-width="2"/>`, f1(x), f1(y-5.5), f1(x+5), f1(y+4), f1(x-5), f1(y+4), fill, colour)
	default:
		s.raw(`<path d="M%s %sL%s %sL%s %sL%s %sZ" fill="%s" stroke="%s" stroke-width="2"/>`, f1(x), f1(y-5.5), f1(x+5.5), f1(y), f1(x), f1(y+5.5), f1(x-5.5), f1(y), fill, colour)
	}
}

func (s *svgWriter) String() string { return s.b.String() + "</svg>" }

// f1 formats a coordinate with at most one decimal and no trailing zeros,
// the same on every platform.
func f1(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	s := fmt.Sprintf("%.1f", v)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}

func dashAttr(d string) string {
	if d == "" {
		return ""
	}
	return fmt.Sprintf(` stroke-dasharray="%s"`, d)
}

func esc(s string) string { return html.EscapeString(s) }

// point is one value of a series: the estimate and its interval (nil when
// unknown), or a suppressed cell.
type point struct {
	Est, Lo, Hi *float64
	Suppressed  bool
}

type series struct {
	Name   string
	Points []point // one per x label
	Band   bool    // draw the interval as a band
}

// xLabels shortens cycle labels to fit under the axis: first the label,
// then its first word, then a cut with an ellipsis.
func xLabels(labels []string, room float64) []string {
	max := int(room / 6.2)
	if max < 3 {
		max = 3
	}
	out := make([]string, len(labels))
	for i, l := range labels {
		if len([]rune(l)) > max {
			if f := strings.Fields(l); len(f) > 0 {
				l = f[0]
			}
		}
		if r := []rune(l); len(r) > max {
			l = string(r[:max-1]) + "…"
		}
		out[i] = l
	}
	return out
}

// labelPlan picks how to label n evenly spaced ticks across width w: the
// labels, shortened by xLabels, and a step (every step-th tick counted
// from the last one is labelled) so that labels do not overlap.
func labelPlan(labels []string, w float64) ([]string, int) {
	n := len(labels)
	if n == 0 {
		return nil, 1
	}
	for step := 1; step < n; step++ {
		room := w * float64(step) / float64(n)
		short := xLabels(labels, room)
		fits := true
		for _, l := range short {
			if 6.2*float64(len([]rune(l)))+6 > room {
				fits = false
				break
			}
		}
		if fits {
			return short, step
		}
	}
	return xLabels(labels, w), n
}

// lineChart draws shares (0 to 1) by cycle: a line per series with markers,
// an interval band, and the value written above each point of the first
// series.
func lineChart(id, title, desc string, labels []string, ss []series, w, h float64) string {
	s := newSVG(id, title, desc, w, h)
	left, right, top, bottom := 40.0, 14.0, 22.0, 30.0
	if len(ss) > 1 {
		top = 40
	}
	pw, ph := w-left-right, h-top-bottom
	n := len(labels)
	short, step := labelPlan(labels, pw)
	// Inset the first and last points so their labels stay inside the box.
	inset := 14.0
	for _, i := range []int{0, n - 1} {
		if i >= 0 && i < n {
			inset = math.Max(inset, 3.1*float64(len([]rune(short[i])))-right+2)
		}
	}
	inset = math.Min(inset, pw/4)
	xAt := func(i int) float64 {
		if n == 1 {
			return left + pw/2
		}
		return left + inset + float64(i)*(pw-2*inset)/float64(n-1)
	}
	yAt := func(v float64) float64 { return top + ph*(1-clamp(v, 0, 1)) }
	for _, g := range []float64{0, 0.25, 0.5, 0.75, 1} {
		y := yAt(g)
		s.line(left, y, left+pw, y, colGrid, 1, "")
		s.text(left-6, y+4, "end", "tick", fmt.Sprintf("%d%%", round(g*100)))
	}
	for i := range labels {
		if (n-1-i)%step == 0 {
			s.text(xAt(i), h-10, "middle", "tick", short[i])
		}
	}
	if len(ss) > 1 {
		x := left
		for si, se := range ss {
			c := seriesColours[si%len(seriesColours)]
			s.raw(`<g class="legend">`)
			s.line(x, 14, x+22, 14, c, 2.5, seriesDash[si%len(seriesDash)])
			s.marker(si, x+11, 14, c, false)
			s.text(x+28, 18, "start", "legend", se.Name)
			s.raw(`</g>`)
			x += 40 + 6.4*float64(len([]rune(se.Name)))
		}
	}
	for si, se := range ss {
		c := seriesColours[si%len(seriesColours)]
		if se.Band {
			for _, run := range runs(se.Points, func(p point) bool { return p.Lo != nil && p.Hi != nil && !p.Suppressed }) {
				var d strings.Builder
				for k, i := range run {
					cmd := "L"
					if k == 0 {
						cmd = "M"
					}
					fmt.Fprintf(&d, "%s%s %s", cmd, f1(xAt(i)), f1(yAt(*se.Points[i].Hi)))
				}
				for k := len(run) - 1; k >= 0; k-- {
					i := run[k]
					fmt.Fprintf(&d, "L%s %s", f1(xAt(i)), f1(yAt(*se.Points[i].Lo)))
				}
				if len(run) == 1 {
					i := run[0]
					s.rect(xAt(i)-6, yAt(*se.Points[i].Hi), 12, yAt(*se.Points[i].Lo)-yAt(*se.Points[i].Hi), c, "", ` fill-opacity="0.18" class="band"`)
					continue
				}
				s.raw(`<path d="%sZ" fill="%s" fill-opacity="0.18" class="band"/>`, d.String(), c)
			}
		}
		for _, run := range runs(se.Points, func(p point) bool { return p.Est != nil && !p.Suppressed }) {
			if len(run) < 2 {
				continue
			}
			var d strings.Builder
			for k, i := range run {
				cmd := "L"
				if k == 0 {
					cmd = "M"
				}
				fmt.Fprintf(&d, "%s%s %s", cmd, f1(xAt(i)), f1(yAt(*se.Points[i].Est)))
			}
			s.raw(`<path d="%s" fill="none" stroke="%s" stroke-width="2.5"%s/>`, d.String(), c, dashAttr(seriesDash[si%len(seriesDash)]))
		}
		for i, p := range se.Points {
			switch {
			case p.Suppressed:
				if si == 0 && n <= 6 {
					s.text(xAt(i), top+ph/2, "middle", "note", "hidden")
				} else if si == 0 {
					s.text(xAt(i), top+ph/2+4, "middle", "note", "×")
				}
			case p.Est != nil:
				s.marker(si, xAt(i), yAt(*p.Est), c, false)
				// Values are written on every point of the first series
				// when there is room, else on the first and last.
				if si == 0 && (n <= 6 || i == 0 || i == n-1) {
					// Next to its point, with a white halo over the band.
					y := yAt(*p.Est) - 9
					if y < 10 {
						y = yAt(*p.Est) + 18
					}
					s.text(xAt(i), y, "middle", "value halo", pct(p.Est))
				}
			}
		}
	}
	return s.String()
}

// runs returns the maximal runs of consecutive indexes whose points pass ok.
func runs(ps []point, ok func(point) bool) [][]int {
	var out [][]int
	var cur []int
	for i, p := range ps {
		if ok(p) {
			cur = append(cur, i)
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// niceMax rounds a maximum up to 1, 2, 2.5 or 5 times a power of ten.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// barRow is one category of a horizontal bar chart: the focus cycle's
// value with its interval, and the previous cycle's value.
type barRow struct {
	Label      string
	Cur, Prev  *float64
	Lo, Hi     *float64
	Suppressed bool
}

// barChart draws horizontal bars for the focus cycle and a hollow marker
// for the previous cycle, with the value written at the end of each bar.
func barChart(id, title, desc string, rows []barRow, curName, prevName string, w float64) string {
	rowH := 26.0
	top := 34.0
	h := top + rowH*float64(len(rows)) + 24
	s := newSVG(id, title, desc, w, h)
	left, right := 146.0, 44.0
	pw := w - left - right
	var max float64
	for _, r := range rows {
		for _, v := range []*float64{r.Cur, r.Prev, r.Hi} {
			if v != nil {
				max = math.Max(max, *v)
			}
		}
	}
	max = niceMax(max)
	xAt := func(v float64) float64 { return left + pw*clamp(v/max, 0, 1) }
	for _, g := range []float64{0, 0.25, 0.5, 0.75, 1} {
		x := xAt(g * max)
		s.line(x, top-4, x, h-22, colGrid, 1, "")
		s.text(x, h-8, "middle", "tick", trimNum(g*max))
	}
	s.raw(`<g class="legend">`)
	s.rect(left, 8, 14, 12, colBlue, "", "")
	s.text(left+20, 18, "start", "legend", curName)
	if prevName != "" {
		x := left + 40 + 6.4*float64(len([]rune(curName)))
		s.marker(0, x+7, 14, colInk, true)
		s.text(x+18, 18, "start", "legend", prevName)
	}
	s.raw(`</g>`)
	for i, r := range rows {
		y := top + float64(i)*rowH
		s.text(left-8, y+rowH/2+4, "end", "label", r.Label)
		if r.Suppressed {
			s.text(left+4, y+rowH/2+4, "start", "note", "hidden (too few speakers)")
			continue
		}
		if r.Cur != nil {
			s.rect(left, y+5, xAt(*r.Cur)-left, rowH-10, colBlue, "", ` class="bar"`)
			if r.Lo != nil && r.Hi != nil {
				s.line(xAt(*r.Lo), y+rowH/2, xAt(*r.Hi), y+rowH/2, colInk, 1.5, "")
			}
			s.text(w-4, y+rowH/2+4, "end", "value", num(*r.Cur))
		}
		if r.Prev != nil {
			s.marker(0, xAt(*r.Prev), y+rowH/2, colInk, true)
		}
	}
	return s.String()
}

func trimNum(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}

// flowRow is one cycle of the participant flow chart.
type flowRow struct {
	Label                          string
	Returning, Rejoined, New, Lost int64
	HasPrev                        bool
}

// flowChart draws stacked columns of who spoke in each cycle (returning,
// back after a break, new) above the axis, and who did not come back below
// it, with every segment labelled by its count.
func flowChart(id, title, desc string, rows []flowRow, w, h float64) string {
	type seg struct {
		name, fill, text string
	}
	// Counts are white on blue and dark on the lighter fills, for a
	// contrast of at least 4.5:1 everywhere.
	segs := []seg{{"returning", colBlue, "#fff"}, {"back after a break", colSky, colInk}, {"new", colGreen, colInk}, {"did not come back", colVermilion, colInk}}
	left, right, top, bottom := 10.0, 10.0, 40.0, 30.0
	// Lay the legend out in as many lines as the width needs.
	type at struct{ x, y float64 }
	var pos []at
	x, y := left, 8.0
	for _, g := range segs {
		wd := 24 + 6.2*float64(len(g.name))
		if x > left && x+wd > w-right {
			x, y = left, y+18
		}
		pos = append(pos, at{x, y})
		x += wd + 8
	}
	top += y - 8
	h += y - 8
	s := newSVG(id, title, desc, w, h)
	s.raw(`<g class="legend">`)
	for i, g := range segs {
		s.rect(pos[i].x, pos[i].y, 12, 12, g.fill, "", "")
		s.text(pos[i].x+17, pos[i].y+10, "start", "legend", g.name)
	}
	s.raw(`</g>`)
	pw, ph := w-left-right, h-top-bottom
	var up, down int64
	for _, r := range rows {
		up = max(up, r.Returning+r.Rejoined+r.New)
		down = max(down, r.Lost)
	}
	total := float64(up + down)
	if total == 0 {
		total = 1
	}
	zero := top + ph*float64(up)/total
	scale := ph / total
	n := float64(len(rows))
	slot := pw / n
	bw := math.Min(56, slot*0.6)
	short, step := labelPlan(labelsOf(rows), pw)
	for i, r := range rows {
		cx := left + slot*(float64(i)+0.5)
		y := zero
		for k, v := range []int64{r.Returning, r.Rejoined, r.New} {
			if v == 0 {
				continue
			}
			hh := float64(v) * scale
			s.rect(cx-bw/2, y-hh, bw, hh, segs[k].fill, "#fff", ` class="bar"`)
			if hh >= 13 {
				s.raw(`<text x="%s" y="%s" text-anchor="middle" class="seg" fill="%s">%d</text>`, f1(cx), f1(y-hh/2+4), segs[k].text, v)
			}
			y -= hh
		}
		s.text(cx, y-5, "middle", "value", fmt.Sprint(r.Returning+r.Rejoined+r.New))
		if r.Lost > 0 {
			hh := float64(r.Lost) * scale
			s.rect(cx-bw/2, zero, bw, hh, segs[3].fill, "#fff", ` class="bar"`)
			if hh >= 13 {
				s.raw(`<text x="%s" y="%s" text-anchor="middle" class="seg" fill="%s">−%d</text>`, f1(cx), f1(zero+hh/2+4), segs[3].text, r.Lost)
			} else {
				s.text(cx, zero+hh+11, "middle", "value", fmt.Sprintf("−%d", r.Lost))
			}
		}
		if (len(rows)-1-i)%step == 0 {
			s.text(cx, h-10, "middle", "tick", short[i])
		}
	}
	s.line(left, zero, left+pw, zero, colInk, 1, "")
	return s.String()
}

func labelsOf(rows []flowRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Label
	}
	return out
}

// keyRow is one term of the keyness chart.
type keyRow struct {
	Term       string
	Z          float64
	Count, Ref int64
}

// keyChart draws terms that rose (bars to the right) and fell (bars to
// the left) against the previous cycle, by the strength of the evidence.
func keyChart(id, title, desc string, rows []keyRow, w float64) string {
	rowH := 24.0
	top := 30.0
	h := top + rowH*float64(len(rows)) + 10
	s := newSVG(id, title, desc, w, h)
	left, right := 104.0, 8.0
	pw := w - left - right
	mid := left + pw/2
	var max float64
	for _, r := range rows {
		max = math.Max(max, math.Abs(r.Z))
	}
	if max == 0 {
		max = 1
	}
	half := pw/2 - 40
	s.text(mid+6, 16, "start", "legend", "▲ used more →")
	s.text(mid-6, 16, "end", "legend", "← used less ▼")
	for i, r := range rows {
		y := top + float64(i)*rowH
		s.text(left-8, y+rowH/2+4, "end", "label", r.Term)
		l := half * math.Abs(r.Z) / max
		cnt := fmt.Sprintf("%d→%d", r.Ref, r.Count)
		if r.Z >= 0 {
			s.rect(mid, y+4, l, rowH-8, colBlue, "", ` class="bar"`)
			s.text(mid+l+5, y+rowH/2+4, "start", "value", cnt)
		} else {
			s.rect(mid-l, y+4, l, rowH-8, colVermilion, "", ` class="bar"`)
			s.text(mid-l-5, y+rowH/2+4, "end", "value", cnt)
		}
	}
	s.line(mid, top-4, mid, h-6, colInk, 1, "")
	return s.String()
}
