package awscollect

import (
	"fmt"
	"net"
	"testing"
)

func TestReasonHostNotFound(t *testing.T) {
	err := fmt.Errorf("operation error DAX: DescribeClusters: %w", &net.DNSError{Err: "no such host", Name: "dax.af-south-1.amazonaws.com", IsNotFound: true})
	want := "dax:DescribeClusters: endpoint dax.af-south-1.amazonaws.com does not resolve (the service is not offered in this region, or DNS blocks it)"
	if got := reason("dax:DescribeClusters", err); got != want {
		t.Errorf("reason = %q, want %q", got, want)
	}
	// A temporary DNS failure is not taken for a missing endpoint.
	tmp := &net.DNSError{Err: "server misbehaving", Name: "dax.eu-west-1.amazonaws.com", IsTemporary: true}
	if got := reason("dax:DescribeClusters", tmp); got == want || isHostNotFound(tmp) {
		t.Errorf("temporary DNS error classified as a missing endpoint: %q", got)
	}
}
