package awscollect

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"
)

type tagPage struct {
	tags map[string]string
	next string
	err  error
}

func TestReadTags(t *testing.T) {
	cases := []struct {
		name  string
		pages []tagPage
		want  map[string]string // nil: UNKNOWN
		calls int
	}{
		{"one page", []tagPage{{tags: map[string]string{"env": "prod"}}}, map[string]string{"env": "prod"}, 1},
		{"no tags is known and empty", []tagPage{{}}, map[string]string{}, 1},
		{"pages are merged", []tagPage{{tags: map[string]string{"a": "1"}, next: "p2"}, {tags: map[string]string{"b": "2"}}}, map[string]string{"a": "1", "b": "2"}, 2},
		{"failure on a later page is unknown, not partial", []tagPage{{tags: map[string]string{"a": "1"}, next: "p2"}, {err: errors.New("boom")}}, nil, 2},
		{"failure is unknown", []tagPage{{err: errors.New("boom")}}, nil, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &run{sem: make(chan struct{}, 1), timeout: time.Second, failed: map[failKey]*failAgg{}}
			o := r.origin("svc:ListTags", "eu-west-1", "arn:aws:svc:eu-west-1:123456789012:thing/x")
			calls := 0
			var tokens []string
			v := readTags(context.Background(), r, o,
				func(_ context.Context, next *string) (tagPage, error) {
					tokens = append(tokens, aws.ToString(next))
					p := c.pages[calls]
					calls++
					return p, p.err
				},
				func(p tagPage, m map[string]string) *string {
					for k, v := range p.tags {
						m[k] = v
					}
					if p.next == "" {
						return nil
					}
					return aws.String(p.next)
				})
			if calls != c.calls {
				t.Fatalf("calls = %d, want %d", calls, c.calls)
			}
			if calls > 1 && tokens[1] != "p2" {
				t.Errorf("second call got token %q, want p2", tokens[1])
			}
			got, ok := v.Get()
			if c.want == nil {
				if ok || !strings.Contains(v.Reason(), "svc:ListTags") {
					t.Fatalf("got known=%v reason=%q, want UNKNOWN naming the call", ok, v.Reason())
				}
				return
			}
			if !ok {
				t.Fatalf("unknown: %s", v.Reason())
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("tags (-want +got):\n%s", diff)
			}
			if got == nil {
				t.Error("known tags must be a non-nil map")
			}
		})
	}
}

func TestTagMapAndCopy(t *testing.T) {
	type kv struct{ k, v *string }
	pair := func(x kv) (*string, *string) { return x.k, x.v }
	cases := []struct {
		name string
		got  map[string]string
		want map[string]string
	}{
		{"pairs", tagMap([]kv{{aws.String("a"), aws.String("1")}, {aws.String("b"), nil}}, pair), map[string]string{"a": "1", "b": ""}},
		{"no pairs", tagMap[kv](nil, pair), map[string]string{}},
		{"copy", copyTags(map[string]string{"a": "1"}), map[string]string{"a": "1"}},
		{"copy of nil", copyTags(nil), map[string]string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got == nil {
				t.Fatal("nil map; want an empty one")
			}
			if diff := cmp.Diff(c.want, c.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
