package nofalsepass_test

// The unknown-injection test. onus's first promise is that it never reports
// PASS on a value it could not see. For each bundled secure example, every
// value a control could read (each leaf of a resource's properties, each
// whole top-level property, each whole list element) is replaced, one at a
// time, by a value onus cannot resolve; the mutated estate is scanned with
// the whole catalogue and compared with the scan of the unmutated one.
// These oracles need no knowledge of any control, so they guard every
// future control too:
//
//   - count: no (control, resource) has more PASS results than before (an
//     unknown never turns FAIL, UNKNOWN or NOT_APPLICABLE into PASS);
//   - value: no PASS cites evidence that starts on the unresolvable value's
//     line (the control read it and passed);
//   - within: no PASS cites evidence whose range contains the value — a
//     structure with an unknown inside was judged as a whole — unless the
//     range is a whole resource (a resource-level fact or a service default
//     of an absent property) and the evidence's summary does not name the
//     value's property (a reader that took the unknown for absent and
//     passed on the default cites the resource under the property's name);
//   - reason: a result that stays PASS keeps its reason word for word (a
//     changed reason means the unknown value reached the judgement).
//
// Each finding is either a false PASS (fixed in the control or reader, with
// a regression test there) or a correct one; the correct ones are listed in
// allowed below with why. An allow entry no mutation needs any more is an
// error too, so the list stays exact. A PASS without any evidence cannot be
// tied to a value by the evidence oracles: those controls are listed in
// noEvidence, and a new one fails the test. With -short only every 8th
// mutation runs (and unused allow entries are not reported).

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/onus-sec/onus/control"
)

// finding is one suspicious PASS in one mutated scan.
type finding struct {
	oracle  string // count, value, within, reason
	control string
	addr    string
	path    string // the mutated value
	detail  string
}

func (f finding) String() string {
	return fmt.Sprintf("[%s] %s on %s, %s unknown: %s", f.oracle, f.control, f.addr, f.path, f.detail)
}

// allow is a finding judged a correct PASS.
type allow struct {
	control string         // a regexp of control IDs
	path    *regexp.Regexp // the mutated value's path
	why     string
}

// mutant is one input with one value made unresolvable: text is the
// whole template (CloudFormation) or the one changed file (Terraform,
// file is then its path in the configuration); line is where the value
// now is in text (0 for the original).
type mutant struct {
	id   int // its index among all mutants of the example
	path string
	file string
	text []byte
	line int
}

// scanFunc scans one mutant (or the original); it returns the results, the
// file name the mutated value's evidence would carry, and the lines where
// a whole resource's range starts in that file.
type scanFunc func(t *testing.T, name string, m mutant) (rs []control.Result, file string, blocks map[int]bool)

type passInfo struct {
	n       int
	reasons string
}

func passes(rs []control.Result) map[[2]string]passInfo {
	m := map[[2]string]passInfo{}
	var keys [][2]string
	for _, r := range rs {
		if r.Outcome != control.Pass {
			continue
		}
		k := [2]string{r.Control.ID, r.Resource.Address}
		p := m[k]
		p.n++
		if p.n == 1 {
			keys = append(keys, k)
		}
		p.reasons += r.Reason + "\n"
		m[k] = p
	}
	// Several PASS results on one resource (per trail, per listener...)
	// come in result order, which Run fixes; sorting makes it independent.
	for _, k := range keys {
		p := m[k]
		l := strings.Split(strings.TrimSuffix(p.reasons, "\n"), "\n")
		sort.Strings(l)
		p.reasons = strings.Join(l, "\n")
		m[k] = p
	}
	return m
}

func judge(path string, base map[[2]string]passInfo, rs []control.Result, file string, line int, blocks map[int]bool) []finding {
	var out []finding
	now := passes(rs)
	for k, p := range now {
		b := base[k]
		if p.n > b.n {
			out = append(out, finding{"count", k[0], k[1], path, fmt.Sprintf("%d PASS, was %d", p.n, b.n)})
		} else if p.reasons != b.reasons {
			out = append(out, finding{"reason", k[0], k[1], path, fmt.Sprintf("%q, was %q", p.reasons, b.reasons)})
		}
	}
	for _, r := range rs {
		if r.Outcome != control.Pass {
			continue
		}
		for _, e := range r.Evidence {
			l := e.Prov().Loc
			if l.File != file || l.Start.Line == 0 {
				continue
			}
			end := max(l.End.Line, l.Start.Line)
			switch {
			case l.Start.Line == line:
				out = append(out, finding{"value", r.Control.ID, r.Resource.Address, path, e.Summary})
			case l.Start.Line < line && line <= end && (!blocks[l.Start.Line] || about(e.Summary, path)):
				out = append(out, finding{"within", r.Control.ID, r.Resource.Address, path, fmt.Sprintf("%s (lines %d-%d)", e.Summary, l.Start.Line, end)})
			}
		}
	}
	return out
}

// check runs the mutants of one example and fails on every finding the
// allow list does not explain; it returns how many mutants there were.
func check(t *testing.T, name string, orig mutant, muts []mutant, scan scanFunc, allowed []allow, used map[int]bool, usedMu *sync.Mutex) {
	t.Helper()
	if testing.Short() {
		// -short: every 8th mutation, for a quick local run.
		var some []mutant
		for i := 0; i < len(muts); i += 8 {
			some = append(some, muts[i])
		}
		muts = some
	}
	rs, _, _ := scan(t, name, orig)
	base := passes(rs)
	for _, r := range rs {
		if r.Outcome == control.Pass && len(r.Evidence) == 0 {
			if _, ok := noEvidence[r.Control.ID]; !ok {
				t.Errorf("%s: %s PASS on %s cites no evidence (%s): a PASS must say what it rests on", name, r.Control.ID, r.Resource.Address, r.Reason)
			}
		}
	}
	findings := make([][]finding, len(muts))
	flipped := make([]bool, len(muts))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers() {
		wg.Go(func() {
			for i := range next {
				rs, file, blocks := scan(t, fmt.Sprintf("m%d", muts[i].id), muts[i])
				findings[i] = judge(muts[i].path, base, rs, file, muts[i].line, blocks)
				now := passes(rs)
				for k, b := range base {
					if now[k].n < b.n {
						flipped[i] = true
						break
					}
				}
			}
		})
	}
	for i := range muts {
		next <- i
	}
	close(next)
	wg.Wait()

	nflip := 0
	var bad []string
	for i, fs := range findings {
		if flipped[i] {
			nflip++
		}
		for _, f := range fs {
			if j := match(allowed, f); j >= 0 {
				usedMu.Lock()
				used[j] = true
				usedMu.Unlock()
				continue
			}
			bad = append(bad, f.String())
		}
	}
	sort.Strings(bad)
	bad = compact(bad)
	for _, b := range bad {
		t.Errorf("%s: possible false PASS %s", name, b)
	}
	// The test must be able to see something: many values decide a PASS.
	if nflip == 0 && !testing.Short() {
		t.Errorf("%s: no mutation turned any PASS into something else; the mutations do not reach onus", name)
	}
	t.Logf("%s: %d mutations, %d turned a PASS into UNKNOWN or FAIL", name, len(muts), nflip)
}

func compact(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func match(allowed []allow, f finding) int {
	for i, a := range allowed {
		if regexp.MustCompile("^(?:"+a.control+")$").MatchString(f.control) && a.path.MatchString(f.path) {
			return i
		}
	}
	return -1
}

// noEvidence: controls whose PASS cites no evidence today, so only the
// count and reason oracles guard them; a control that starts citing
// evidence should leave this list.
var noEvidence = map[string]string{}

// about: the evidence summary names the mutated property (its last path
// segment), word by word: "publicly accessible" for publicly_accessible
// or PubliclyAccessible. Words match on their first six letters, so
// "encryption" names StorageEncrypted's "encrypted".
func about(summary, path string) bool {
	key := path
	if i := strings.LastIndexAny(key, ".:"); i >= 0 {
		key = key[i+1:]
	}
	if i := strings.IndexAny(key, "[("); i >= 0 {
		key = key[:i]
	}
	kw, sw := words(key), words(summary)
	if len(kw) == 0 {
		return false
	}
	for i := 0; i+len(kw) <= len(sw); i++ {
		match := true
		for j, w := range kw {
			if stem(sw[i+j]) != stem(w) {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// words splits s into lower-case words at non-letters and at camel case.
func words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && len(cur) > 0 && (unicode.IsLower(cur[len(cur)-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

func stem(w string) string {
	if len(w) > 6 {
		return w[:6]
	}
	return w
}
