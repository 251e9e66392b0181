package fix

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	lines := func(n int) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "L%d\n", i)
		}
		return b.String()
	}
	base := lines(30)
	cases := []struct {
		name, a, b, want string
	}{
		{"equal", "x\n", "x\n", ""},
		{"insert", "a\nb\nc\n", "a\nb\nnew\nc\n", "--- a/f\n+++ b/f\n@@ -1,3 +1,4 @@\n a\n b\n+new\n c\n"},
		{"change", "a\nb\nc\n", "a\nB\nc\n", "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"no final newline", "a\nb", "a\nb\n", "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"},
		{"empty to one", "", "a\n", "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n"},
	}
	for _, c := range cases {
		if got := Unified("a/f", "b/f", c.a, c.b); got != c.want {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", c.name, got, c.want)
		}
	}
	// Two far-apart edits make two hunks.
	mod := strings.Replace(base, "L2\n", "L2 changed\n", 1)
	mod = strings.Replace(mod, "L25\n", "L25a\nL25b\n", 1)
	if got := Unified("a/f", "b/f", base, mod); strings.Count(got, "@@ -") != 2 {
		t.Errorf("want two hunks:\n%s", got)
	}
}

// TestUnifiedPatchApplies checks the diffs with patch(1) when it is installed.
func TestUnifiedPatchApplies(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("patch(1) not installed")
	}
	a := "resource \"x\" \"y\" {\n  a = 1\n}\n\n# comment\nresource \"x\" \"z\" {\n  b = 2\n}\n"
	b := "resource \"x\" \"y\" {\n  a = 1\n  c = true\n}\n\n# comment\nresource \"x\" \"z\" {\n  b = 3\n}\n"
	dir := t.TempDir()
	f := filepath.Join(dir, "main.tf")
	os.WriteFile(f, []byte(a), 0o644)
	cmd := exec.Command(patch, "-p1", "-s")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(Unified("a/main.tf", "b/main.tf", a, b))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	got, _ := os.ReadFile(f)
	if string(got) != b {
		t.Errorf("patched file:\n%s", got)
	}
}
