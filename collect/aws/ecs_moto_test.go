package awscollect

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model"
	mecs "github.com/onus-sec/onus/model/ecs"
)

// ecsFixture is what provisionECS created in us-east-1: a service with an
// EXTERNAL deployment controller and two task sets (one assigning public
// IPs), a Fargate service pinned to platform version 1.3.0, an EC2 one.
type ecsFixture struct {
	cluster, external, fargate, onEC2 string
	publicSet, privateSet             string
}

func provisionECS(ctx context.Context, cfg aws.Config, u string) ecsFixture {
	f := ecsFixture{cluster: "apps-" + u, external: "ext-" + u, fargate: "fg-" + u, onEC2: "ec2-" + u}
	ec := ec2.NewFromConfig(cfg)
	vpc := must(ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.91.0.0/16")}))
	sub := must(ec.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.91.1.0/24")}))
	sg := must(ec.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("tasks-" + u), Description: aws.String("tasks"), VpcId: vpc.Vpc.VpcId}))
	netw := func(public bool) *ecstypes.NetworkConfiguration {
		a := ecstypes.AssignPublicIpDisabled
		if public {
			a = ecstypes.AssignPublicIpEnabled
		}
		return &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{
			Subnets: []string{aws.ToString(sub.Subnet.SubnetId)}, SecurityGroups: []string{aws.ToString(sg.GroupId)}, AssignPublicIp: a}}
	}
	cl := ecs.NewFromConfig(cfg)
	must(cl.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String(f.cluster)}))
	td := must(cl.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{Family: aws.String("web-" + u), NetworkMode: ecstypes.NetworkModeAwsvpc,
		RequiresCompatibilities: []ecstypes.Compatibility{ecstypes.CompatibilityFargate}, Cpu: aws.String("256"), Memory: aws.String("512"),
		ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String("web"), Image: aws.String("nginx:1.27"), Essential: aws.Bool(true)}}}))
	tdARN := td.TaskDefinition.TaskDefinitionArn
	must(cl.CreateService(ctx, &ecs.CreateServiceInput{Cluster: aws.String(f.cluster), ServiceName: aws.String(f.external), DesiredCount: aws.Int32(0),
		DeploymentController: &ecstypes.DeploymentController{Type: ecstypes.DeploymentControllerTypeExternal}}))
	pub := must(cl.CreateTaskSet(ctx, &ecs.CreateTaskSetInput{Cluster: aws.String(f.cluster), Service: aws.String(f.external), TaskDefinition: tdARN,
		ExternalId: aws.String("blue"), NetworkConfiguration: netw(true)}))
	f.publicSet = aws.ToString(pub.TaskSet.TaskSetArn)
	priv := must(cl.CreateTaskSet(ctx, &ecs.CreateTaskSetInput{Cluster: aws.String(f.cluster), Service: aws.String(f.external), TaskDefinition: tdARN,
		ExternalId: aws.String("green"), NetworkConfiguration: netw(false)}))
	f.privateSet = aws.ToString(priv.TaskSet.TaskSetArn)
	must(cl.CreateService(ctx, &ecs.CreateServiceInput{Cluster: aws.String(f.cluster), ServiceName: aws.String(f.fargate), TaskDefinition: tdARN, DesiredCount: aws.Int32(0),
		LaunchType: ecstypes.LaunchTypeFargate, PlatformVersion: aws.String("1.3.0"), NetworkConfiguration: netw(false)}))
	must(cl.CreateService(ctx, &ecs.CreateServiceInput{Cluster: aws.String(f.cluster), ServiceName: aws.String(f.onEC2), TaskDefinition: tdARN, DesiredCount: aws.Int32(0),
		LaunchType: ecstypes.LaunchTypeEc2}))
	return f
}

// TestECSMoto: task sets come with DescribeServices (ONUS-ECS-010), and a
// service's launch type and platform version are read (ONUS-ECS-009).
func TestECSMoto(t *testing.T) {
	w := sharedWorld(t)
	f := w.f.ecs
	svc := func(e *model.Estate, name string) *mecs.Service {
		for _, s := range e.ECSServices {
			if strings.HasSuffix(s.Address, "/"+name) {
				return s
			}
		}
		panic("no service " + name)
	}
	runChecks(t, w.baseline, []check{
		{"public task set", func(e *model.Estate) any {
			s := get(e.ECSTaskSets, f.publicSet)
			return [3]any{val(s.AssignPublicIP), s.Region, strings.HasSuffix(val(s.Service).(string), "/"+f.external)}
		}, [3]any{true, "us-east-1", true}},
		{"private task set", func(e *model.Estate) any { return val(get(e.ECSTaskSets, f.privateSet).AssignPublicIP) }, false},
		{"fargate service", func(e *model.Estate) any {
			s := svc(e, f.fargate)
			return [3]any{val(s.Fargate), val(s.PlatformVersion), val(s.AssignPublicIP)}
		}, [3]any{true, "1.3.0", false}},
		{"ec2 service", func(e *model.Estate) any { return val(svc(e, f.onEC2).Fargate) }, false},
	})
	outcomes(t, w.baseline, map[string]control.Outcome{
		"ONUS-ECS-010 " + f.publicSet:                        control.Fail,
		"ONUS-ECS-010 " + f.privateSet:                       control.Pass,
		"ONUS-ECS-009 " + svc(w.baseline, f.fargate).Address: control.Fail,
		"ONUS-ECS-009 " + svc(w.baseline, f.onEC2).Address:   control.NotApplicable,
	})
}
