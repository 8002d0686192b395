// Command barescan is the floor for drift's matching speed: a minimal,
// single-threaded lexicon scan over a folder of text files. It reads each
// file, lowercases ASCII, splits words on anything that is not a letter,
// digit or inner apostrophe, and looks every word up in the same embedded
// lexicon entries drift uses (words in a map, stems by prefix, phrases by
// their first word). No sentences, flags, speakers, statistics or output
// files: only what any lexicon matcher must do.
//
//	barescan DIR
//	barescan -words
//
// The first prints "files bytes tokens hits seconds" on one line; the
// second prints the normalised lexicon entries, one a line (stems end in
// '*'), for the NLTK peer.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/drift-project/drift/lexicons"
	"github.com/drift-project/drift/pipeline/lexicon"
)

type phrase struct {
	rest []pat
}

type pat struct {
	text   string
	prefix bool
}

func (p pat) match(w string) bool {
	if p.prefix {
		return strings.HasPrefix(w, p.text)
	}
	return w == p.text
}

type scanner struct {
	words   map[string]bool
	stems   map[string][]string // first 3 bytes of the stem -> stems
	short   []string            // stems shorter than 3 bytes
	phrases map[string][]phrase // first word (exact) -> phrases
	pstems  []phrase            // phrases whose first word is a stem (rest includes it)
}

func compile(set *lexicon.Set) *scanner {
	s := &scanner{words: map[string]bool{}, stems: map[string][]string{}, phrases: map[string][]phrase{}}
	for _, d := range set.Dimensions() {
		for _, c := range d.Categories {
			for _, sc := range c.Subcategories {
				for _, e := range sc.Entries {
					var ps []pat
					for _, w := range strings.Fields(e.Key()) {
						ps = append(ps, pat{strings.TrimSuffix(w, "*"), strings.HasSuffix(w, "*")})
					}
					switch {
					case len(ps) == 0:
					case len(ps) == 1 && !ps[0].prefix:
						s.words[ps[0].text] = true
					case len(ps) == 1:
						if len(ps[0].text) < 3 {
							s.short = append(s.short, ps[0].text)
						} else {
							k := ps[0].text[:3]
							s.stems[k] = append(s.stems[k], ps[0].text)
						}
					case !ps[0].prefix:
						s.phrases[ps[0].text] = append(s.phrases[ps[0].text], phrase{ps[1:]})
					default:
						s.pstems = append(s.pstems, phrase{ps})
					}
				}
			}
		}
	}
	return s
}

// hits counts entries that start at word i.
func (s *scanner) hits(words []string, i int) int {
	w := words[i]
	n := 0
	if s.words[w] {
		n++
	}
	if len(w) >= 3 {
		for _, st := range s.stems[w[:3]] {
			if strings.HasPrefix(w, st) {
				n++
			}
		}
	}
	for _, st := range s.short {
		if strings.HasPrefix(w, st) {
			n++
		}
	}
	for _, p := range s.phrases[w] {
		if matchRest(words, i+1, p.rest) {
			n++
		}
	}
	for _, p := range s.pstems {
		if matchRest(words, i, p.rest) {
			n++
		}
	}
	return n
}

func matchRest(words []string, i int, rest []pat) bool {
	if i+len(rest) > len(words) {
		return false
	}
	for k, p := range rest {
		if !p.match(words[i+k]) {
			return false
		}
	}
	return true
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

// split lowercases b in place and returns its words.
func split(b []byte, words []string) []string {
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	text := string(b)
	start := -1
	for i := 0; i < len(text); i++ {
		c := text[i]
		if isWordByte(c) || c == '\'' && start >= 0 && i+1 < len(text) && isWordByte(text[i+1]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			words = append(words, text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, text[start:])
	}
	return words
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: barescan DIR | barescan -words")
		os.Exit(2)
	}
	set, err := lexicon.Load(lexicons.FS)
	if err != nil {
		fmt.Fprintln(os.Stderr, "barescan:", err)
		os.Exit(1)
	}
	if os.Args[1] == "-words" {
		for _, d := range set.Dimensions() {
			for _, c := range d.Categories {
				for _, sc := range c.Subcategories {
					for _, e := range sc.Entries {
						fmt.Println(e.Key())
					}
				}
			}
		}
		return
	}
	s := compile(set)
	start := time.Now()
	var files, bytes, tokens, hits int64
	var words []string
	err = filepath.WalkDir(os.Args[1], func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != os.Args[1] {
			if d.IsDir() {
				return fs.SkipDir // .drift/ and the like, as drift skips them
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		bytes += int64(len(b))
		words = split(b, words[:0])
		tokens += int64(len(words))
		for i := range words {
			hits += int64(s.hits(words, i))
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "barescan:", err)
		os.Exit(1)
	}
	fmt.Printf("%d %d %d %d %.3f\n", files, bytes, tokens, hits, time.Since(start).Seconds())
}
