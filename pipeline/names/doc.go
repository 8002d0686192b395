// Package names finds people's names in text and replaces them, as whole
// words and whatever the case or accents of the text. drift uses it to
// mask speaker names in turn text (--text masked), in kwic and sample
// output, and in the quotes of the report.
//
// The rules, in full:
//
//   - Text is cut into words: runs of letters, digits and combining marks.
//     An apostrophe (' or ’) or a hyphen between two such characters
//     joins them into one word, so "O'Brien", "Jean-Luc" and "Walt's" are
//     each one word, and a name matches only whole words: "Walt" is found
//     in "Walt", "Walt," and "(Walt)" but not in "Walter", "Waltham",
//     "asphalt" or "Jean-Walt".
//   - A name of several words matches those words in order, separated by
//     white space (any amount, line breaks included) or, for names written
//     with punctuation between words ("M.O."), by that punctuation.
//   - Words are compared after folding: lower case, accents removed
//     (composed or not: "José", "Jose" and "JOSÉ" are the same word),
//     curly apostrophes as straight ones, Unicode hyphens as '-'.
//   - Case: a word of the text matches only when it starts with a capital
//     letter ("Walt", "WALT", "Walt's") or is spelled exactly as the name
//     is. So "walt" does not mask "Walt", and a speaker called "Will" or
//     "Rose" does not turn every "will" or "rose" into a pseudonym; names
//     that are common words are still masked at the start of a sentence.
//   - The last word may carry a possessive 's (' or ’, any case): "Walt's"
//     becomes "spk-…'s".
//   - Where names overlap, the one with the most words wins ("Maria
//     Lopez" before "Maria"), and matching goes on after the replaced
//     text, so replacing is idempotent as long as no replacement is
//     itself a name.
//   - A name several people share can carry each one's replacement
//     (Entry.Alts); ReplaceAmong uses the one present in the context.
//   - ReplaceEdits also says where it replaced what, and MapRange maps a
//     byte range of the text to the replaced text through those edits: a
//     range that overlaps a name grows to hold its whole replacement.
package names
