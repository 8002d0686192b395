package match

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drift-project/drift/lexicons"
	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/segment"

	"github.com/drift-project/drift/pipeline/internal/cputime"
)

// testLexicon is a small lexicon for the codebook's hard cases, so these
// tests do not depend on the curated files in lexicons/.
const testLexicon = `name: testlex
version: 0.0.1
dimensions:
  - name: framing
    categories:
      - name: class
        subcategories:
          - name: conditions
            entries: [rent, wage*, evict*, pay, bills, hours]
          - name: antagonist
            entries: [boss, landlord, management, the app]
          - name: position
            entries: [workers, white collar, blue collar, labor]
          - name: action
            entries: [union, strike, rent strike, picket, organiz*]
          - name: injustice
            entries: [wage theft]
      - name: identity
        subcategories:
          - name: race
            entries: [race, racis*, white, black]
          - name: nation
            entries: [immigrant*, lithuania, native born]
          - name: religion
            entries: [church, catholic]
    exclusions: [arms race, race car, white house, white paper, black friday, black market,
      european union, soviet union, union army, strike a deal, lightning strike, rent a movie, boss level]
`

func testEngine(t testing.TB, opts Options) *Engine {
	t.Helper()
	set, err := lexicon.Load(fstest.MapFS{"t.yaml": {Data: []byte(testLexicon)}})
	if err != nil {
		t.Fatal(err)
	}
	return &Engine{M: lexicon.Compile(set), Opts: opts}
}

// render lists hits as "category=surface[flags]"; uncounted hits get "!".
func render(e *Engine, text string, facilitator bool) string {
	var out []string
	for _, h := range e.Match(text, facilitator).Hits {
		l := e.M.Labels[h.Label]
		s := l.Category + "=" + h.Surface
		var f []string
		for _, x := range []struct {
			on bool
			n  string
		}{{h.Negated, "neg"}, {h.Question, "q"}, {h.Reported, "rep"}, {h.Facilitator, "fac"}, {h.Narrative, "narr"}, {h.Vetoed, "veto"}, {h.ContextVetoed, "ctx"}} {
			if x.on {
				f = append(f, x.n)
			}
		}
		if len(f) > 0 {
			s += "[" + strings.Join(f, ",") + "]"
		}
		if !h.Counted() {
			s += "!"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

// TestCodebookHardCases has one case per hard case in CODEBOOK.md.
func TestCodebookHardCases(t *testing.T) {
	e := testEngine(t, Options{})
	tests := []struct {
		name, in    string
		facilitator bool
		want        string
	}{
		{"arms race", "The arms race scared everyone.", false, ""},
		{"race car", "He drove a race car.", false, ""},
		{"White House", "A letter from the White House.", false, ""},
		{"white paper", "They wrote a white paper.", false, ""},
		{"Black Friday", "Shopping on Black Friday.", false, ""},
		{"black market", "Bought on the black market.", false, ""},
		{"native speaker", "She is a native speaker.", false, ""},
		{"white-collar is class", "He had a white-collar job.", false, "class=white-collar"},
		{"blue-collar is class", "Blue-collar work.", false, "class=Blue-collar"},
		{"European Union", "The European Union voted.", false, ""},
		{"Soviet Union", "The Soviet Union fell.", false, ""},
		{"Union Army", "The Union Army won.", false, ""},
		{"first class", "We flew first class.", false, ""},
		{"class at school", "I had a class at school.", false, ""},
		{"strike a deal", "Let's strike a deal.", false, ""},
		{"lightning strike", "A lightning strike hit.", false, ""},
		{"capital city", "The capital city.", false, ""},
		{"rent a movie", "We rent a movie.", false, ""},
		{"boss level", "The boss level was hard.", false, ""},
		{"rejected identity framing", "This isn't about race, it's about the rent.", false, "identity=race[neg]! class=rent"},
		{"facilitator prompt", "Did the rent go up?", true, "class=rent[q,fac]"},
		{"participant question", "Did the rent go up?", false, "class=rent[q]"},
		{"reported speech", "The manager said the union was finished.", false, "class=union[rep]"},
		{"quoted speech", "She shouted \"no union here\" at us.", false, "class=union[neg,rep]!"},
		{"codebook reported speech", "The boss says the union is dead.", false, "class=boss class=union[rep]"},
		{"own speech is not reported", "I said the union matters.", false, "class=union"},
		{"ancestry", "My father came from Lithuania.", false, "identity=Lithuania"},
		{"collective action", "We held a rent strike and a picket.", false, "class=rent strike class=picket"},
		{"wage theft", "That is wage theft.", false, "class=wage theft"},
		{"the app as antagonist", "The app sets our hours.", false, "class=The app class=hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(e, tt.in, tt.facilitator); got != tt.want {
				t.Errorf("Match(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNegation(t *testing.T) {
	tests := []struct {
		name, in string
		window   int
		want     string
	}{
		{"cue right before", "No union here.", 0, "class=union[neg]!"},
		{"rejected topic", "This isn't about race.", 0, "identity=race[neg]!"},
		{"curly contraction", "This isn’t about race.", 0, "identity=race[neg]!"},
		{"nothing to do with", "It had nothing to do with race.", 0, "identity=race[neg]!"},
		{"it was never", "It was never the landlord.", 0, "class=landlord[neg]!"},
		{"a rejected list", "It isn't about race or the union.", 0, "identity=race[neg]! class=union[neg]!"},
		// A cue that negates a verb does not reject the frame: the story is
		// still told through the union, the landlord, the wages.
		{"negated verb", "We don't have a union.", 0, "class=union"},
		{"never plus verb", "I never saw the landlord.", 0, "class=landlord"},
		{"nobody paid", "Nobody paid our wages.", 0, "class=wages"},
		{"auxiliary right before", "We didn't strike.", 0, "class=strike"},
		{"be-verb right before", "It wasn't race.", 0, "identity=race[neg]!"},
		{"not only adds", "Not only the rent but the wages.", 0, "class=rent class=wages"},
		{"not just adds", "It is not just the landlord.", 0, "class=landlord"},
		{"talk about talk", "If it's not all speeches about racism.", 0, "identity=racism[neg]!"},
		{"beyond the default window", "It was never really even just about all the landlord.", 0, "class=landlord"},
		{"window widened", "It was never really even just about all the landlord.", 10, "class=landlord[neg]!"},
		{"window narrowed", "It isn't about the union.", 1, "class=union"},
		{"comma ends the clause", "Not me, the landlord did it.", 0, "class=landlord"},
		{"but ends the clause", "It's not race but the rent.", 0, "identity=race[neg]! class=rent"},
		{"cue after the hit", "The union is not strong.", 0, "class=union"},
		{"next sentence", "Not really. The union won.", 0, "class=union"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := testEngine(t, Options{NegationWindow: tt.window})
			if got := render(e, tt.in, false); got != tt.want {
				t.Errorf("Match(%q) window %d\n got %q\nwant %q", tt.in, tt.window, got, tt.want)
			}
		})
	}
}

func TestCountNegated(t *testing.T) {
	e := testEngine(t, Options{CountNegated: true})
	if got, want := render(e, "This isn't about race, it's about the rent.", false), "identity=race[neg] class=rent"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestKeepVetoed(t *testing.T) {
	e := testEngine(t, Options{KeepVetoed: true})
	if got, want := render(e, "The arms race and the race.", false), "identity=race[veto]! identity=race"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestOffsets(t *testing.T) {
	e := testEngine(t, Options{})
	text := "Hello there. Well, the rent strike worked."
	mt := e.Match(text, false)
	if len(mt.Hits) != 1 {
		t.Fatalf("got %d hits, want 1", len(mt.Hits))
	}
	h := mt.Hits[0]
	got := fmt.Sprintf("sentence %d tokens [%d,%d) bytes [%d,%d) %q", h.Sentence, h.TokStart, h.TokEnd, h.ByteStart, h.ByteEnd, text[h.ByteStart:h.ByteEnd])
	want := `sentence 1 tokens [3,5) bytes [23,34) "rent strike"`
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestNarrative(t *testing.T) {
	if testing.Short() {
		t.Skip("loads prose's models")
	}
	e := testEngine(t, Options{Tagger: &segment.Tagger{}})
	tests := []struct{ in, want string }{
		{"When I was young my father lost his job at the union hall.", "class=union[narr]"},
		{"The union is strong.", "class=union"},
		{"We will join the union.", "class=union"},
	}
	for _, tt := range tests {
		if got := render(e, tt.in, false); got != tt.want {
			t.Errorf("Match(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestRunTests(t *testing.T) {
	src := testLexicon + `tests:
  - text: The landlord raised the rent.
    match: [class/antagonist, class/conditions]
    no_match: [identity]
  - text: The arms race.
    match: [identity]
`
	set, err := lexicon.Load(fstest.MapFS{"t.yaml": {Data: []byte(src)}})
	if err != nil {
		t.Fatal(err)
	}
	res := RunTests(set, Options{})
	if res.Run != 2 || len(res.Failures) != 1 {
		t.Fatalf("run %d, failures %v; want 2 run, 1 failure", res.Run, res.Failures)
	}
	want := "t.yaml:32: want identity, got no counted hit\n\t\"The arms race.\""
	if got := res.Failures[0].String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func FuzzMatch(f *testing.F) {
	e := testEngine(f, Options{KeepVetoed: true})
	for _, s := range []string{"This isn't about race, it's about the rent.", "\"union", "Did the boss say?", "a-", "’’"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		mt := e.Match(text, false)
		for _, h := range mt.Hits {
			if h.ByteStart < 0 || h.ByteEnd > len(text) || h.ByteStart >= h.ByteEnd || text[h.ByteStart:h.ByteEnd] != h.Surface {
				t.Fatalf("bad offsets %+v in %q", h, text)
			}
			if h.Sentence >= len(mt.Sentences) || h.TokEnd > len(mt.Sentences[h.Sentence].Tokens) {
				t.Fatalf("bad token offsets %+v", h)
			}
		}
	})
}

// BenchmarkMatch measures the whole hot path without POS tags: sentence
// splitting, tokenising, normalising, matching and flags.
func BenchmarkMatch(b *testing.B) {
	e := testEngine(b, Options{})
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.WriteString("This isn't about race, it's about the rent. The boss cut our hours and the union called a strike! Did the landlord's agent come? We went to church on Sunday. ")
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	defer cputime.Timer(b)()
	for i := 0; i < b.N; i++ {
		e.Match(text, false)
	}
}

// narrativeStops are sentences where taggedNarrative stops early or does
// not tag: the last first-person word early, clauses that clear it, a
// coordinated subject, imperatives, curly apostrophes, capitals.
var narrativeStops = []string{
	"I think the council should fix the roads and the landlords should pay their fair share.",
	"We were there, and then the company closed the plant.",
	"I know; the boss fired everyone on the line.",
	"We want change — they closed the mill in 1998.",
	"My view: they sold the building and evicted the tenants.",
	"I mean, and they shut the plant.",
	"me and you went to the rally.",
	"Me and my wife went out on strike, and they sacked us.",
	"Tell us about the first time you felt it, and we lost.",
	"Tell me, we went there.",
	"Tell me about it; we lost everything.",
	"Yes, tell us, did they evict you.",
	"I’ve lost two jobs to the app.",
	"We’d worked there for years.",
	"I’m sure the landlord evicted them.",
	"The boss said I’d be fine, because I took a sick day.",
	"She said the landlord evicted us.",
	"MY LANDLORD EVICTED US.",
	"İ went home and they closed it.",
	"Back then it was local lads, and that's all I want back.",
	"If I had known, the landlord evicted them.",
	"As I said last time, the rent went up.",
	"They cut the forklift crew and gave the work to agency temps.",
	"Ours closed; theirs stayed open.",
	"It was ours, and it was myself who lost it.",
	"my boss said I was lazy, then I quit",
	"",
	"I",
	"we",
}

// TestTaggedNarrative checks that tagging only as far as needed gives
// isNarrative of all the tags, on narrativeStops and the sentences of the
// sample corpus.
func TestTaggedNarrative(t *testing.T) {
	if testing.Short() {
		t.Skip("loads prose's models")
	}
	tg := &segment.Tagger{}
	sents := slices.Clone(narrativeStops)
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "*", "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for _, s := range segment.Split(text) {
			sents = append(sents, text[s.Start:s.End])
		}
	}
	yes := 0
	for _, sent := range sents {
		want := isNarrative(tg.Tags(sent))
		if got := taggedNarrative(tg, sent); got != want {
			t.Errorf("taggedNarrative(%q) = %v, isNarrative of all tags %v", sent, got, want)
		}
		if want {
			yes++
		}
	}
	if len(sents) < 50+len(narrativeStops) || yes == 0 {
		t.Fatalf("%d sentences, %d narrative; is testdata/corpus there?", len(sents), yes)
	}
}

// FuzzTaggedNarrative checks taggedNarrative against isNarrative of all
// the tags, and isFirstPersonWord against the lower-casing add does.
func FuzzTaggedNarrative(f *testing.F) {
	if testing.Short() {
		f.Skip("loads prose's models")
	}
	for _, s := range narrativeStops {
		f.Add(s)
	}
	tg := &segment.Tagger{}
	f.Fuzz(func(t *testing.T, sent string) {
		want := isNarrative(tg.Tags(sent))
		if got := taggedNarrative(tg, sent); got != want {
			t.Errorf("taggedNarrative(%q) = %v, isNarrative of all tags %v", sent, got, want)
		}
		for _, w := range append(strings.Fields(sent), sent) {
			if got, want := isFirstPersonWord(w), firstPerson[narrLower(w)]; got != want {
				t.Errorf("isFirstPersonWord(%q) = %v, firstPerson of its lower case %v", w, got, want)
			}
		}
	})
}

// benchLines returns the non-empty lines (one turn each) of 8 US
// presidential debates from shared/corpora beside the repository, or of
// the sample corpus when that is absent.
func benchLines(b *testing.B) []string {
	var files []string
	for _, root := range []string{filepath.Join("..", "..", "..", "shared", "corpora"), filepath.Join("/work", "shared", "corpora")} {
		if files, _ = filepath.Glob(filepath.Join(root, "us-debates", "by_debate", "20*.txt")); len(files) > 0 {
			break
		}
	}
	if len(files) > 8 {
		files = files[:8]
	}
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "*", "*"))
	}
	var out []string
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range strings.Split(string(t), "\n") {
			if strings.TrimSpace(l) != "" {
				out = append(out, l)
			}
		}
	}
	return out
}

// BenchmarkMatchTagged is BenchmarkMatch with POS tags for the narrative
// flag, over the turns of 8 US presidential debates from shared/corpora
// (the sample corpus when that is absent), with the embedded lexicons.
func BenchmarkMatchTagged(b *testing.B) {
	var turns []string
	size := 0
	for _, l := range benchLines(b) {
		turns = append(turns, l)
		size += len(l)
	}
	set, err := lexicon.Load(lexicons.FS)
	if err != nil {
		b.Fatal(err)
	}
	e := &Engine{M: lexicon.Compile(set), Opts: Options{Tagger: &segment.Tagger{}}}
	e.Opts.Tagger.Tags("I was told.") // loads the model
	b.SetBytes(int64(size))
	b.ReportAllocs()
	defer cputime.Timer(b)()
	for b.Loop() {
		for _, t := range turns {
			e.Match(t, false)
		}
	}
}

// narrativeSentences returns the sentences Engine.narrative tags (statements
// with a first-person word) from 8 US presidential debates in shared/corpora,
// or from the sample corpus when that is absent, and their total length.
func narrativeSentences(b *testing.B) ([]string, int) {
	var out []string
	size := 0
	for _, l := range benchLines(b) {
		for _, s := range segment.Split(l) {
			if !isQuestion(s) && hasFirstPerson(s) {
				out = append(out, l[s.Start:s.End])
				size += s.End - s.Start
			}
		}
	}
	if len(out) == 0 {
		b.Fatal("no first-person sentences; is testdata/corpus there?")
	}
	return out, size
}

// BenchmarkTaggedNarrative is the narrative flag of the sentences drift
// tags for it.
func BenchmarkTaggedNarrative(b *testing.B) {
	sents, size := narrativeSentences(b)
	tg := &segment.Tagger{}
	tg.Preload()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	defer cputime.Timer(b)()
	for b.Loop() {
		for _, s := range sents {
			taggedNarrative(tg, s)
		}
	}
}

// TestIsReportVerb keeps isReportVerb, used by reported, the same as the
// reportVerbs map (keys mapped to false included).
func TestIsReportVerb(t *testing.T) {
	words := []string{"", "Said", "sayings", "tell", "call", "thought", "blamed", "keeps"}
	for w := range reportVerbs {
		words = append(words, w, w+"s", w[:len(w)-1], strings.ToUpper(w))
	}
	for _, w := range words {
		if got, want := isReportVerb(w), reportVerbs[w]; got != want {
			t.Errorf("isReportVerb(%q) = %v, reportVerbs has %v", w, got, want)
		}
	}
}

// TestIsFirstPerson keeps isFirstPerson, used while tagging, the same as
// the firstPerson map.
func TestIsFirstPerson(t *testing.T) {
	words := []string{"", "I", "i'll", "we're", "you", "mine!", "ourselves", "u", "m"}
	for w := range firstPerson {
		words = append(words, w, w+"s", strings.ToUpper(w))
	}
	for _, w := range words {
		if got, want := isFirstPerson(w), firstPerson[w]; got != want {
			t.Errorf("isFirstPerson(%q) = %v, firstPerson has %v", w, got, want)
		}
	}
}
