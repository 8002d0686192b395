package lexicon

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrInvalid is matched by errors.Is for every problem in a lexicon file.
var ErrInvalid = errors.New("invalid lexicon")

// Error is one problem at a position in a lexicon file.
type Error struct {
	File string
	Line int
	Col  int
	Msg  string
	// Lint marks a problem that changes no count (a redundant entry):
	// drift lexicon check reports it, but Load accepts the lexicon.
	Lint bool
}

func (e *Error) Error() string {
	if e.Lint {
		return fmt.Sprintf("%s:%d:%d: lint: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// ErrorList is every problem found, sorted by position.
type ErrorList []*Error

// Add appends a problem.
func (l *ErrorList) Add(file string, line, col int, format string, args ...any) {
	*l = append(*l, &Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// AddLint appends a lint problem (see Error.Lint).
func (l *ErrorList) AddLint(file string, line, col int, format string, args ...any) {
	*l = append(*l, &Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Lint: true})
}

// Split separates the problems that block loading from lint problems.
func (l ErrorList) Split() (errs, lint ErrorList) {
	for _, e := range l {
		if e.Lint {
			lint = append(lint, e)
		} else {
			errs = append(errs, e)
		}
	}
	return errs, lint
}

// Sort orders the list by file, line and column.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Is makes errors.Is(list, ErrInvalid) true.
func (l ErrorList) Is(target error) bool { return target == ErrInvalid && len(l) > 0 }

// Err returns nil when the list is empty, else the sorted list.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}
