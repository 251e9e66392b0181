package awscollect

import (
	"context"
	"encoding/base64"
	"slices"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	mec2 "github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

// ec2API is the read-only part of the EC2 client onus uses (EC2, EBS, VPC).
type ec2API interface {
	ec2.DescribeInstancesAPIClient
	ec2.DescribeVolumesAPIClient
	ec2.DescribeSnapshotsAPIClient
	ec2.DescribeImagesAPIClient
	ec2.DescribeSecurityGroupsAPIClient
	ec2.DescribeNetworkInterfacesAPIClient
	ec2.DescribeNetworkAclsAPIClient
	ec2.DescribeVpcsAPIClient
	ec2.DescribeFlowLogsAPIClient
	ec2.DescribeSubnetsAPIClient
	ec2.DescribeRouteTablesAPIClient
	ec2NetAPI
	ec2xAPI
	DescribeInstanceAttribute(context.Context, *ec2.DescribeInstanceAttributeInput, ...func(*ec2.Options)) (*ec2.DescribeInstanceAttributeOutput, error)
	DescribeSnapshotAttribute(context.Context, *ec2.DescribeSnapshotAttributeInput, ...func(*ec2.Options)) (*ec2.DescribeSnapshotAttributeOutput, error)
	GetEbsEncryptionByDefault(context.Context, *ec2.GetEbsEncryptionByDefaultInput, ...func(*ec2.Options)) (*ec2.GetEbsEncryptionByDefaultOutput, error)
	GetEbsDefaultKmsKeyId(context.Context, *ec2.GetEbsDefaultKmsKeyIdInput, ...func(*ec2.Options)) (*ec2.GetEbsDefaultKmsKeyIdOutput, error)
}

// ssmAPI tells which instances SSM manages.
type ssmAPI interface {
	ssm.DescribeInstanceInformationAPIClient
}

func (r *run) collectEC2(ctx context.Context, region string) *model.Estate {
	cl := ec2.NewFromConfig(r.cfg, func(o *ec2.Options) { o.Region = region })
	var sc ssmAPI
	if r.services["ssm"] {
		sc = ssm.NewFromConfig(r.cfg, func(o *ssm.Options) { o.Region = region })
	}
	return r.ec2Estate(ctx, region, cl, sc)
}

// listed is the result of one paginated listing.
type listed[T any] struct {
	items []T
	err   error
	o     source.Origin
}

// paginate drains a paginator through call, returning the items read so
// far and the error that stopped it.
func paginate[O, T any](ctx context.Context, r *run, o source.Origin, more func() bool, next func(context.Context) (O, error), items func(O) []T) listed[T] {
	l := listed[T]{o: o, items: []T{}}
	for more() {
		out, err := call(ctx, r, next)
		if err != nil {
			l.err = err
			return l
		}
		l.items = append(l.items, items(out)...)
	}
	return l
}

func ec2Tags(ts []ec2types.Tag, o source.Origin) source.Value[map[string]string] {
	return known(tagMap(ts, func(t ec2types.Tag) (*string, *string) { return t.Key, t.Value }), o)
}

func (r *run) ec2Estate(ctx context.Context, region string, cl ec2API, sc ssmAPI) *model.Estate {
	e := &model.Estate{}
	or := func(api string) source.Origin { return r.origin(api, region, "") }
	var (
		insts   listed[ec2types.Instance]
		vols    listed[ec2types.Volume]
		snaps   listed[ec2types.Snapshot]
		images  listed[ec2types.Image]
		sgs     listed[ec2types.SecurityGroup]
		enis    listed[ec2types.NetworkInterface]
		nacls   listed[ec2types.NetworkAcl]
		vpcs    listed[ec2types.Vpc]
		flows   listed[ec2types.FlowLog]
		subnets listed[ec2types.Subnet]
		rts     listed[ec2types.RouteTable]
		managed listed[string]
		defs    *mec2.EBSDefaults
		netw    *ec2Net
		extra   *ec2x
	)
	parallel(
		func() {
			p := ec2.NewDescribeInstancesPaginator(cl, &ec2.DescribeInstancesInput{})
			insts = paginate(ctx, r, or("ec2:DescribeInstances"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeInstancesOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeInstancesOutput) []ec2types.Instance {
					var is []ec2types.Instance
					for _, res := range o.Reservations {
						is = append(is, res.Instances...)
					}
					return is
				})
		},
		func() {
			p := ec2.NewDescribeVolumesPaginator(cl, &ec2.DescribeVolumesInput{})
			vols = paginate(ctx, r, or("ec2:DescribeVolumes"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeVolumesOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeVolumesOutput) []ec2types.Volume { return o.Volumes })
		},
		func() {
			p := ec2.NewDescribeSnapshotsPaginator(cl, &ec2.DescribeSnapshotsInput{OwnerIds: []string{"self"}})
			snaps = paginate(ctx, r, or("ec2:DescribeSnapshots"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeSnapshotsOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeSnapshotsOutput) []ec2types.Snapshot { return o.Snapshots })
		},
		func() {
			p := ec2.NewDescribeImagesPaginator(cl, &ec2.DescribeImagesInput{Owners: []string{"self"}})
			images = paginate(ctx, r, or("ec2:DescribeImages"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeImagesOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeImagesOutput) []ec2types.Image { return o.Images })
		},
		func() {
			p := ec2.NewDescribeSecurityGroupsPaginator(cl, &ec2.DescribeSecurityGroupsInput{})
			sgs = paginate(ctx, r, or("ec2:DescribeSecurityGroups"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeSecurityGroupsOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeSecurityGroupsOutput) []ec2types.SecurityGroup { return o.SecurityGroups })
		},
		func() {
			p := ec2.NewDescribeNetworkInterfacesPaginator(cl, &ec2.DescribeNetworkInterfacesInput{})
			enis = paginate(ctx, r, or("ec2:DescribeNetworkInterfaces"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeNetworkInterfacesOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeNetworkInterfacesOutput) []ec2types.NetworkInterface { return o.NetworkInterfaces })
		},
		func() {
			p := ec2.NewDescribeNetworkAclsPaginator(cl, &ec2.DescribeNetworkAclsInput{})
			nacls = paginate(ctx, r, or("ec2:DescribeNetworkAcls"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeNetworkAclsOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeNetworkAclsOutput) []ec2types.NetworkAcl { return o.NetworkAcls })
		},
		func() {
			p := ec2.NewDescribeVpcsPaginator(cl, &ec2.DescribeVpcsInput{})
			vpcs = paginate(ctx, r, or("ec2:DescribeVpcs"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeVpcsOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeVpcsOutput) []ec2types.Vpc { return o.Vpcs })
		},
		func() {
			p := ec2.NewDescribeFlowLogsPaginator(cl, &ec2.DescribeFlowLogsInput{})
			flows = paginate(ctx, r, or("ec2:DescribeFlowLogs"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeFlowLogsOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeFlowLogsOutput) []ec2types.FlowLog { return o.FlowLogs })
		},
		func() {
			p := ec2.NewDescribeSubnetsPaginator(cl, &ec2.DescribeSubnetsInput{})
			subnets = paginate(ctx, r, or("ec2:DescribeSubnets"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeSubnetsOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeSubnetsOutput) []ec2types.Subnet { return o.Subnets })
		},
		func() {
			p := ec2.NewDescribeRouteTablesPaginator(cl, &ec2.DescribeRouteTablesInput{})
			rts = paginate(ctx, r, or("ec2:DescribeRouteTables"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeRouteTablesOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeRouteTablesOutput) []ec2types.RouteTable { return o.RouteTables })
		},
		func() {
			if sc == nil {
				managed = listed[string]{err: errNotScanned, o: or("ssm:DescribeInstanceInformation")}
				return
			}
			p := ssm.NewDescribeInstanceInformationPaginator(sc, &ssm.DescribeInstanceInformationInput{})
			managed = paginate(ctx, r, or("ssm:DescribeInstanceInformation"), p.HasMorePages, func(ctx context.Context) (*ssm.DescribeInstanceInformationOutput, error) { return p.NextPage(ctx) },
				func(o *ssm.DescribeInstanceInformationOutput) []string {
					var ids []string
					for _, i := range o.InstanceInformationList {
						ids = append(ids, aws.ToString(i.InstanceId))
					}
					return ids
				})
		},
		func() { defs = r.ebsDefaults(ctx, region, cl) },
		func() { netw = r.ec2NetList(ctx, region, cl) },
		func() { extra = r.ec2xList(ctx, region, cl) },
	)
	e.EBSDefaults = append(e.EBSDefaults, defs)

	// Reasons a joined value is unknown when the listing it comes from failed.
	vpcErr := r.listErr(e, "AWS::EC2::VPC", vpcs.o, vpcs.err)
	volErr := r.listErr(e, "AWS::EC2::Volume", vols.o, vols.err)
	eniErr := r.listErr(e, "AWS::EC2::NetworkInterface", enis.o, enis.err)
	flowErr := r.listErr(e, "AWS::EC2::FlowLog", flows.o, flows.err)
	r.listErr(e, "AWS::EC2::Instance", insts.o, insts.err)
	r.listErr(e, "AWS::EC2::Snapshot", snaps.o, snaps.err)
	r.listErr(e, "AWS::EC2::Image", images.o, images.err)
	r.listErr(e, "AWS::EC2::SecurityGroup", sgs.o, sgs.err)
	r.listErr(e, "AWS::EC2::NetworkAcl", nacls.o, nacls.err)
	r.listErr(e, "AWS::EC2::Subnet", subnets.o, subnets.err)
	r.listErr(e, "AWS::EC2::RouteTable", rts.o, rts.err)
	ssmErr := ""
	if managed.err != nil {
		if managed.err == errNotScanned {
			ssmErr = "ssm not in the scanned services"
		} else {
			ssmErr = r.fail(managed.o.APICall, region, managed.err)
		}
	}

	defaultVPC := map[string]bool{}
	for _, v := range vpcs.items {
		defaultVPC[aws.ToString(v.VpcId)] = aws.ToBool(v.IsDefault)
	}
	volByID := map[string]ec2types.Volume{}
	for _, v := range vols.items {
		volByID[aws.ToString(v.VolumeId)] = v
	}
	sgUsed, vpcUsed := map[string]bool{}, map[string]bool{}
	for _, n := range enis.items {
		vpcUsed[aws.ToString(n.VpcId)] = true
		for _, g := range n.Groups {
			sgUsed[aws.ToString(g.GroupId)] = true
		}
	}
	ssmSet := map[string]bool{}
	for _, id := range managed.items {
		ssmSet[id] = true
	}

	// Instances.
	var instances []ec2types.Instance
	for _, in := range insts.items {
		if in.State != nil && in.State.Name == ec2types.InstanceStateNameTerminated {
			continue
		}
		instances = append(instances, in)
		vpcUsed[aws.ToString(in.VpcId)] = true
		for _, g := range in.SecurityGroups {
			sgUsed[aws.ToString(g.GroupId)] = true
		}
	}
	e.EC2Instances = make([]*mec2.Instance, len(instances))
	each(instances, func(i int, in ec2types.Instance) {
		id := aws.ToString(in.InstanceId)
		arn := r.arn("ec2", region, "instance/"+id)
		o := r.origin("ec2:DescribeInstances", region, arn)
		x := &mec2.Instance{
			Meta:         base.Meta{Type: "AWS::EC2::Instance", Address: arn, ARN: arn, Account: r.account, Region: region, Source: source.AWS, Origin: base.LiveOrigin(o), Tags: ec2Tags(in.Tags, o)},
			InstanceID:   known(id, o),
			ImageID:      known(aws.ToString(in.ImageId), o),
			InstanceType: known(string(in.InstanceType), o),
			PublicIP:     known(aws.ToString(in.PublicIpAddress) != "", o),
			SubnetID:     known(aws.ToString(in.SubnetId), o),
			VPCID:        known(aws.ToString(in.VpcId), o),
			Monitoring:   known(in.Monitoring != nil && in.Monitoring.State == ec2types.MonitoringStateEnabled, o),
			// nil (not reported) stays unknown rather than defaulting.
			SourceDestCheck: func() source.Value[bool] {
				if in.SourceDestCheck == nil {
					return source.Unknown[bool]("SourceDestCheck not reported", source.From(o))
				}
				return known(*in.SourceDestCheck, o)
			}(),
		}
		if in.State != nil {
			x.State = known(string(in.State.Name), o)
		}
		x.StateTransitionTime = stateTransitionTime(aws.ToString(in.StateTransitionReason), o)
		x.NetworkInterfaces = known(instanceENIs(in), o)
		if in.VirtualizationType == "" {
			x.VirtualizationType = source.Unknown[string]("ec2:DescribeInstances reported no virtualization type", source.From(o))
		} else {
			x.VirtualizationType = known(string(in.VirtualizationType), o)
		}
		if in.LaunchTime != nil {
			x.LaunchTime = known(in.LaunchTime.UTC().Format("2006-01-02T15:04:05Z"), o)
		}
		prof := ""
		if in.IamInstanceProfile != nil {
			prof = aws.ToString(in.IamInstanceProfile.Arn)
		}
		x.InstanceProfile = known(prof, o)
		if m := in.MetadataOptions; m != nil {
			x.HTTPTokens = known(string(m.HttpTokens), o)
			x.HTTPEndpoint = known(string(m.HttpEndpoint), o)
			x.HTTPPutHopLimit = known(int(aws.ToInt32(m.HttpPutResponseHopLimit)), o)
		} else {
			x.HTTPTokens = source.Unknown[string]("ec2:DescribeInstances returned no MetadataOptions", source.From(o))
			x.HTTPEndpoint = x.HTTPTokens
			x.HTTPPutHopLimit = source.Unknown[int](x.HTTPTokens.Reason(), source.From(o))
		}
		groups := []string{}
		for _, g := range in.SecurityGroups {
			groups = append(groups, aws.ToString(g.GroupId))
		}
		x.SecurityGroups = known(groups, o)
		vpcO := r.origin("ec2:DescribeVpcs", region, arn)
		if vpcErr != "" {
			x.InDefaultVPC = source.Unknown[bool](vpcErr, source.From(vpcO))
		} else {
			x.InDefaultVPC = known(defaultVPC[aws.ToString(in.VpcId)], vpcO)
		}
		volIDs := []string{}
		rootVol := ""
		for _, m := range in.BlockDeviceMappings {
			if m.Ebs == nil {
				continue
			}
			volIDs = append(volIDs, aws.ToString(m.Ebs.VolumeId))
			if aws.ToString(m.DeviceName) == aws.ToString(in.RootDeviceName) {
				rootVol = aws.ToString(m.Ebs.VolumeId)
			}
		}
		x.Volumes = known(volIDs, o)
		volO := r.origin("ec2:DescribeVolumes", region, arn)
		switch v, ok := volByID[rootVol]; {
		case in.RootDeviceType == ec2types.DeviceTypeInstanceStore:
			x.RootVolumeEncrypted = source.Unknown[bool]("instance-store root device: EBS encryption does not apply", source.From(o))
		case volErr != "":
			x.RootVolumeEncrypted = source.Unknown[bool](volErr, source.From(volO))
		case ok:
			x.RootVolumeEncrypted = known(aws.ToBool(v.Encrypted), volO)
		default:
			x.RootVolumeEncrypted = source.Unknown[bool]("root volume "+rootVol+" not found by ec2:DescribeVolumes", source.From(volO))
		}
		ssmO := r.origin("ssm:DescribeInstanceInformation", region, arn)
		if ssmErr != "" {
			x.SSMManaged = source.Unknown[bool](ssmErr, source.From(ssmO))
		} else {
			x.SSMManaged = known(ssmSet[id], ssmO)
		}
		uo := r.origin("ec2:DescribeInstanceAttribute", region, arn)
		out, err := call(ctx, r, func(ctx context.Context) (*ec2.DescribeInstanceAttributeOutput, error) {
			return cl.DescribeInstanceAttribute(ctx, &ec2.DescribeInstanceAttributeInput{InstanceId: aws.String(id), Attribute: ec2types.InstanceAttributeNameUserData})
		})
		if err != nil {
			x.UserData = unknownErr[string](r, uo, err)
		} else {
			ud := ""
			if out.UserData != nil {
				ud = aws.ToString(out.UserData.Value)
				if b, err := base64.StdEncoding.DecodeString(ud); err == nil {
					ud = string(b)
				}
			}
			x.UserData = known(ud, uo)
		}
		e.EC2Instances[i] = x
	})

	// Volumes.
	for _, v := range vols.items {
		id := aws.ToString(v.VolumeId)
		arn := r.arn("ec2", region, "volume/"+id)
		o := r.origin("ec2:DescribeVolumes", region, arn)
		att := []string{}
		for _, a := range v.Attachments {
			att = append(att, aws.ToString(a.InstanceId))
		}
		e.EBSVolumes = append(e.EBSVolumes, &mec2.Volume{
			Meta:       base.Meta{Type: "AWS::EC2::Volume", Address: arn, ARN: arn, Account: r.account, Region: region, Source: source.AWS, Origin: base.LiveOrigin(o), Tags: ec2Tags(v.Tags, o)},
			VolumeID:   known(id, o),
			Encrypted:  known(aws.ToBool(v.Encrypted), o),
			KMSKeyID:   known(aws.ToString(v.KmsKeyId), o),
			AttachedTo: known(att, o),
		})
	}

	// Snapshots: OwnerIds=self, yet emulators also return AWS-owned ones.
	var own []ec2types.Snapshot
	for _, s := range snaps.items {
		if aws.ToString(s.OwnerId) == r.account {
			own = append(own, s)
		}
	}
	e.EBSSnapshots = make([]*mec2.Snapshot, len(own))
	each(own, func(i int, s ec2types.Snapshot) {
		id := aws.ToString(s.SnapshotId)
		arn := r.arn("ec2", region, "snapshot/"+id)
		o := r.origin("ec2:DescribeSnapshots", region, arn)
		x := &mec2.Snapshot{
			Meta:       base.Meta{Type: "AWS::EC2::Snapshot", Address: arn, ARN: arn, Account: r.account, Region: region, Source: source.AWS, Origin: base.LiveOrigin(o), Tags: ec2Tags(s.Tags, o)},
			SnapshotID: known(id, o),
			Encrypted:  known(aws.ToBool(s.Encrypted), o),
		}
		ao := r.origin("ec2:DescribeSnapshotAttribute", region, arn)
		out, err := call(ctx, r, func(ctx context.Context) (*ec2.DescribeSnapshotAttributeOutput, error) {
			return cl.DescribeSnapshotAttribute(ctx, &ec2.DescribeSnapshotAttributeInput{SnapshotId: aws.String(id), Attribute: ec2types.SnapshotAttributeNameCreateVolumePermission})
		})
		if err != nil {
			x.Public = unknownErr[bool](r, ao, err)
		} else {
			pub := false
			for _, p := range out.CreateVolumePermissions {
				if p.Group == ec2types.PermissionGroupAll {
					pub = true
				}
			}
			x.Public = known(pub, ao)
		}
		e.EBSSnapshots[i] = x
	})

	// Images: Owners=self, yet emulators also return AWS-owned ones.
	for _, im := range images.items {
		if aws.ToString(im.OwnerId) != r.account {
			continue
		}
		id := aws.ToString(im.ImageId)
		arn := r.arn("ec2", region, "image/"+id)
		o := r.origin("ec2:DescribeImages", region, arn)
		e.Images = append(e.Images, &mec2.Image{
			Meta:         base.Meta{Type: "AWS::EC2::Image", Address: arn, ARN: arn, Account: r.account, Region: region, Source: source.AWS, Origin: base.LiveOrigin(o), Tags: ec2Tags(im.Tags, o)},
			ImageID:      known(id, o),
			Name:         known(aws.ToString(im.Name), o),
			Public:       known(aws.ToBool(im.Public), o),
			CreationDate: known(aws.ToString(im.CreationDate), o),
		})
	}
	sortByAddress(e.Images)

	// Security groups.
	for _, g := range sgs.items {
		id := aws.ToString(g.GroupId)
		arn := r.arn("ec2", region, "security-group/"+id)
		o := r.origin("ec2:DescribeSecurityGroups", region, arn)
		x := &mec2.SecurityGroup{
			Meta:      base.Meta{Type: "AWS::EC2::SecurityGroup", Address: arn, ARN: arn, Account: r.account, Region: region, Source: source.AWS, Origin: base.LiveOrigin(o), Tags: ec2Tags(g.Tags, o)},
			GroupID:   known(id, o),
			Name:      known(aws.ToString(g.GroupName), o),
			VPCID:     known(aws.ToString(g.VpcId), o),
			IsDefault: known(aws.ToString(g.GroupName) == "default", o),
			Ingress:   known(sgRules(g.IpPermissions, o), o),
			Egress:    known(sgRules(g.IpPermissionsEgress, o), o),
		}
		eo := r.origin("ec2:DescribeNetworkInterfaces", region, arn)
		if eniErr != "" {
			x.InUse = source.Unknown[bool](eniErr, source.From(eo))
		} else {
			x.InUse = known(sgUsed[id], eo)
		}
		e.SecurityGroups = append(e.SecurityGroups, x)
	}

	// Network ACLs.
	for _, n := range nacls.items {
		id := aws.ToString(n.NetworkAclId)
		arn := r.arn("ec2", region, "network-acl/"+id)
		o := r.origin("ec2:DescribeNetworkAcls", region, arn)
		entries := []mec2.ACLEntry{}
		for _, en := range n.Entries {
			pr := base.PortRange{From: 0, To: 65535}
			if en.PortRange != nil && aws.ToString(en.Protocol) != "-1" {
				pr = base.PortRange{From: int(aws.ToInt32(en.PortRange.From)), To: int(aws.ToInt32(en.PortRange.To))}
			}
			entries = append(entries, mec2.ACLEntry{
				RuleNumber: int(aws.ToInt32(en.RuleNumber)), Egress: aws.ToBool(en.Egress),
				Protocol: known(protoName(aws.ToString(en.Protocol)), o), Action: known(string(en.RuleAction), o),
				CIDR: known(aws.ToString(en.CidrBlock), o), IPv6CIDR: known(aws.ToString(en.Ipv6CidrBlock), o),
				Ports: known(pr, o), Prov: source.From(o),
			})
		}
		subs := []string{}
		for _, a := range n.Associations {
			subs = append(subs, aws.ToString(a.SubnetId))
		}
		e.NetworkACLs = append(e.NetworkACLs, &mec2.NetworkACL{
			Meta:      base.Meta{Type: "AWS::EC2::NetworkAcl", Address: arn, ARN: arn, Account: r.account, Region: region, Source: source.AWS, Origin: base.LiveOrigin(o), Tags: ec2Tags(n.Tags, o)},
			ACLID:     known(id, o),
			VPCID:     known(aws.ToString(n.VpcId), o),
			IsDefault: known(aws.ToBool(n.IsDefault), o),
			Entries:   known(entries, o),
			Subnets:   known(subs, o),
		})
	}

	// VPCs with their flow logs.
	logsByRes := map[string][]mec2.FlowLog{}
	for _, f := range flows.items {
		fo := r.origin("ec2:DescribeFlowLogs", region, r.arn("ec2", region, "vpc-flow-log/"+aws.ToString(f.FlowLogId)))
		dest := aws.ToString(f.LogDestination)
		if dest == "" {
			dest = aws.ToString(f.LogGroupName)
		}
		logsByRes[aws.ToString(f.ResourceId)] = append(logsByRes[aws.ToString(f.ResourceId)], mec2.FlowLog{
			ID: aws.ToString(f.FlowLogId), TrafficType: string(f.TrafficType), Destination: dest, Prov: source.From(fo),
		})
	}
	for _, v := range vpcs.items {
		id := aws.ToString(v.VpcId)
		arn := r.arn("ec2", region, "vpc/"+id)
		o := r.origin("ec2:DescribeVpcs", region, arn)
		x := &mec2.VPC{
			Meta:      base.Meta{Type: "AWS::EC2::VPC", Address: arn, ARN: arn, Account: r.account, Region: region, Source: source.AWS, Origin: base.LiveOrigin(o), Tags: ec2Tags(v.Tags, o)},
			VPCID:     known(id, o),
			CIDR:      known(aws.ToString(v.CidrBlock), o),
			IsDefault: known(aws.ToBool(v.IsDefault), o),
		}
		fo := r.origin("ec2:DescribeFlowLogs", region, arn)
		if flowErr != "" {
			x.FlowLogs = source.Unknown[[]mec2.FlowLog](flowErr, source.From(fo))
		} else {
			fl := logsByRes[id]
			if fl == nil {
				fl = []mec2.FlowLog{}
			}
			x.FlowLogs = known(fl, fo)
		}
		eo := r.origin("ec2:DescribeNetworkInterfaces", region, arn)
		switch {
		case vpcUsed[id]:
			x.InUse = known(true, eo)
		case eniErr != "":
			x.InUse = source.Unknown[bool](eniErr, source.From(eo))
		case insts.err != nil:
			x.InUse = source.Unknown[bool](reason(insts.o.APICall, insts.err), source.From(insts.o))
		default:
			x.InUse = known(false, eo)
		}
		e.VPCs = append(e.VPCs, x)
	}

	for _, s := range subnets.items {
		id := aws.ToString(s.SubnetId)
		arn := aws.ToString(s.SubnetArn)
		if arn == "" {
			arn = r.arn("ec2", region, "subnet/"+id)
		}
		o := r.origin("ec2:DescribeSubnets", region, arn)
		e.Subnets = append(e.Subnets, &mec2.Subnet{
			Meta:                base.Meta{Type: "AWS::EC2::Subnet", Address: arn, ARN: arn, Account: r.account, Region: region, Source: source.AWS, Origin: base.LiveOrigin(o), Tags: ec2Tags(s.Tags, o)},
			SubnetID:            known(id, o),
			VPCID:               known(aws.ToString(s.VpcId), o),
			MapPublicIPOnLaunch: known(aws.ToBool(s.MapPublicIpOnLaunch), o),
			DefaultForAZ:        known(aws.ToBool(s.DefaultForAz), o),
			AvailabilityZone:    known(aws.ToString(s.AvailabilityZone), o),
		})
	}

	for _, t := range rts.items {
		id := aws.ToString(t.RouteTableId)
		arn := r.arn("ec2", region, "route-table/"+id)
		o := r.origin("ec2:DescribeRouteTables", region, arn)
		routes := []mec2.Route{}
		for _, rt := range t.Routes {
			dst := aws.ToString(rt.DestinationCidrBlock)
			if dst == "" {
				dst = aws.ToString(rt.DestinationIpv6CidrBlock)
			}
			if dst == "" {
				dst = aws.ToString(rt.DestinationPrefixListId)
			}
			routes = append(routes, mec2.Route{
				Destination: dst, GatewayID: aws.ToString(rt.GatewayId), PeeringID: aws.ToString(rt.VpcPeeringConnectionId),
				NATGatewayID: aws.ToString(rt.NatGatewayId), TransitGateway: aws.ToString(rt.TransitGatewayId), Prov: source.From(o),
				InternetGateway: isIGW(aws.ToString(rt.GatewayId)),
			})
		}
		e.RouteTables = append(e.RouteTables, &mec2.RouteTable{
			Meta:         base.Meta{Type: "AWS::EC2::RouteTable", Address: arn, ARN: arn, Account: r.account, Region: region, Source: source.AWS, Origin: base.LiveOrigin(o), Tags: ec2Tags(t.Tags, o)},
			RouteTableID: known(id, o),
			VPCID:        known(aws.ToString(t.VpcId), o),
			Routes:       known(routes, o),
			Subnets:      known(assocSubnets(t), o),
			Main:         known(isMainTable(t), o),
		})
	}
	r.ec2NetApply(e, region, netw)
	r.ec2xApply(e, region, extra)
	sortByAddress(e.EC2Instances)
	sortByAddress(e.EBSVolumes)
	sortByAddress(e.EBSSnapshots)
	sortByAddress(e.SecurityGroups)
	sortByAddress(e.NetworkACLs)
	sortByAddress(e.VPCs)
	sortByAddress(e.Subnets)
	sortByAddress(e.RouteTables)
	return e
}

// errNotScanned marks a join whose service the user left out.
var errNotScanned = errorString("service not scanned")

type errorString string

func (e errorString) Error() string { return string(e) }

// listErr records a listing: a failed one as a gap, returning its reason,
// a completed one as listed ("").
func (r *run) listErr(e *model.Estate, typ string, o source.Origin, err error) string {
	if err == nil {
		e.Listed = append(e.Listed, model.Listing{Type: typ, Region: o.Region, Account: r.account, APICall: o.APICall})
		return ""
	}
	r.gap(e, typ, o, err)
	return e.Gaps[len(e.Gaps)-1].Reason
}

func sortByAddress[T base.Resource](xs []T) {
	sort.SliceStable(xs, func(i, j int) bool { return xs[i].M().Address < xs[j].M().Address })
}

func protoName(p string) string {
	switch p {
	case "6":
		return "tcp"
	case "17":
		return "udp"
	case "1":
		return "icmp"
	case "58":
		return "icmpv6"
	}
	return p
}

func sgRules(ps []ec2types.IpPermission, o source.Origin) []mec2.Rule {
	rules := []mec2.Rule{}
	for _, p := range ps {
		proto := protoName(aws.ToString(p.IpProtocol))
		pr := base.PortRange{From: 0, To: 65535}
		if proto != "-1" && p.FromPort != nil && p.ToPort != nil {
			pr = base.PortRange{From: int(*p.FromPort), To: int(*p.ToPort)}
			if proto == "tcp" || proto == "udp" {
				if pr.From < 0 {
					pr = base.PortRange{From: 0, To: 65535}
				}
			}
		}
		cidrs, v6, groups, pls := []string{}, []string{}, []string{}, []string{}
		for _, c := range p.IpRanges {
			cidrs = append(cidrs, aws.ToString(c.CidrIp))
		}
		for _, c := range p.Ipv6Ranges {
			v6 = append(v6, aws.ToString(c.CidrIpv6))
		}
		for _, g := range p.UserIdGroupPairs {
			groups = append(groups, aws.ToString(g.GroupId))
		}
		for _, l := range p.PrefixListIds {
			pls = append(pls, aws.ToString(l.PrefixListId))
		}
		slices.Sort(cidrs)
		desc := ""
		if len(p.IpRanges) > 0 {
			desc = aws.ToString(p.IpRanges[0].Description)
		}
		rules = append(rules, mec2.Rule{
			Protocol: known(proto, o), Ports: known(pr, o), CIDRs: known(cidrs, o), IPv6CIDRs: known(v6, o),
			SourceGroups: known(groups, o), PrefixLists: known(pls, o), Description: desc, Prov: source.Pack(source.From(o)),
		})
	}
	return rules
}

func (r *run) ebsDefaults(ctx context.Context, region string, cl ec2API) *mec2.EBSDefaults {
	addr := "ebs-encryption-by-default/" + r.account + "/" + region
	o := r.origin("ec2:GetEbsEncryptionByDefault", region, "")
	d := &mec2.EBSDefaults{Meta: base.Meta{Type: "AWS::EC2::EBSEncryptionByDefault", Address: addr, Account: r.account, Region: region, Source: source.AWS, Origin: base.LiveOrigin(o), Tags: known(map[string]string(nil), o)}}
	parallel(func() {
		out, err := call(ctx, r, func(ctx context.Context) (*ec2.GetEbsEncryptionByDefaultOutput, error) {
			return cl.GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
		})
		if err != nil {
			d.EncryptionByDefault = unknownErr[bool](r, o, err)
			return
		}
		d.EncryptionByDefault = known(aws.ToBool(out.EbsEncryptionByDefault), o)
	}, func() {
		ko := r.origin("ec2:GetEbsDefaultKmsKeyId", region, "")
		out, err := call(ctx, r, func(ctx context.Context) (*ec2.GetEbsDefaultKmsKeyIdOutput, error) {
			return cl.GetEbsDefaultKmsKeyId(ctx, &ec2.GetEbsDefaultKmsKeyIdInput{})
		})
		if err != nil {
			d.DefaultKMSKeyID = unknownErr[string](r, ko, err)
			return
		}
		d.DefaultKMSKeyID = known(aws.ToString(out.KmsKeyId), ko)
	})
	return d
}
