//go:build !unix

package iampolicy

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
