package table

// This file is the Parquet contract: every table's row struct, and nothing
// else. docs/schema.md describes every column; TestContractSchemaDoc fails
// when the two disagree. After adding, removing, renaming or retyping a
// column, run
//
//	go test ./pipeline/table -run TestContractSchemaDoc -update-schema
//
// describe the new columns in docs/schema.md, and bump SchemaVersion. A new
// table also needs an entry in tables (pipeline/table/helpers_test.go).

// SchemaVersion is bumped whenever a column is added, removed, renamed or
// changes meaning. It is stored in every file's key-value metadata.
const SchemaVersion = "2"

// Document is one row of documents.parquet: one input file.
type Document struct {
	Path       string `parquet:"path"`
	Cycle      string `parquet:"cycle"`
	Site       string `parquet:"site"`
	Date       *int32 `parquet:"date,optional,date"` // days since 1970-01-01; NULL when unknown
	Format     string `parquet:"format"`
	Encoding   string `parquet:"encoding"`
	Status     string `parquet:"status"` // ok, skipped, failed, config
	Reason     string `parquet:"reason"`
	SizeBytes  int64  `parquet:"size_bytes"`
	NTurns     int64  `parquet:"n_turns"`
	NSentences int64  `parquet:"n_sentences"`
	NTokens    int64  `parquet:"n_tokens"`
	NNoise     int64  `parquet:"n_noise"` // stage notes and timestamps removed
	NHits      int64  `parquet:"n_hits"`
	SHA256     string `parquet:"sha256"`
}

// Turn is one row of turns/cycle=C/part-N.parquet. The cycle is the
// partition key and is not stored in the file.
type Turn struct {
	DocPath    string   `parquet:"doc_path"`
	Turn       int32    `parquet:"turn"`
	Site       string   `parquet:"site"`
	Speaker    string   `parquet:"speaker"` // keyed pseudonym, never the name
	Role       string   `parquet:"role"`    // facilitator, participant, unknown
	Line       int32    `parquet:"line"`
	StartS     *float64 `parquet:"start_s,optional"` // seconds; NULL when the format has no times
	EndS       *float64 `parquet:"end_s,optional"`
	NSentences int32    `parquet:"n_sentences"`
	NTokens    int32    `parquet:"n_tokens"`
	NNoise     int32    `parquet:"n_noise"`
	NHits      int32    `parquet:"n_hits"`
	Text       string   `parquet:"text"` // per the --text policy: full, masked or empty
}

// Match is one row of matches/cycle=C/part-N.parquet: one lexicon hit.
type Match struct {
	DocPath        string  `parquet:"doc_path"`
	Turn           int32   `parquet:"turn"`
	Sentence       int32   `parquet:"sentence"`    // within the turn
	TokenStart     int32   `parquet:"token_start"` // within the sentence
	TokenEnd       int32   `parquet:"token_end"`
	ByteStart      int32   `parquet:"byte_start"` // within the turn's analysed text
	ByteEnd        int32   `parquet:"byte_end"`
	TextStart      int32   `parquet:"text_start"` // within the turn's text column as stored; 0 under --text none
	TextEnd        int32   `parquet:"text_end"`
	Site           string  `parquet:"site"`
	Speaker        string  `parquet:"speaker"`
	Role           string  `parquet:"role"`
	Lexicon        string  `parquet:"lexicon"`
	LexiconVersion string  `parquet:"lexicon_version"`
	Dimension      string  `parquet:"dimension"`
	Category       string  `parquet:"category"`
	Subcategory    string  `parquet:"subcategory"`
	Entry          string  `parquet:"entry"`
	Surface        string  `parquet:"surface"`
	Weight         float64 `parquet:"weight"`
	Negated        bool    `parquet:"negated"`
	Question       bool    `parquet:"question"`
	Reported       bool    `parquet:"reported"`
	Facilitator    bool    `parquet:"facilitator"`
	Narrative      bool    `parquet:"narrative"`
	Counted        bool    `parquet:"counted"` // counts toward framing measures
}

// Frame is one row of frames.parquet: counted hits of one category by one
// speaker in one cycle and site, with the speaker's token denominator there.
type Frame struct {
	Cycle          string `parquet:"cycle"`
	Site           string `parquet:"site"`
	Speaker        string `parquet:"speaker"`
	Role           string `parquet:"role"`
	Dimension      string `parquet:"dimension"`
	Category       string `parquet:"category"`
	Hits           int64  `parquet:"hits"`           // counted hits (negated excluded)
	HitsAll        int64  `parquet:"hits_all"`       // every hit, negated included
	NarrativeHits  int64  `parquet:"narrative_hits"` // counted hits in first-person narrative sentences
	Tokens         int64  `parquet:"tokens"`         // the speaker's tokens in this cycle and site
	Turns          int64  `parquet:"turns"`
	Sentences      int64  `parquet:"sentences"`
	FramedSentence int64  `parquet:"framed_sentences"` // sentences with at least one counted hit of this category
}

// Drift is one row of drift.parquet: one measure in one cycle and site (or
// the trend across cycles), with its interval and verdict.
type Drift struct {
	Scope      string   `parquet:"scope"` // cycle or trend
	Cycle      string   `parquet:"cycle"` // empty for trend rows
	Site       string   `parquet:"site"`  // site name, or "all" pooled
	Measure    string   `parquet:"measure"`
	Dimension  string   `parquet:"dimension"`
	Estimate   *float64 `parquet:"estimate,optional"`
	CILow      *float64 `parquet:"ci_low,optional"`
	CIHigh     *float64 `parquet:"ci_high,optional"`
	PrevCycle  string   `parquet:"prev_cycle"`
	Change     *float64 `parquet:"change,optional"`
	ChangeLow  *float64 `parquet:"change_low,optional"`
	ChangeHigh *float64 `parquet:"change_high,optional"`
	PValue     *float64 `parquet:"p_value,optional"`
	QValue     *float64 `parquet:"q_value,optional"`
	Verdict    string   `parquet:"verdict"` // rose, fell, no_detectable_change, insufficient_data, no_previous_cycle
	NSpeakers  int64    `parquet:"n_speakers"`
	NHits      int64    `parquet:"n_hits"`
	NTokens    int64    `parquet:"n_tokens"`
	Suppressed bool     `parquet:"suppressed"` // fewer speakers than the disclosure threshold
	Method     string   `parquet:"method"`
	Note       string   `parquet:"note"`
	// Added by issue 6 (see docs/statistics.md). Decomposition of a cycle
	// row's change: composition (who spoke and how much, entries and exits
	// included) plus within (speakers present in both cycles changing their
	// own framing) equals change. top_contributor_share is the largest
	// single speaker's share of the absolute contributions (0 to 1); no
	// speaker is named. NULL when there is no change.
	Composition         *float64 `parquet:"composition,optional"`
	Within              *float64 `parquet:"within,optional"`
	TopContributorShare *float64 `parquet:"top_contributor_share,optional"`
	// Trend rows with enough cycles: change points as "CYCLE (support S)"
	// joined by "; ", where CYCLE starts a new level and S is the share of
	// bootstrap resamples that find a change point within one cycle of it;
	// "none" when none was found; empty when not looked for.
	ChangePoints string `parquet:"change_points"`
}

// Keyness is one row of keyness.parquet: how distinctive a term is of a
// cycle against a reference (the previous cycle, or all other cycles), by
// weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi
// and Quinn 2008).
type Keyness struct {
	Cycle     string  `parquet:"cycle"`
	Reference string  `parquet:"reference"` // previous or others
	RefCycle  string  `parquet:"ref_cycle"` // the previous cycle's id; empty for others
	Kind      string  `parquet:"kind"`      // entry (a lexicon entry) or word (any word)
	Term      string  `parquet:"term"`
	Dimension string  `parquet:"dimension"` // for entries; empty for words
	Category  string  `parquet:"category"`  // for entries; empty for words
	Count     int64   `parquet:"count"`     // in the cycle
	CountRef  int64   `parquet:"count_ref"` // in the reference
	LogOdds   float64 `parquet:"log_odds"`  // delta of log-odds, cycle minus reference
	Z         float64 `parquet:"z"`         // log_odds divided by its standard error
}

// Participant is one row of participants.parquet: one pseudonymous
// speaker's attendance and framing across cycles.
type Participant struct {
	Speaker        string   `parquet:"speaker"`
	Role           string   `parquet:"role"`
	Sites          string   `parquet:"sites"` // site names, comma-separated, sorted
	CyclesAttended int64    `parquet:"cycles_attended"`
	FirstCycle     string   `parquet:"first_cycle"`
	LastCycle      string   `parquet:"last_cycle"`
	Tokens         int64    `parquet:"tokens"`
	ShareFirst     *float64 `parquet:"class_share_first,optional"` // NULL when too little evidence
	ShareLast      *float64 `parquet:"class_share_last,optional"`
	DominantFirst  string   `parquet:"dominant_first"` // class, identity, or empty
	DominantLast   string   `parquet:"dominant_last"`
	Flipped        bool     `parquet:"flipped"` // dominant framing changed between first and last
}

// Continuity is one row of continuity.parquet: who came back in a cycle
// and site (integration) and who did not (churn).
type Continuity struct {
	Cycle     string `parquet:"cycle"`
	Site      string `parquet:"site"` // or "all"
	PrevCycle string `parquet:"prev_cycle"`
	Present   int64  `parquet:"present"`   // participants who spoke
	Returning int64  `parquet:"returning"` // spoke in the previous cycle too
	New       int64  `parquet:"new"`       // never spoke before
	Rejoined  int64  `parquet:"rejoined"`  // spoke before, but not in the previous cycle
	Lost      int64  `parquet:"lost"`      // spoke in the previous cycle, not in this one
}

// Diffusion is one row of diffusion.parquet: for one lexicon entry, which
// sites had used it by a cycle.
type Diffusion struct {
	Entry          string `parquet:"entry"`
	Dimension      string `parquet:"dimension"`
	Category       string `parquet:"category"`
	Site           string `parquet:"site"`
	FirstCycle     string `parquet:"first_cycle"` // the site's first cycle with the entry
	Cycle          string `parquet:"cycle"`
	Count          int64  `parquet:"count"`           // uses at this site in this cycle
	SitesAdopted   int64  `parquet:"sites_adopted"`   // sites that had used it by this cycle
	SitesTotal     int64  `parquet:"sites_total"`     // sites in the corpus
	FirstSiteCycle string `parquet:"first_any_cycle"` // the first cycle any site used it
}
