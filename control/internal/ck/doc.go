// Package ck is the check kit shared by the service control packages: it
// walks resources, turns tri-state model values into verdicts, and decides
// when a control cannot be judged from a code source. It holds no controls.
package ck
