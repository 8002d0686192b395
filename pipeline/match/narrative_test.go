package match

import (
	"testing"

	"github.com/drift-project/drift/pipeline/segment"
)

// TestNarrativeRule checks the narrative flag (an origin story: a
// first-person narrative sentence about the speaker's own past, CODEBOOK.md)
// on hand-judged sentences in story-circle phrasing, at least one for each
// part of the rule documented on isNarrative and in docs/lexicons.md.
func TestNarrativeRule(t *testing.T) {
	if testing.Short() {
		t.Skip("loads prose's models")
	}
	e := &Engine{Opts: Options{Tagger: &segment.Tagger{}}}
	tests := []struct {
		want bool
		rule string
		in   string
	}{
		// past: simple past, family, collective, habitual, object
		{true, "past", "When I was 19 I worked nights at the plant."},
		{true, "past: family", "My mother cleaned offices."},
		{true, "past: collective we counts", "We lost the flat in 2009."},
		{true, "past: collective we counts", "We all went out on strike in '84."},
		{true, "past: habitual used to", "I used to think it was the immigrants' fault."},
		{true, "past", "I grew up in a house where my dad worked double shifts at the tyre factory."},
		{true, "past: first person as object", "The landlord evicted us in the winter."},
		{true, "past", "The agency didn't pay my holiday pay in February, so I put the rent on the card."},
		{true, "past: each clause", "My grandparents came from Guyana, and my mum did agency care shifts."},
		{true, "past: recent", "I got another letter from Haverly about the rent going up."},
		{true, "past: passive with I", "I was told the union was finished."},
		{true, "present perfect of an event", "I've lost two jobs to the app."},
		{true, "present perfect passive", "We've been evicted twice."},
		{true, "past perfect", "I'd worked there eleven years when they shut it."},
		{true, "reporting verb with first-person subject", "I said we pay rent like everybody."},
		{true, "if-clause ends at its comma", "If I remember right, we lost the flat in 2009."},
		{false, "present", "My shifts come through the app the night before."},
		{false, "present: used to as adjective", "I'm used to the night shifts."},
		{false, "past without first person", "They cut the forklift crew and gave the work to agency temps."},
		// have got = have
		{false, "have got: possession", "I've got the escrow paperwork from the tenants' union."},
		{false, "have got: possession", "We hand the cards in together, when we've got enough, and the company finds out."},
		{false, "have got: possession", "My cousin's got a plug-in heater in every room and the electric bill is mental."},
		// ongoing perfect
		{false, "ongoing perfect", "I have been organising for two years."},
		{false, "ongoing perfect", "I've been talking to the city tenants' union."},
		{false, "ongoing perfect", "I've been a nurse for ten years."},
		{false, "tagger: noun after have", "As a pensioner I know I have privilege most people on this street don't."},
		// reported speech
		{false, "reported: no first person", "She said she lost her job."},
		{false, "reported: told me", "She also told me the boss says tenants on this block are always complaining."},
		{false, "reported: told me", "The supervisor told me the Eastern Europeans work harder."},
		{false, "reported: my cousin says", "My cousin says their union sent a message to ours."},
		{false, "reported: no first person", "She said the rent went up."},
		{false, "reported: first person in the content", "She said the landlord evicted us."},
		{false, "reported: and inside the content's subject", "She told me the boss and the agent cut my hours."},
		{false, "reported: and inside the content's subject", "She told me that she and I were friends."},
		{false, "reported: a verb after and shares the content's subject", "She said the landlord evicted us and kept our deposit."},
		{false, "reported, then a clause with no first person", "He told us the landlord was selling, and nobody believed him."},
		{false, "reported, then a past verb whose subject is not first person", "They told us the plant was closing, then they shut it."},
		{false, "reported, because + a subject not first person", "My boss said I was lazy, because the agency cut my hours."},
		{false, "direct speech without quotation marks", "But he said to me, be yourself, that's why I chose you, don't change a single position."},
		{false, "reported, then a first-person object before the verb", "If the president had sat down with those leaders, say, \"What do you need, how much more will it take to get you to join us? \" wed be in a stronger place today."},
		{false, "reported: a comma right after the reporting verb", "She said, when I asked, that the rent went up."},
		{false, "reported: a comma-set clause inside the content", "She told me the boss, who was new, cut my hours."},
		// reported, then the speaker's own past again
		{true, "reported, comma + first-person past", "The boss said we were finished, I walked out."},
		{true, "reported, comma so + first-person past", "She said the rent went up, so we moved out."},
		{true, "reported, comma then + first-person past", "They told us the plant was closing, then we lost everything."},
		{true, "reported, and + first-person past", "The manager told us the plant was closing and we lost everything."},
		{true, "reported, and + first-person past", "The landlord said we owed rent and we paid it."},
		{true, "reported, then + first-person past (quit tagged VBP)", "My boss said I was lazy, then I quit."},
		{true, "reported, because + first-person past", "My boss said I was lazy, because I took a sick day."},
		{true, "reported, comma + first-person past", "When the boss said no, we walked out."},
		{true, "reported, so + first-person past", "They told me to wait, so I waited."},
		{true, "reported, and + first-person past", "My boss told me I was fired and I cried."},
		{true, "reported present, because + first-person past", "My cousin says their union sent a message to ours, because we asked."},
		// coordinated subjects
		{true, "coordinated subject with me", "Me and you went to the picket in 2019."},
		{true, "coordinated subject with I", "You and I went to the picket in 2019."},
		{true, "coordinated subject with I", "My wife and I lost the flat in 2009."},
		// questions, prompts
		{false, "question", "Did you ever lose a job?"},
		{false, "question", "Did we lose the flat in 2009?"},
		{false, "imperative", "Tell us about the first time you felt the rent was out of reach."},
		{false, "imperative", "Now tell us about when we lost the flat."},
		{false, "imperative", "Put me down for escrow."},
		{false, "second-person past", "I want to know how you felt about the union."},
		// hypotheticals
		{false, "conditional", "If I had known, I would have left."},
		{false, "wish", "I wish we had fought harder."},
		{false, "counterfactual", "He'd have been ashamed of me."},
		{false, "modal", "I'd go to one union meeting."},
		// clauses and talk about the meeting
		{false, "clause: first person only in a present clause", "Back then it was local lads doing local jobs, and that's all I want back."},
		{false, "as I said", "Cheap foreign labour, same as I said last time."},
		{true, "like we + a verb not of saying", "We stick together like we did at the old depot."},
		{true, "past after a bare comma", "That's not how the list works, I worked in the housing office for a bit."},
		{false, "imperative after an interjection", "Okay, tell us about when we lost the flat."},
		{false, "perfect with a subject not first person", "My landlord has just sold the building."},
	}
	for _, tt := range tests {
		sents := segment.Split(tt.in)
		if len(sents) != 1 {
			t.Fatalf("%q: %d sentences", tt.in, len(sents))
		}
		if got := e.narrative(tt.in, sents[0], isQuestion(sents[0])); got != tt.want {
			var tags []string
			for _, x := range e.Opts.Tagger.Tags(tt.in) {
				tags = append(tags, x.Text+"/"+x.Tag)
			}
			t.Errorf("%s: narrative(%q) = %v, want %v\n\ttags %v", tt.rule, tt.in, got, tt.want, tags)
		}
	}
}
