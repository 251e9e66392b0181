package terraform

import "github.com/zclconf/go-cty/cty"

// dataRegion fills the attributes of a data "aws_region" block that names
// no region: it describes the region of its provider, which the code
// states (or not). Endpoint service names, ARNs and the like are written
// with it ("com.amazonaws.${data.aws_region.current.name}.ec2").
func dataRegion(inst *resInst, attrs map[string]cty.Value) {
	for _, arg := range []string{"name", "region", "id", "endpoint"} {
		if _, ok := inst.body.lookup(arg); ok {
			return // a region chosen by argument: its attributes are the data source's to read
		}
	}
	reg, ok := inst.region.Get()
	if !ok || reg == "" {
		return
	}
	for _, a := range []string{"name", "region", "id"} {
		attrs[a] = cty.StringVal(reg)
	}
}
