package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the kind of a Token.
type Kind uint8

// Token kinds.
const (
	Word   Kind = iota // letters, with inner apostrophes ("isn't", "landlord's")
	Number             // digits, with inner separators ("1,200", "3.50")
	Punct              // any other single character
)

// Token is one token of a sentence.
type Token struct {
	Text   string // as written
	Norm   string // normalised form for matching; empty for Punct
	Start  int    // byte offset in the text given to Split
	End    int    // byte offset just past the token
	Kind   Kind
	Hyphen bool // joined to the previous word by a hyphen ("collar" in "white-collar")
}

// Sentence is a span of text and its tokens.
type Sentence struct {
	Start, End int // byte offsets in the text given to Split
	Tokens     []Token
}

// Words returns how many Word and Number tokens s has.
func (s Sentence) Words() int {
	n := 0
	for _, t := range s.Tokens {
		if t.Kind != Punct {
			n++
		}
	}
	return n
}

// Split tokenises text and splits it into sentences. Offsets are bytes in
// text. It never fails; empty text gives no sentences.
func Split(text string) []Sentence {
	return split(text, Tokenize(text), nil)
}

// Splitter splits text as Split does, into buffers it reuses from one call
// to the next: the sentences (and their tokens) it returns are valid only
// until its next call. Tokens were a quarter of all the bytes a run
// allocated, for slices dropped after each turn. A Splitter is not safe
// for concurrent use; the zero value is ready to use.
type Splitter struct {
	toks  []Token
	sents []Sentence
}

// Split is Split into s's buffers.
func (s *Splitter) Split(text string) []Sentence {
	s.toks = tokenize(text, s.toks[:0])
	s.sents = split(text, s.toks, s.sents[:0])
	return s.sents
}

// maxKeptTokens bounds the token buffer Reset keeps: 65,536 tokens (3.5 MiB)
// hold a turn of about 250 kB.
const maxKeptTokens = 1 << 16

// Reset empties s for its next text, and drops what the buffers point to,
// so that a Splitter kept between documents (in a sync.Pool) does not keep
// the last text alive; a token buffer larger than maxKeptTokens is dropped
// too. The sentences of the last Split are no longer valid.
func (s *Splitter) Reset() {
	clear(s.toks)
	clear(s.sents)
	s.toks, s.sents = s.toks[:0], s.sents[:0]
	if cap(s.toks) > maxKeptTokens {
		s.toks, s.sents = nil, nil
	}
}

// split splits toks, the tokens of text, into sentences appended to out
// (a new slice when out is nil).
func split(text string, toks []Token, out []Sentence) []Sentence {
	if len(toks) == 0 {
		return out
	}
	if out == nil {
		out = make([]Sentence, 0, len(toks)/12+1)
	}
	start := 0
	for i := 0; i < len(toks); i++ {
		if !endsSentence(text, toks, i) {
			continue
		}
		j := i + 1
		// Closing quotes and brackets belong to the sentence they end.
		for j < len(toks) && toks[j].Kind == Punct && isCloser(toks[j].Text) && toks[j].Start == toks[j-1].End {
			j++
		}
		out = append(out, mkSentence(toks[start:j]))
		start = j
		i = j - 1
	}
	if start < len(toks) {
		out = append(out, mkSentence(toks[start:]))
	}
	return out
}

func mkSentence(t []Token) Sentence {
	return Sentence{Start: t[0].Start, End: t[len(t)-1].End, Tokens: t[:len(t):len(t)]}
}

func isCloser(s string) bool {
	switch s {
	case "\"", "'", "”", "’", ")", "]", "»":
		return true
	}
	return false
}

// endsSentence reports whether toks[i] ends a sentence.
func endsSentence(text string, toks []Token, i int) bool {
	t := toks[i]
	if t.Kind != Punct {
		return false
	}
	switch t.Text {
	case "!", "?":
	case ".", "…":
		if t.Text == "." && i > 0 && toks[i-1].End == t.Start && toks[i-1].Kind == Word && isAbbrev(toks[i-1].Norm) {
			return false
		}
		// "..." is three tokens: end only after the last.
		if i+1 < len(toks) && toks[i+1].Text == "." && toks[i+1].Start == t.End {
			return false
		}
	default:
		return false
	}
	// The next word token must start a sentence: capital, digit, quote or end.
	for k := i + 1; k < len(toks); k++ {
		n := toks[k]
		if n.Kind == Punct {
			if isCloser(n.Text) || n.Text == "!" || n.Text == "?" || n.Text == "." {
				continue
			}
			return true
		}
		r, _ := utf8.DecodeRuneInString(n.Text)
		return unicode.IsUpper(r) || unicode.IsDigit(r) || n.Text == "i"
	}
	return true
}

var abbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "sr": true, "jr": true,
	"vs": true, "etc": true, "e.g": true, "i.e": true, "no": false, "mt": true, "gen": true, "gov": true,
	"sen": true, "rep": true, "rev": true, "lt": true, "col": true, "capt": true, "sgt": true, "ft": true,
	"inc": true, "co": true, "ltd": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "approx": true,
	"u.s": true, "u.k": true, "a.m": true, "p.m": true,
}

func isAbbrev(norm string) bool {
	if abbrevs[norm] {
		return true
	}
	// Single letters are initials: "J. Smith".
	return utf8.RuneCountInString(norm) == 1 && norm != "i" && norm != "a"
}

// Byte classes for the ASCII fast path of Tokenize.
const (
	cOther = iota
	cSpace
	cLower
	cUpper
	cDigit
)

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := 0; c < utf8.RuneSelf; c++ {
		switch {
		case unicode.IsSpace(rune(c)):
			t[c] = cSpace
		case c >= 'a' && c <= 'z':
			t[c] = cLower
		case c >= 'A' && c <= 'Z':
			t[c] = cUpper
		case c >= '0' && c <= '9':
			t[c] = cDigit
		}
	}
	return t
}()

// isWordRune reports whether r is a letter or digit; letter reports which.
func isWordRune(r rune) (word, letter bool) {
	if r < utf8.RuneSelf {
		c := asciiClass[r]
		return c >= cLower, c == cLower || c == cUpper
	}
	l := unicode.IsLetter(r)
	return l || unicode.IsDigit(r), l
}

// Tokenize splits text into tokens without sentence boundaries.
func Tokenize(text string) []Token {
	return tokenize(text, nil)
}

// tokenize appends the tokens of text to toks.
func tokenize(text string, toks []Token) []Token {
	// English runs at about 0.21 tokens per byte; len/5 made most turns grow
	// (copy and double) the slice. A Splitter's buffer, reused from turn to
	// turn, at least doubles when it grows (up to maxKeptTokens), or each
	// turn longer than all before it made a new one: 5% of the bytes a run
	// allocated.
	if n := len(toks) + len(text)/4 + 4; cap(toks) < n {
		toks = append(make([]Token, 0, max(n, min(2*cap(toks), maxKeptTokens))), toks...)
	}
	hyphen := false
	for i := 0; i < len(text); {
		var r rune
		w := 1
		if c := text[i]; c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, w = utf8.DecodeRuneInString(text[i:])
		}
		isWord, isLetter := isWordRune(r)
		switch {
		case r < utf8.RuneSelf && asciiClass[r] == cSpace || r >= utf8.RuneSelf && unicode.IsSpace(r):
			hyphen = false
			i += w
		case isWord:
			start := i
			kind := Number
			if isLetter {
				kind = Word
			}
			ascii := r < utf8.RuneSelf
			upper := r >= 'A' && r <= 'Z'
			i += w
			for i < len(text) {
				c := text[i]
				if c < utf8.RuneSelf {
					switch asciiClass[c] {
					case cLower:
						kind = Word
						i++
						continue
					case cUpper:
						kind, upper = Word, true
						i++
						continue
					case cDigit:
						i++
						continue
					}
				}
				r, w := rune(c), 1
				if c >= utf8.RuneSelf {
					r, w = utf8.DecodeRuneInString(text[i:])
					if wr, l := isWordRune(r); wr || unicode.Is(unicode.Mn, r) {
						if l {
							kind = Word
						}
						ascii = false
						i += w
						continue
					}
				}
				// Inner apostrophes, and separators inside numbers or dotted abbreviations.
				if (r == '\'' || r == '’') || ((r == '.' || r == ',') && kind == Number) || (r == '.' && isDottedAbbrev(text, start, i)) {
					if i+w < len(text) {
						r2, _ := utf8.DecodeRuneInString(text[i+w:])
						if wr, _ := isWordRune(r2); wr {
							if r != '\'' && r != '.' && r != ',' {
								ascii = false
							}
							i += w
							continue
						}
					}
				}
				break
			}
			t := Token{Text: text[start:i], Start: start, End: i, Kind: kind, Hyphen: hyphen}
			t.Norm = normalizeWord(t.Text, ascii, upper)
			toks = append(toks, t)
			hyphen = false
			// A hyphen between two words joins them.
			if i < len(text) && (text[i] == '-' || strings.HasPrefix(text[i:], "‐")) {
				hw := 1
				if text[i] != '-' {
					hw = len("‐")
				}
				if i+hw < len(text) {
					r2, _ := utf8.DecodeRuneInString(text[i+hw:])
					if wr, _ := isWordRune(r2); wr {
						i += hw
						hyphen = true
					}
				}
			}
		default:
			toks = append(toks, Token{Text: text[i : i+w], Start: i, End: i + w, Kind: Punct})
			hyphen = false
			i += w
		}
	}
	return toks
}

// isDottedAbbrev reports whether text[start:i] followed by "." looks like a
// dotted abbreviation such as "U.S" or "e.g": single letters between dots.
func isDottedAbbrev(text string, start, i int) bool {
	seg := text[start:i]
	if k := strings.LastIndexByte(seg, '.'); k >= 0 {
		seg = seg[k+1:]
	}
	return utf8.RuneCountInString(seg) == 1
}
