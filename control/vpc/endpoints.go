package vpc

import (
	"fmt"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ec2"
)

// endpointService is one AWS service FSBP wants reachable through a VPC
// endpoint, so that its API traffic stays on the AWS network.
type endpointService struct {
	id, fsbp string
	svc      string // the service part of com.amazonaws.<region>.<svc>
	name     string // the service in words
	typ      string // the endpoint type to create in remediations
}

// endpointServices are FSBP EC2.10, EC2.55, EC2.56, EC2.57, EC2.58, EC2.60.
var endpointServices = []endpointService{
	{id: "ONUS-VPC-011", fsbp: "EC2.10", svc: "ec2", name: "Amazon EC2", typ: "Interface"},
	{id: "ONUS-VPC-012", fsbp: "EC2.55", svc: "ecr.api", name: "the Amazon ECR API", typ: "Interface"},
	{id: "ONUS-VPC-013", fsbp: "EC2.56", svc: "ecr.dkr", name: "the Amazon ECR Docker registry", typ: "Interface"},
	{id: "ONUS-VPC-014", fsbp: "EC2.57", svc: "ssm", name: "AWS Systems Manager", typ: "Interface"},
	{id: "ONUS-VPC-015", fsbp: "EC2.58", svc: "ssm-contacts", name: "Systems Manager Incident Manager Contacts", typ: "Interface"},
	{id: "ONUS-VPC-016", fsbp: "EC2.60", svc: "ssm-incidents", name: "Systems Manager Incident Manager", typ: "Interface"},
}

func endpointControls() []*control.Control {
	out := make([]*control.Control, 0, len(endpointServices))
	for _, s := range endpointServices {
		out = append(out, endpointControl(s))
	}
	return out
}

// regionPlaceholder is how a CloudFormation template scanned without its
// stack region writes the region (see ec2.VPCEndpoint.ServiceName).
const regionPlaceholder = "${AWS::Region}"

func endpointControl(s endpointService) *control.Control {
	tfName := strings.NewReplacer(".", "_", "-", "_").Replace(s.svc)
	cfnName := ""
	for _, w := range strings.FieldsFunc(s.svc, func(r rune) bool { return r == '.' || r == '-' }) {
		cfnName += strings.ToUpper(w[:1]) + w[1:]
	}
	return &control.Control{
		ID: s.id, Title: "VPCs have a VPC endpoint for " + s.name, Severity: control.Low,
		Service: "vpc", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP(s.fsbp), fw.M{fw.NIST: {"SC-7", "AC-4"}}),
		Rationale: "With a VPC endpoint, calls from the VPC to " + s.name + " stay on the AWS network and can be " +
			"limited by an endpoint policy, and workloads in private subnets need no internet gateway or NAT to " +
			"reach the service. It is defense in depth rather than an exposure, hence low severity (FSBP rates it medium).",
		Checked: "The VPC endpoints of every VPC: an endpoint (interface or gateway) whose service name is " +
			"com.amazonaws.<the VPC's region>." + s.svc + " passes; a live endpoint counts only in state available. " +
			"None fails. UNKNOWN when the endpoints could not be listed, when an endpoint's service name or VPC " +
			"could not be resolved, or when the VPC's region is unknown (code without a provider region) and an " +
			"endpoint names the service for some region.",
		Remediation: control.Remediation{
			Summary: "Create an " + strings.ToLower(s.typ) + " VPC endpoint for com.amazonaws.<region>." + s.svc + " in the VPC.",
			Terraform: fmt.Sprintf("resource \"aws_vpc_endpoint\" %q {\n  vpc_id              = aws_vpc.main.id\n"+
				"  service_name        = \"com.amazonaws.${data.aws_region.current.name}.%s\"\n  vpc_endpoint_type   = %q\n"+
				"  subnet_ids          = aws_subnet.private[*].id\n  security_group_ids  = [aws_security_group.endpoints.id]\n"+
				"  private_dns_enabled = true\n}", tfName, s.svc, s.typ),
			CloudFormation: fmt.Sprintf("%sEndpoint:\n  Type: AWS::EC2::VPCEndpoint\n  Properties:\n    VpcId: !Ref Vpc\n"+
				"    ServiceName: !Sub com.amazonaws.${AWS::Region}.%s\n    VpcEndpointType: %s\n"+
				"    SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]\n    SecurityGroupIds: [!Ref EndpointSecurityGroup]\n"+
				"    PrivateDnsEnabled: true", cfnName, s.svc, s.typ),
			CLI: fmt.Sprintf("aws ec2 create-vpc-endpoint --vpc-id vpc-0123 --vpc-endpoint-type %s --service-name com.amazonaws.eu-west-1.%s "+
				"--subnet-ids subnet-0123 --security-group-ids sg-0123", s.typ, s.svc),
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.VPCs, func(v *ec2.VPC, b control.Builder) control.Result {
				return b.Result(endpointVerdict(v, s.svc))
			})
		},
	}
}

// splitService splits com.amazonaws.<region>.<service>.
func splitService(name string) (region, svc string, ok bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(name), "com.amazonaws.")
	if !ok {
		return "", "", false
	}
	region, svc, ok = strings.Cut(rest, ".")
	return region, svc, ok && region != "" && svc != ""
}

func endpointVerdict(v *ec2.VPC, svc string) control.Verdict {
	eps, ok := v.Endpoints.Get()
	if !ok {
		return ck.Unknown(v.Endpoints, "the VPC's endpoints")
	}
	region := v.Region
	want := "com.amazonaws." + region + "." + svc
	if region == "" {
		want = "com.amazonaws.<region>." + svc
	}
	var unknown []string
	var unknownEv, skippedEv []control.Evidence
	var skipped []string
	for _, ep := range eps {
		if ep.Type == "GatewayLoadBalancer" {
			continue
		}
		name, ok := ep.ServiceName.Get()
		if !ok {
			unknown = append(unknown, fmt.Sprintf("the service of endpoint %s is unknown (%s)", ep.ID, ep.ServiceName.Reason()))
			unknownEv = append(unknownEv, ck.Ev("endpoint "+ep.ID, ep.ServiceName))
			continue
		}
		r, s, ok := splitService(name)
		if !ok || s != svc {
			continue
		}
		switch {
		case r == regionPlaceholder || (region != "" && r == region):
		case region == "":
			unknown = append(unknown, fmt.Sprintf("endpoint %s serves %s, but the VPC's region is unknown", ep.ID, name))
			unknownEv = append(unknownEv, control.Ev("endpoint "+ep.ID, ep.Prov))
			continue
		default:
			continue // another region's service (a cross-region endpoint)
		}
		if ep.State != "" && !strings.EqualFold(ep.State, "available") {
			skipped = append(skipped, fmt.Sprintf("endpoint %s for %s is %s", ep.ID, name, ep.State))
			skippedEv = append(skippedEv, control.Ev("endpoint "+ep.ID, ep.Prov))
			continue
		}
		if ep.Uncertain != "" {
			unknown = append(unknown, fmt.Sprintf("endpoint %s for %s may belong to another VPC: %s", ep.ID, name, ep.Uncertain))
			unknownEv = append(unknownEv, control.Ev("endpoint "+ep.ID, ep.Prov))
			continue
		}
		// Readers set the type's default (Gateway) themselves: "" is a type
		// that could not be resolved, which only matters for Gateway Load
		// Balancer endpoints, and those serve no AWS service.
		typ := strings.ToLower(ep.Type) + " endpoint"
		if ep.Type == "" {
			typ = "endpoint (of unresolved type)"
		}
		reason := fmt.Sprintf("%s %s serves %s", typ, ep.ID, name)
		return control.Verdict{Outcome: control.Pass, Reason: reason, Evidence: []control.Evidence{control.Ev(reason, ep.Prov)}}
	}
	if len(unknown) > 0 {
		return control.Verdict{Outcome: control.Unknown, Reason: strings.Join(unknown, "; "), Evidence: unknownEv}
	}
	reason := "no VPC endpoint for " + want
	if len(skipped) > 0 {
		reason += " is available (" + strings.Join(skipped, "; ") + ")"
	}
	return control.Verdict{Outcome: control.Fail, Reason: reason,
		Evidence: append([]control.Evidence{ck.Ev("the VPC's endpoints", v.Endpoints)}, skippedEv...)}
}
