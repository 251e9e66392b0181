package control

import "testing"

func TestJoin(t *testing.T) {
	for _, tc := range []struct {
		in   []int
		want string
	}{
		{nil, "none"},
		{[]int{14}, "14"},
		{[]int{80, 443}, "80, 443"},
		{[]int{80, 81}, "80, 81"},
		{[]int{80, 443, 1020, 1021, 1022, 8443}, "80, 443, 1020-1022, 8443"},
		{[]int{1, 2, 3, 5, 6, 7, 8}, "1-3, 5-8"},
	} {
		if got := Join(tc.in); got != tc.want {
			t.Errorf("Join(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
