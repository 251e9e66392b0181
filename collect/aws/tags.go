package awscollect

import (
	"context"
	"maps"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/onus-sec/onus/source"
)

// tagMap turns an SDK tag list into a map. Every service has its own tag
// type with the same two string-pointer fields and no shared interface, so
// the caller says how to read a pair. The map is never nil: a resource
// without tags has known, empty tags.
func tagMap[T any](ts []T, pair func(T) (key, value *string)) map[string]string {
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		k, v := pair(t)
		m[aws.ToString(k)] = aws.ToString(v)
	}
	return m
}

// copyTags copies an SDK tag map (services that answer with a map) so the
// model never shares the SDK's map, and so no tags is an empty map, not nil.
func copyTags(in map[string]string) map[string]string {
	m := make(map[string]string, len(in))
	maps.Copy(m, in)
	return m
}

// readTags reads a resource's tags from a tag-listing API, following
// next-page tokens (page returns the next one, nil or "" when done). Tags
// are known only when every page was read: a failed call makes them
// UNKNOWN with the API call and error, never partial or empty.
func readTags[Out any](ctx context.Context, r *run, o source.Origin,
	get func(ctx context.Context, next *string) (Out, error), page func(out Out, into map[string]string) (next *string)) source.Value[map[string]string] {
	m := map[string]string{}
	var next *string
	for {
		out, err := call(ctx, r, func(ctx context.Context) (Out, error) { return get(ctx, next) })
		if err != nil {
			return unknownErr[map[string]string](r, o, err)
		}
		if next = page(out, m); aws.ToString(next) == "" {
			return known(m, o)
		}
	}
}
