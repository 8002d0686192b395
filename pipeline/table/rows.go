package table

// SchemaVersion is bumped whenever a column is added, removed, renamed or
// changes meaning. It is stored in every file's key-value metadata.
const SchemaVersion = "1"

// Document is one row of documents.parquet: one input file.
type Document struct {
	Path       string `parquet:"path"`
	Cycle      string `parquet:"cycle"`
	Site       string `parquet:"site"`
	Date       *int32 `parquet:"date,optional,date"` // days since 1970-01-01; NULL when unknown
	Format     string `parquet:"format"`
	Encoding   string `parquet:"encoding"`
	Status     string `parquet:"status"` // ok, skipped, failed
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
	Verdict    string   `parquet:"verdict"` // rose, fell, no_detectable_change, insufficient_data
	NSpeakers  int64    `parquet:"n_speakers"`
	NHits      int64    `parquet:"n_hits"`
	NTokens    int64    `parquet:"n_tokens"`
	Suppressed bool     `parquet:"suppressed"` // fewer speakers than the disclosure threshold
	Method     string   `parquet:"method"`
	Note       string   `parquet:"note"`
}
