package awsmanaged

import (
	"sync"
	"testing"
)

func TestCacheSharesOneCopy(t *testing.T) {
	const arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
	var c Cache
	var wg sync.WaitGroup
	docs := make([]Doc, 8)
	for i := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, ok := c.Lookup(arn)
			if !ok {
				t.Error("not found")
			}
			docs[i] = d
		}()
	}
	wg.Wait()
	for _, d := range docs[1:] {
		if d.Document != docs[0].Document {
			t.Fatal("the cache parsed the policy more than once")
		}
	}
	if _, ok := c.Lookup("arn:aws:iam::aws:policy/NoSuchPolicy"); ok {
		t.Error("unknown policy found")
	}
	var nilCache *Cache
	if d, ok := nilCache.Lookup(arn); !ok || d.Document == nil || d.Document == docs[0].Document {
		t.Error("a nil cache must parse a fresh copy")
	}
}
