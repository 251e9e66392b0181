package manual

import (
	"testing"

	"github.com/onus-sec/onus/control"
)

func TestItems(t *testing.T) {
	layers := map[string]bool{}
	for _, l := range control.Layers {
		layers[l] = true
	}
	seen := map[string]bool{}
	for _, it := range Items() {
		if !layers[it.Layer] {
			t.Errorf("%s/%s: layer %q is not in control.Layers", it.Service, it.Item, it.Layer)
		}
		if it.Service == "" || it.Item == "" || it.Description == "" {
			t.Errorf("incomplete item %+v", it)
		}
		k := it.Service + "/" + it.Layer + "/" + it.Item
		if seen[k] {
			t.Errorf("duplicate %s", k)
		}
		seen[k] = true
	}
	ec2 := ForService("ec2")
	var hasFirewall, hasTraining bool
	for _, it := range ec2 {
		hasFirewall = hasFirewall || it.Item == "Host firewall"
		hasTraining = hasTraining || it.Item == "Security awareness training"
	}
	if !hasFirewall || !hasTraining {
		t.Errorf("ec2 duties miss the host firewall or the all-service training: %+v", ec2)
	}
	for _, it := range ForService("s3") {
		if it.Service != "s3" && it.Service != AllServices {
			t.Errorf("ForService(s3) returned %+v", it)
		}
	}
}

func TestCISTreatmentIDsExist(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range control.Requirements(control.CISAWS) {
		ids[r.ID] = true
	}
	for id := range cisNotes() {
		if !ids[id] {
			t.Errorf("note for %s, which is not a CIS v7.0.0 recommendation", id)
		}
	}
}
