package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/onus-sec/onus/iampolicy"
)

// refMark is put on every value read through a reference to a resource,
// data source or module output. Joins follow it (bucket = aws_s3_bucket.x.id
// finds aws_s3_bucket.x even though the id is unknown until apply), and
// reasons for unknowns name it.
type refMark struct {
	Addr string // instance address, e.g. module.a.aws_s3_bucket.b["k"]
	Attr string
	Data bool // the reference is to a data source
}

// unresolved marks an unknown that no plan could resolve either (a variable
// without a value, a remote module); Reason is shown to the user.
type unresolved struct{ Reason string }

// deferredJSON marks the unknown result of jsonencode (or a policy document's
// json) whose input held computed references: it keeps the structure so a
// policy can still be read with placeholders where ARNs are computed.
type deferredJSON struct {
	val    cty.Value
	policy *iampolicy.Policy
}

func unknownBecause(reason string) cty.Value {
	return cty.DynamicVal.Mark(unresolved{Reason: reason})
}

// marksOf lists every mark anywhere inside v.
func marksOf(v cty.Value) []any {
	if !v.ContainsMarked() {
		return nil
	}
	_, pvm := v.UnmarkDeepWithPaths()
	var out []any
	for _, p := range pvm {
		for m := range p.Marks {
			out = append(out, m)
		}
	}
	return out
}

// refsOf returns the references carried by v, deduplicated, in a stable order.
func refsOf(v cty.Value) []refMark {
	var out []refMark
	seen := map[refMark]bool{}
	for _, m := range marksOf(v) {
		if r, ok := m.(refMark); ok && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Addr != out[j].Addr {
			return out[i].Addr < out[j].Addr
		}
		return out[i].Attr < out[j].Attr
	})
	return out
}

// reasonOf explains why v (or part of it) is unknown. A missing variable
// value is named first: it is what the user can fix.
func reasonOf(v cty.Value) string {
	var unres, data, refs []string
	for _, m := range marksOf(v) {
		switch m := m.(type) {
		case unresolved:
			unres = append(unres, m.Reason)
		case refMark:
			if m.Data {
				data = append(data, m.Addr)
			} else {
				refs = append(refs, m.Addr+"."+m.Attr)
			}
		}
	}
	switch {
	case len(unres) > 0:
		return strings.Join(uniq(unres), "; ")
	case len(data) > 0:
		data = uniq(data)
		if why := callerData(data[0]); why != "" {
			return why
		}
		return "data source: " + strings.Join(data, ", ") + " is read only at plan time"
	case len(refs) > 0:
		return "known after apply: " + strings.Join(uniq(refs), ", ")
	}
	return "unresolved expression"
}

// callerDataSources are data sources whose value is the identity of
// whoever runs Terraform: no code scan can know it.
var callerDataSources = map[string]string{
	"aws_canonical_user_id": "the canonical user ID of the AWS account whose credentials Terraform runs with",
	"aws_caller_identity":   "the account, user ID and ARN of the credentials Terraform runs with",
}

// callerData explains a data source address (data.aws_canonical_user_id.me,
// module.m.data.aws_caller_identity.c) that reads the caller's identity;
// "" for any other.
func callerData(addr string) string {
	i := strings.LastIndex(addr, "data.")
	if i < 0 || (i > 0 && addr[i-1] != '.') {
		return ""
	}
	typ, _, _ := strings.Cut(addr[i+len("data."):], ".")
	what, ok := callerDataSources[typ]
	if !ok {
		return ""
	}
	return "data source: " + addr + " is " + what + ": known only when Terraform reads it with those credentials (plan), never in a code scan"
}

func uniq(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// placeholder is how a computed value appears inside a document that is
// otherwise known (e.g. the Resource of a bucket policy): Terraform's own
// interpolation syntax, so readers see which resource it stands for.
func placeholder(r refMark) string {
	return fmt.Sprintf("${%s.%s}", r.Addr, r.Attr)
}
