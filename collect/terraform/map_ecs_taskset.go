package terraform

import (
	"github.com/onus-sec/onus/model/ecs"
	"github.com/onus-sec/onus/source"
)

// mapECSTaskSet reads aws_ecs_task_set; assign_public_ip defaults to false,
// as does a task set without network_configuration.
func mapECSTaskSet(bd *builder, r *resInst) {
	s := &ecs.TaskSet{Meta: r.meta()}
	s.Service = r.body.strComputed("service", "service not set")
	s.AssignPublicIP = source.Known(false, r.at())
	if nc, reason := r.body.block("network_configuration"); reason != "" {
		s.AssignPublicIP = source.Unknown[bool](reason, r.at())
	} else if nc != nil {
		s.AssignPublicIP = nc.boolean("assign_public_ip", false)
	}
	bd.est.ECSTaskSets = append(bd.est.ECSTaskSets, s)
	bd.add(r, s)
}
