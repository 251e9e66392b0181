package cloudformation

import (
	"strings"

	"github.com/onus-sec/onus/model/ecs"
	"github.com/onus-sec/onus/source"
)

// ecsTaskSet reads AWS::ECS::TaskSet; AssignPublicIp defaults to DISABLED
// (note the property is AwsVpcConfiguration here, AwsvpcConfiguration on
// AWS::ECS::Service).
func (b *builder) ecsTaskSet(c *rctx) {
	s := &ecs.TaskSet{Meta: c.meta}
	s.Service = c.strOrUnknown("Service not set", "Service")
	v := c.strOr("DISABLED", "NetworkConfiguration", "AwsVpcConfiguration", "AssignPublicIp")
	s.AssignPublicIP = source.Map(v, func(x string) bool { return strings.EqualFold(x, "ENABLED") })
	b.est.ECSTaskSets = append(b.est.ECSTaskSets, s)
	b.byID[c.r.id] = s
}
