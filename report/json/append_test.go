package json

import (
	"bytes"
	stdjson "encoding/json"
	"strings"
	"testing"
)

// TestAppendString checks the word-at-a-time scan at every alignment: each
// byte that needs escaping, or starts a multi-byte rune, at each position
// of strings around the eight-byte word size.
func TestAppendString(t *testing.T) {
	specials := []string{"\"", "\\", "\x00", "\x1f", "\n", "\x7f", " ", "~", "é", "\u2028", "\xff", "🙂", "<"}
	for n := 0; n <= 19; n++ {
		for pos := 0; pos <= n; pos++ {
			for _, sp := range specials {
				s := strings.Repeat("a", pos) + sp + strings.Repeat("b", n-pos)
				var want bytes.Buffer
				enc := stdjson.NewEncoder(&want)
				enc.SetEscapeHTML(false)
				if err := enc.Encode(s); err != nil {
					t.Fatal(err)
				}
				got := appendString(nil, s)
				if !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
					t.Errorf("appendString(%q) = %s, want %s", s, got, want.Bytes())
				}
			}
		}
	}
}

func BenchmarkAppendString(b *testing.B) {
	s := "the bucket policy grants s3:GetObject to a principal outside the account (see ONUS-S3-004)"
	var buf []byte
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		buf = appendString(buf[:0], s)
	}
}
