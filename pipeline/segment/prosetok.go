package segment

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// proseTokenize splits a sentence into words exactly as prose's tokenizer
// (iterTokenizer in github.com/jdkato/prose/v2, MIT licence) does, without
// its per-call cache map, its *Token allocations and most of its regular
// expression calls. Its output feeds the tagger, whose features depend on
// the token boundaries, so it must not drift from prose's: the tests
// compare the two.
func proseTokenize(text string, toks []string) []string {
	clean := proseSanitize(text)
	white := false
	start, index := 0, 0
	for index < len(clean) {
		uc, size := rune(clean[index]), 1
		var space bool
		if uc < utf8.RuneSelf {
			space = asciiClass[uc] == cSpace // unicode.IsSpace, without the call
		} else {
			uc, size = utf8.DecodeRuneInString(clean[index:])
			space = unicode.IsSpace(uc)
		}
		if index == 0 {
			white = space
		}
		if space != white {
			if start < index {
				toks = proseSplit(clean[start:index], toks)
			}
			if uc == ' ' {
				start = index + 1
			} else {
				start = index
			}
			white = !white
		}
		index += size
	}
	if start < index {
		toks = proseSplit(clean[start:index], toks)
	}
	return toks
}

// proseSanitize is prose's sanitizer, a strings.Replacer: curly quotes and
// "&rsquo;" made straight. No pattern is a prefix of another, so a scan
// for their first bytes does what the Replacer does, and it copies the
// text only when one is there (text with a dash, 0xE2 too, is common).
func proseSanitize(text string) string {
	var b []byte
	last := 0 // text[:last] is in b
	for i := 0; i < len(text); i++ {
		var r string
		n := 0
		switch text[i] {
		case 0xE2:
			if i+2 < len(text) && text[i+1] == 0x80 {
				switch text[i+2] {
				case 0x9C, 0x9D:
					r, n = `"`, 3
				case 0x98, 0x99:
					r, n = "'", 3
				}
			}
		case '&':
			if strings.HasPrefix(text[i:], "&rsquo;") {
				r, n = "'", len("&rsquo;")
			}
		}
		if n == 0 {
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(text))
		}
		b = append(append(b, text[last:i]...), r...)
		i += n - 1
		last = i + 1
	}
	if b == nil {
		return text
	}
	return string(append(b, text[last:]...))
}

var (
	proseInternal = regexp.MustCompile(`^(?:[A-Za-z]\.){2,}$|^[A-Z][a-z]{1,2}\.$`)
	proseSuffixes = []string{",", ")", `"`, "]", "!", ";", ".", "?", ":", "'"}
	prosePrefixes = []string{"$", "(", `"`, "["}
	proseClitics  = []string{"'ll", "'s", "'re", "'m"}
)

func proseSpecial(token string) bool {
	return emoticon(token) || strings.HasSuffix(token, ".") && proseInternal.MatchString(token)
}

func addProseToken(s string, toks []string) []string {
	if strings.TrimSpace(s) != "" {
		toks = append(toks, s)
	}
	return toks
}

// proseSplit is prose's doSplit: prefixes, clitics ("they'll", "don't")
// and trailing punctuation come off one at a time.
func proseSplit(token string, toks []string) []string {
	if plainWord(token) && !emoticon(token) {
		// No prefix, clitic, suffix or dot: prose keeps it whole.
		return append(toks, token)
	}
	if w := punctTail(token); w > 0 {
		// A plain word and trailing punctuation ("rent," "said:" "it.\""):
		// the loop below takes the punctuation off one byte at a time and
		// keeps the word (an emoticon such as "xD" too).
		toks = append(toks, token[:w])
		for i := w; i < len(token); i++ {
			toks = append(toks, token[i:i+1])
		}
		return toks
	}
	var suffs []string
	last := 0
	for token != "" && utf8.RuneCountInString(token) != last {
		if proseSpecial(token) {
			toks = addProseToken(token, toks)
			break
		}
		last = utf8.RuneCountInString(token)
		lower := strings.ToLower(token)
		if hasAnyPrefix(token, prosePrefixes) {
			toks = addProseToken(string(rune(token[0])), toks)
			token = token[1:]
		} else if idx := hasAnyIndex(lower, proseClitics); idx > -1 && idx <= len(token) {
			toks = addProseToken(token[:idx], toks)
			token = token[idx:]
		} else if idx := hasAnyIndex(lower, []string{"n't"}); idx > -1 && idx <= len(token) {
			toks = addProseToken(token[:idx], toks)
			token = token[idx:]
		} else if hasAnySuffix(token, proseSuffixes) {
			suffs = append(suffs, token[len(token)-1:])
			token = token[:len(token)-1]
		} else {
			toks = addProseToken(token, toks)
		}
	}
	// Suffixes came off last first.
	for i := len(suffs) - 1; i >= 0; i-- {
		toks = append(toks, suffs[i])
	}
	return toks
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if len(s) > len(p) && strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, p := range suffixes {
		if len(s) > len(p) && strings.HasSuffix(s, p) {
			return true
		}
	}
	return false
}

func hasAnyIndex(s string, subs []string) int {
	for _, p := range subs {
		if idx := strings.Index(s, p); idx >= 0 && len(s) > len(p) {
			return idx
		}
	}
	return -1
}

// punctTail returns the length of the plain word (see plainWord) token
// starts with, when the rest is one or more of proseSuffixes and proseSplit
// would take those off one at a time; 0 otherwise. proseSplit keeps a
// token whole that is an emoticon or a proseInternal abbreviation: with
// only closing punctuation after a plain word, the abbreviation can only be
// a capital and one or two lower-case letters and a dot ("Mr." "Dec.");
// plain words with clitics ("they'll") or dots ("U.S.") are not plain.
// Nor can the word and punctuation make a prefix, clitic or "n't".
func punctTail(token string) int {
	w := 0
	for w < len(token) && token[w] < utf8.RuneSelf && asciiClass[token[w]] >= cLower {
		w++
	}
	if w == 0 || w == len(token) {
		return 0
	}
	for i := w; i < len(token); i++ {
		switch token[i] {
		case ',', ')', '"', ']', '!', ';', '.', '?', ':', '\'':
		default:
			return 0
		}
	}
	if token[w] == '.' && abbrevWord(token[:w]) {
		return 0
	}
	for i := len(token); i > w; i-- {
		if emoticon(token[:i]) {
			return 0
		}
	}
	return w
}

// abbrevWord reports whether w matches [A-Z][a-z]{1,2}, as proseInternal
// does before a dot.
func abbrevWord(w string) bool {
	if len(w) < 2 || len(w) > 3 || asciiClass[w[0]] != cUpper {
		return false
	}
	for i := 1; i < len(w); i++ {
		if asciiClass[w[i]] != cLower {
			return false
		}
	}
	return true
}

// plainWord reports whether s is non-empty ASCII letters and digits only.
func plainWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; asciiClass[c&0x7f] < cLower || c >= 0x80 {
			return false
		}
	}
	return true
}

// emoticonFirst marks the first bytes of prose's emoticons, so most words
// are ruled out without a map lookup.
var emoticonFirst = func() (t [256]bool) {
	for e := range emoticons {
		t[e[0]] = true
	}
	return t
}()

// emoticon reports whether s is one of prose's emoticons.
func emoticon(s string) bool {
	return s != "" && emoticonFirst[s[0]] && emoticons[s]
}
