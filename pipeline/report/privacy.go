package report

import (
	"strings"

	"github.com/drift-project/drift/pipeline/table"
)

// hiddenText stands in for a number the report does not show because it
// would give away a suppressed share.
const hiddenText = "hidden, too few speakers"

// privacy knows which cells the statistics stage suppressed, and so which
// other numbers the report must hide with them. The statistics stage
// suppresses a share when fewer than 3 participants used its words; but
// other rows give it away: the two rates of a dimension (a share is
// a / (a + b), so 0.6 and 0.6 per 1,000 words is 50%), the counts of
// speakers and remarks next to it (1 speaker, 2 remarks), and, when one
// site of a cycle is suppressed, the remark counts of the pooled row and
// the other sites (the hidden site's share follows from the pooled share
// and the others' shares and counts). The Parquet tables stay complete.
type privacy struct {
	share map[[3]string]bool // cycle, site, dimension: the share is suppressed
	site  map[[2]string]bool // cycle, measure: a single site's cell is suppressed
}

func newPrivacy(rs []table.Drift) privacy {
	p := privacy{share: map[[3]string]bool{}, site: map[[2]string]bool{}}
	for _, r := range rs {
		if r.Scope != "cycle" || !r.Suppressed {
			continue
		}
		if r.Site != "all" {
			p.site[[2]string{r.Cycle, r.Measure}] = true
		}
		if r.Dimension != "" && strings.HasSuffix(r.Measure, "_share") && !strings.HasPrefix(r.Measure, "story_") {
			p.share[[3]string{r.Cycle, r.Site, r.Dimension}] = true
		}
	}
	return p
}

// rateHidden reports whether a rate row must not be shown: its own cell is
// suppressed, or so is the share of its dimension in the same cycle and
// site.
func (p privacy) rateHidden(r table.Drift) bool {
	return r.Suppressed || p.share[[3]string{r.Cycle, r.Site, r.Dimension}]
}

// dimHidden reports whether the share of dimension dim is suppressed in
// cycle at site.
func (p privacy) dimHidden(cycle, site, dim string) bool {
	return p.share[[3]string{cycle, site, dim}]
}

// countsHidden reports whether the counts of speakers and framed remarks
// next to a share, in a table that also shows single sites, must not be
// shown: the cell is suppressed, or another site's cell of the same
// measure and cycle is.
func (p privacy) countsHidden(r table.Drift) bool {
	return r.Suppressed || p.site[[2]string{r.Cycle, r.Measure}]
}
