package segment

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize returns the matching form of a word: lower case, curly
// apostrophes made straight, and British spellings made American
// (labour → labor, neighbour → neighbor, organise → organize). Lexicon
// entries and text tokens go through the same function, so either spelling
// in either place matches.
func Normalize(w string) string {
	ascii, upper := true, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		upper = upper || c >= 'A' && c <= 'Z'
	}
	return normalizeWord(w, ascii, upper)
}

// normalizeWord is Normalize for a word whose bytes the caller has already
// looked at: ascii when all are below 0x80, upper when one is 'A'-'Z'.
func normalizeWord(w string, ascii, upper bool) string {
	var s string
	switch {
	case ascii && !upper:
		s = w
	case ascii:
		s = lowerASCII(w)
	default:
		s = strings.Map(func(r rune) rune {
			switch r {
			case '’', '‘', 'ʼ', '`':
				return '\''
			}
			return unicode.ToLower(r)
		}, w)
	}
	return americanize(s)
}

func lowerASCII(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' {
			b := []byte(w)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return w
}

// ourStems take -our in British spelling and -or in American.
var ourStems = []string{
	"labour", "neighbour", "colour", "honour", "favour", "behaviour", "harbour", "rumour", "humour",
	"endeavour", "vapour", "savour", "valour", "armour", "parlour", "flavour", "odour", "vigour",
}

var ourSuffixes = []string{"", "s", "ed", "ing", "er", "ers", "ite", "ites", "hood", "hoods", "ly", "able", "ful", "less", "ist", "ists", "'s", "s'"}

// iseStems take -ise in British spelling and -ize in American; only the
// listed endings are changed, so "capitalism" and "realistic" stay as they are.
var iseStems = []string{
	"organis", "recognis", "realis", "mobilis", "unionis", "apologis", "criticis", "privatis", "nationalis",
	"marginalis", "radicalis", "prioritis", "minimis", "maximis", "subsidis", "capitalis", "globalis",
	"industrialis", "modernis", "normalis", "politicis", "socialis", "sympathis", "summaris", "legalis",
	"legitimis", "stabilis", "centralis", "decentralis", "categoris", "characteris", "authoris", "specialis",
	"finalis", "utilis", "civilis", "colonis", "immunis", "hospitalis", "criminalis", "demonis", "scrutinis",
	"emphasis", "casualis", "stigmatis", "polaris", "democratis", "revolutionis", "energis", "galvanis",
	"penalis", "rationalis", "randomis", "standardis", "synchronis", "visualis", "westernis", "urbanis",
	"americanis", "commercialis", "computeris", "deregulat", "ostracis", "patronis", "agonis", "terroris",
}

var iseSuffixes = []string{"e", "ed", "es", "ing", "ation", "ations", "er", "ers", "able"}

var spelling = buildSpelling()

func buildSpelling() map[string]string {
	m := map[string]string{
		"centre": "center", "centres": "center", "theatre": "theater", "theatres": "theaters",
		"defence": "defense", "offence": "offense", "licence": "license", "programme": "program",
		"programmes": "programs", "travelled": "traveled", "travelling": "traveling", "cancelled": "canceled",
		"cheque": "check", "cheques": "checks", "mum": "mom", "mums": "moms", "grey": "gray",
		"jewellery": "jewelry", "storey": "story", "storeys": "stories", "tyre": "tire", "tyres": "tires",
		"kerb": "curb", "aluminium": "aluminum", "counselling": "counseling", "fulfil": "fulfill",
		"enrol": "enroll", "enrolment": "enrollment", "paediatric": "pediatric", "anaesthetic": "anesthetic",
		"manoeuvre": "maneuver", "plough": "plow", "sceptical": "skeptical", "whilst": "while",
		"neighbourhood": "neighborhood", "neighbourhoods": "neighborhoods", "neighbouring": "neighboring",
		"labourer": "laborer", "labourers": "laborers", "organisation": "organization", "organisations": "organizations",
		"organiser": "organizer", "organisers": "organizers",
	}
	for _, s := range ourStems {
		am := s[:len(s)-2] + "r"
		for _, suf := range ourSuffixes {
			m[s+suf] = am + suf
		}
	}
	for _, s := range iseStems {
		if strings.HasSuffix(s, "is") {
			am := s[:len(s)-1] + "z"
			for _, suf := range iseSuffixes {
				m[s+suf] = am + suf
			}
		}
	}
	return m
}

func americanize(s string) string {
	if !spellingFilter.has(s) {
		return s
	}
	if a, ok := spelling[s]; ok {
		return a
	}
	return s
}

// spellingFilter holds every key of spelling, and few other words: a
// word it does not hold has no American spelling. americanize runs on
// every word of a run, and the map lookup it saves for almost all of
// them was 2% of a run's CPU.
var spellingFilter = func() (f wordFilter) {
	f.min = math.MaxInt
	for k := range spelling {
		f.min = min(f.min, len(k))
	}
	for k := range spelling {
		h := f.hash(k)
		f.bits[h/64] |= 1 << (h % 64)
	}
	return f
}()

// wordFilter is a one-hash Bloom filter of words of at least min bytes,
// by their length, first byte and last two bytes.
type wordFilter struct {
	min  int
	bits [1 << 10]uint64
}

func (f *wordFilter) hash(s string) uint32 {
	n := len(s)
	h := uint32(n) | uint32(s[0])<<5 | uint32(s[n-2])<<13 | uint32(s[n-1])<<21
	return (h * 0x9E3779B1) >> 16
}

func (f *wordFilter) has(s string) bool {
	if len(s) < f.min {
		return false
	}
	h := f.hash(s)
	return f.bits[h/64]&(1<<(h%64)) != 0
}

var iseStemSet = func() map[string]string {
	m := map[string]string{}
	for _, s := range iseStems {
		if strings.HasSuffix(s, "is") {
			m[s] = s[:len(s)-1] + "z"
		}
	}
	return m
}()

// NormalizeStem returns the matching forms of a stem (the part of a lexicon
// entry before '*'). The first is Normalize, with a British -is- stem made
// American ("organis" → "organiz"), so "organis*" matches "organizing" and,
// through Normalize, "organising". For such a stem alt is the stem as
// written, lower-cased ("capitalis"): words that start with it but have no
// -ise/-ize spelling pair ("capitalism", "capitalist") keep their letters
// under Normalize, so a matcher must accept either prefix. alt is "" for
// every other stem.
func NormalizeStem(w string) (stem, alt string) {
	s := Normalize(w)
	if a, ok := iseStemSet[s]; ok {
		return a, s
	}
	return s, ""
}
