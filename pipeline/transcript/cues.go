package transcript

import (
	"fmt"
	"html"
	"regexp"
	"strings"
)

// Subtitle formats (WebVTT and SRT) are blocks separated by blank lines.
// A cue is an optional id line, a timing line "START --> END" and payload
// lines. Consecutive cues of one speaker merge into one turn with the start
// of the first and the end of the last; cues with no speaker continue the
// current turn (an unknown speaker's when there is none).

var (
	voiceRE  = regexp.MustCompile(`<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>`)
	markupRE = regexp.MustCompile(`</?[a-zA-Z][^<>]{0,200}>|<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>|\{\\[^{}]{0,200}\}`)
)

type cueFormat struct {
	name       string // "WebVTT" or "SRT"
	wantTiming string
	wantTime   string
	vtt        bool
}

var (
	vttFormat = cueFormat{name: "WebVTT", wantTiming: "00:00:01.000 --> 00:00:04.000", wantTime: "HH:MM:SS.mmm", vtt: true}
	srtFormat = cueFormat{name: "SRT", wantTiming: "00:00:01,000 --> 00:00:04,000", wantTime: "HH:MM:SS,mmm"}
)

// parseVTT parses WebVTT: voices (<v Name>), cue ids, NOTE, STYLE and
// REGION blocks, styling tags and cue timestamps.
func parseVTT(text string, _ []byte) ([]rawTurn, fileMeta, error) {
	first := text
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		first = text[:i]
	}
	if !strings.HasPrefix(first, "WEBVTT") || len(first) > 6 && first[6] != ' ' && first[6] != '\t' {
		return nil, fileMeta{}, &ParseError{Line: 1, Err: fmt.Errorf("the first line is %q, want \"WEBVTT\"; is this a WebVTT file?", clip(first))}
	}
	return parseCues(text, vttFormat)
}

// parseSRT parses SubRip subtitles with a speaker prefix in the cue text.
func parseSRT(text string, _ []byte) ([]rawTurn, fileMeta, error) {
	return parseCues(text, srtFormat)
}

func parseCues(text string, f cueFormat) ([]rawTurn, fileMeta, error) {
	lines := strings.Split(text, "\n")
	var b builder
	var errs errorList
	i := 0
	if f.vtt { // the header block runs to the first blank line
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
			i++
		}
	}
	cues := 0
	for i < len(lines) {
		if strings.TrimSpace(lines[i]) == "" {
			i++
			continue
		}
		start := i
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
			i++
		}
		blk := lines[start:i]
		if f.vtt && (isBlock(blk[0], "NOTE") || isBlock(blk[0], "STYLE") || isBlock(blk[0], "REGION")) {
			continue
		}
		k := -1
		switch {
		case strings.Contains(blk[0], "-->"):
			k = 0
		case len(blk) > 1 && strings.Contains(blk[1], "-->"):
			k = 1
			if !f.vtt && !allDigits(strings.TrimSpace(blk[0])) {
				errs.add(start+1, "%q is not a cue number (want a number, then a line %q)", clip(blk[0]), f.wantTiming)
				continue
			}
		case len(blk) > 1 && allDigits(strings.TrimSpace(blk[0])):
			errs.add(start+2, "%q is not a cue timing (want %q)", clip(blk[1]), f.wantTiming)
			continue
		default:
			errs.add(start+1, "%q is not a cue timing (want %q)", clip(blk[0]), f.wantTiming)
			continue
		}
		ln := start + k + 1
		t0, t1, err := parseTiming(blk[k], f)
		if err != nil {
			errs.add(ln, "%v", err)
			continue
		}
		cues++
		cueText(&b, blk[k+1:], start+1, t0, t1, f.vtt)
	}
	if err := errs.err(); err != nil {
		return nil, fileMeta{}, err
	}
	if cues == 0 {
		return nil, fileMeta{}, fmt.Errorf("no cues found; a %s cue is a line %q followed by its text", f.name, f.wantTiming)
	}
	return b.done(), fileMeta{}, nil
}

func isBlock(line, kw string) bool {
	return strings.HasPrefix(line, kw) && (len(line) == len(kw) || line[len(kw)] == ' ' || line[len(kw)] == '\t')
}

// parseTiming parses "START --> END [settings]".
func parseTiming(line string, f cueFormat) (float64, float64, error) {
	a, rest, _ := strings.Cut(line, "-->")
	fields := strings.Fields(rest)
	bs := ""
	if len(fields) > 0 {
		bs = fields[0]
	}
	var ts [2]float64
	for j, s := range []string{strings.TrimSpace(a), bs} {
		v, ok := parseClock(s)
		if !ok || !strings.Contains(s, ":") {
			if s == "" {
				return 0, 0, fmt.Errorf("cue timing %q lacks a time (want %q)", clip(line), f.wantTiming)
			}
			return 0, 0, fmt.Errorf("%q is not a timestamp (want %s)", clip(s), f.wantTime)
		}
		ts[j] = v
	}
	if ts[1] < ts[0] {
		return 0, 0, fmt.Errorf("cue ends (%s) before it starts (%s)", bs, strings.TrimSpace(a))
	}
	return ts[0], ts[1], nil
}

// cueText adds the payload of one cue: WebVTT voices, or "Name: text"
// prefixes, or ">>" speaker changes; the rest continues the current turn.
func cueText(b *builder, payload []string, line int, t0, t1 float64, vtt bool) {
	body := strings.Join(payload, "\n")
	if vtt {
		if locs := voiceRE.FindAllStringSubmatchIndex(body, -1); locs != nil {
			if pre := plainCue(body[:locs[0][0]]); pre != "" {
				b.timed("", false, false, pre, line, t0, t1)
			}
			for j, m := range locs {
				end := len(body)
				if j+1 < len(locs) {
					end = locs[j+1][0]
				}
				name := ""
				if m[2] >= 0 {
					name = strings.TrimSpace(html.UnescapeString(body[m[2]:m[3]]))
				}
				b.timed(name, name != "", false, plainCue(body[m[1]:end]), line, t0, t1)
			}
			return
		}
	}
	for _, p := range payload {
		p = plainCue(p)
		if p == "" {
			continue
		}
		newTurn := false
		if strings.HasPrefix(p, ">>") {
			p, newTurn = strings.TrimSpace(strings.TrimLeft(p, ">")), true
		}
		p = strings.TrimSpace(strings.TrimPrefix(p, "- "))
		if name, rest, ok := matchTag(p); ok {
			b.timed(name, true, false, rest, line, t0, t1)
			continue
		}
		b.timed("", false, newTurn, p, line, t0, t1)
	}
}

// plainCue removes markup and entities from cue text.
func plainCue(s string) string {
	s = markupRE.ReplaceAllString(s, "")
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
		s = strings.NewReplacer("\u200e", "", "\u200f", "", "\u00a0", " ").Replace(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// clip shortens s for a message.
func clip(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
