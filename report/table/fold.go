package table

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/onus-sec/onus/control"
)

// Folding NOT_APPLICABLE results. A code scan has dozens of account-wide
// controls that say "evaluated on live account scans", and a live scan has
// thousands of "this resource has no X" results: listed one by one they
// bury the FAILs. Unless --show-na is given, the unsuppressed N/A results of
// one table group (service and layer, or a framework section) become one
// line naming the controls and the count, followed by the distinct reasons
// (similar ones merged), most common first.

const (
	// maxReasonLines is how many reasons a folded line shows; one more is
	// shown rather than a "+1 more reason" line that takes the same room.
	maxReasonLines = 3
	// maxReasonRunes cuts (at a word) only an unusually long reason, such
	// as one quoting a policy; ordinary ones are shown whole.
	maxReasonRunes = 200
	// minSharedSuffix and the half-length rule decide when reasons that
	// differ only in their first words ("GuardDuty S3 protection is
	// account-wide and …", "GuardDuty RDS protection is account-wide and
	// …") are shown as one: the shared tail must be long and most of each.
	minSharedSuffix = 30
)

// naFold collects the folded results of one group. It is reused from group
// to group, so adding a result costs no allocation once the slices and the
// map have grown.
type naFold struct {
	results int
	// ids of the folded controls, in arrival order, consecutive repeats
	// dropped; sorted and deduplicated when written.
	ids     []string
	lastCtl *control.Control
	reasons []naReason
	// byReason maps reason text to its index in reasons.
	byReason map[string]int
	// pairs records which controls gave which reason.
	pairs []reasonControl
	// runs of requirements whose every result was folded (framework
	// layout), in benchmark order.
	runs []reqRun
	// seen: controls already added (framework layout lists a control under
	// each requirement it maps to; a group counts it once).
	seen map[*control.Control]bool
}

type naReason struct {
	text string
	n    int
	last *control.Control
}

type reasonControl struct {
	reason int
	id     string
}

type reqRun struct {
	first, last string
	n           int
	// title of first, shown when it is the only requirement folded.
	title string
}

func (f *naFold) empty() bool { return f.results == 0 }

func (f *naFold) add(res *control.Result) {
	if f.byReason == nil {
		f.byReason = map[string]int{}
	}
	f.results++
	c := res.Control
	if c != f.lastCtl {
		f.ids = append(f.ids, c.ID)
		f.lastCtl = c
	}
	k, ok := f.byReason[res.Reason]
	if !ok {
		k = len(f.reasons)
		f.byReason[res.Reason] = k
		f.reasons = append(f.reasons, naReason{text: res.Reason})
	}
	rr := &f.reasons[k]
	rr.n++
	if rr.last != c {
		rr.last = c
		f.pairs = append(f.pairs, reasonControl{reason: k, id: c.ID})
	}
}

// once reports whether c is new to this group, for layouts that meet the
// same control more than once.
func (f *naFold) once(c *control.Control) bool {
	if f.seen == nil {
		f.seen = map[*control.Control]bool{}
	}
	if f.seen[c] {
		return false
	}
	f.seen[c] = true
	return true
}

// addReq notes a requirement whose every result was folded; follows says
// whether the previous requirement in benchmark order was one too.
func (f *naFold) addReq(id, title string, follows bool) {
	if follows && len(f.runs) > 0 {
		r := &f.runs[len(f.runs)-1]
		r.last, r.n = id, r.n+1
		return
	}
	f.runs = append(f.runs, reqRun{first: id, last: id, n: 1, title: title})
}

func (f *naFold) reset() {
	f.results = 0
	f.ids = f.ids[:0]
	f.lastCtl = nil
	f.reasons = f.reasons[:0]
	clear(f.byReason)
	f.pairs = f.pairs[:0]
	f.runs = f.runs[:0]
	clear(f.seen)
}

// reasonGroup is one reason line: a reason, or several that share a long
// tail.
type reasonGroup struct {
	text    string // the reason, or the shared tail when merged
	merged  bool
	members []int // indexes into naFold.reasons
	n       int   // results
	first   int   // lowest member index: arrival order breaks ties
	maxLen  int
}

// groups merges the distinct reasons and orders them most common first.
// Sorting the reasons by their reversed text puts those with a shared tail
// next to each other, so one pass merges them: O(d log d) for d distinct
// reasons, whatever the number of results.
func (f *naFold) groups() []reasonGroup {
	order := make([]int, len(f.reasons))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return compareReversed(f.reasons[a].text, f.reasons[b].text) })
	var gs []reasonGroup
	for _, k := range order {
		r := &f.reasons[k]
		if len(gs) > 0 {
			g := &gs[len(gs)-1]
			if s := wordSuffix(g.text, r.text); len(s) >= minSharedSuffix && 2*len(s) >= max(g.maxLen, len(r.text)) {
				g.text, g.merged = s, true
				g.members = append(g.members, k)
				g.n += r.n
				g.first = min(g.first, k)
				g.maxLen = max(g.maxLen, len(r.text))
				continue
			}
		}
		gs = append(gs, reasonGroup{text: r.text, members: []int{k}, n: r.n, first: k, maxLen: len(r.text)})
	}
	slices.SortFunc(gs, func(a, b reasonGroup) int {
		if c := cmp.Compare(b.n, a.n); c != 0 {
			return c
		}
		return cmp.Compare(a.first, b.first)
	})
	return gs
}

// compareReversed orders strings by their bytes read from the end.
func compareReversed(a, b string) int {
	for i := 1; i <= len(a) && i <= len(b); i++ {
		if c := cmp.Compare(a[len(a)-i], b[len(b)-i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// wordSuffix is the longest common tail of a and b that starts at a word
// in both, without its leading spaces; a may itself be such a tail.
func wordSuffix(a, b string) string {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	s := a[len(a)-n:]
	atWord := func(x string) bool { k := len(x) - n; return k == 0 || x[k-1] == ' ' }
	if !atWord(a) || !atWord(b) {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			return ""
		}
		s = s[i:]
	}
	return strings.TrimLeft(s, " ")
}

// flushFold writes the folded line of the group and empties the fold. A
// heading, when given, names the requirements the line stands for
// (framework layout).
func (p *printer) flushFold(f *naFold, heading bool) {
	if f.empty() {
		return
	}
	defer f.reset()
	if heading && len(f.runs) > 0 {
		p.w.WriteString("  ")
		if len(f.runs) == 1 && f.runs[0].n == 1 && f.runs[0].title != "" {
			// One requirement: its usual heading.
			p.w.WriteString(p.c(bold, f.runs[0].first+" "+f.runs[0].title))
		} else {
			p.w.WriteString(p.c(bold, runsString(f.runs)))
			p.w.WriteString(": only not-applicable results")
		}
		p.w.WriteByte('\n')
	}
	ids := sortedUnique(f.ids)
	p.w.WriteString("    ")
	p.w.WriteString(p.c(outcomeColour(control.NotApplicable), paddedOutcome(control.NotApplicable)))
	p.w.WriteString("  ")
	// Counted in results, not controls: a control may be N/A on one
	// resource and FAIL on the next.
	p.w.WriteString(count(f.results, "result", "results"))
	p.w.WriteString(" not applicable")
	if len(ids) > 1 {
		p.w.WriteString(" (")
		p.w.WriteString(strconv.Itoa(len(ids)))
		p.w.WriteString(" controls)")
	}
	p.w.WriteString(": ")
	p.w.WriteString(compactIDs(ids))
	p.w.WriteByte('\n')

	gs := f.groups()
	shown := len(gs)
	if shown > maxReasonLines+1 {
		shown = maxReasonLines
	}
	var gids []string
	for _, g := range gs[:shown] {
		gids = gids[:0]
		for _, pr := range f.pairs {
			if slices.Contains(g.members, pr.reason) {
				gids = append(gids, pr.id)
			}
		}
		gids = sortedUnique(gids)
		var b strings.Builder
		// One reason for every folded control: the heading line already
		// names them.
		if len(gids) < len(ids) {
			b.WriteString(compactIDs(gids))
			if g.n != len(gids) {
				b.WriteString(" (" + count(g.n, "result", "results") + ")")
			}
			b.WriteString(": ")
		}
		switch {
		case g.merged:
			b.WriteString("… " + truncate(oneLine(g.text), maxReasonRunes))
		case g.text == "":
			b.WriteString("(no reason given)")
		default:
			b.WriteString(truncate(oneLine(g.text), maxReasonRunes))
		}
		p.line(b.String())
	}
	if rest := gs[shown:]; len(rest) > 0 {
		n := 0
		for _, g := range rest {
			n += g.n
		}
		p.line(p.c(dim, "+"+count(len(rest), "more reason", "more reasons")+" ("+count(n, "result", "results")+"); --show-na lists every result"))
	}
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// sortedUnique sorts ids in place and drops repeats.
func sortedUnique(ids []string) []string {
	slices.Sort(ids)
	return slices.Compact(ids)
}

// compactIDs writes sorted control IDs with runs collapsed:
// ONUS-IAM-001..016, 019, 020, ONUS-KMS-002.
func compactIDs(ids []string) string {
	var b strings.Builder
	lastPrefix := ""
	for i := 0; i < len(ids); {
		prefix, num, ok := splitID(ids[i])
		j := i
		for ok && j+1 < len(ids) {
			p2, n2, ok2 := splitID(ids[j+1])
			if !ok2 || p2 != prefix || n2 != num+(j+1-i) || len(ids[j+1]) != len(ids[i]) {
				break
			}
			j++
		}
		if i > 0 {
			b.WriteString(", ")
		}
		if ok && prefix == lastPrefix {
			b.WriteString(ids[i][len(prefix):])
		} else {
			b.WriteString(ids[i])
		}
		switch {
		case j-i >= 2:
			b.WriteString("..")
			b.WriteString(ids[j][len(prefix):])
		case j-i == 1:
			b.WriteString(", ")
			b.WriteString(ids[j][len(prefix):])
		}
		lastPrefix = ""
		if ok {
			lastPrefix = prefix
		}
		i = j + 1
	}
	return b.String()
}

// splitID splits ONUS-IAM-017 into "ONUS-IAM-" and 17.
func splitID(id string) (prefix string, num int, ok bool) {
	i := strings.LastIndexByte(id, '-')
	if i < 0 || i == len(id)-1 {
		return "", 0, false
	}
	n, err := strconv.Atoi(id[i+1:])
	if err != nil || n < 0 || id[i+1] == '+' {
		return "", 0, false
	}
	return id[:i+1], n, true
}

func runsString(runs []reqRun) string {
	parts := make([]string, 0, len(runs))
	for _, r := range runs {
		switch r.n {
		case 1:
			parts = append(parts, r.first)
		case 2:
			parts = append(parts, r.first+", "+r.last)
		default:
			parts = append(parts, r.first+".."+r.last)
		}
	}
	return strings.Join(parts, ", ")
}

// truncate cuts s to at most n runes, at a word when there is one in the
// second half, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n-1 {
			cut := s[:k]
			if sp := strings.LastIndexByte(cut, ' '); sp > len(cut)/2 {
				cut = cut[:sp]
			}
			return strings.TrimRight(cut, " ") + " …"
		}
		i++
	}
	return s
}
