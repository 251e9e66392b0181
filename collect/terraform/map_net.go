package terraform

import (
	"github.com/onus-sec/onus/model/apigateway"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/source"
)

// vpcEndpoint joins an aws_vpc_endpoint onto its VPC. An endpoint whose
// vpc_id cannot be resolved may belong to any VPC of the configuration: it
// is joined onto each, marked uncertain, so it can neither prove nor hide
// an endpoint.
func vpcEndpoint(bd *builder, r *resInst) {
	b := r.body
	ep := ec2.VPCEndpoint{ID: r.addr, Prov: r.at()}
	ep.ServiceName = b.strComputed("service_name", "service_name not set")
	// The type only matters for Gateway Load Balancer endpoints, which
	// never count; an unknown type ("") is read as a service endpoint.
	ep.Type, _ = b.str("vpc_endpoint_type", "Gateway").Get()
	o, found, reason := bd.target(r, "vpc_id", "aws_vpc", "aws_default_vpc")
	if !found {
		if reason == "" {
			return // a VPC outside this configuration
		}
		ep.Uncertain = reason
		for _, v := range bd.est.VPCs {
			addEndpoint(v, ep)
		}
		return
	}
	addEndpoint(o.(*ec2.VPC), ep)
}

func addEndpoint(v *ec2.VPC, ep ec2.VPCEndpoint) {
	if l, ok := v.Endpoints.Get(); ok {
		v.Endpoints = source.Known(append(l, ep), v.Endpoints.Prov())
	}
}

// mapAPIStage reads an aws_api_gateway_stage. A stage without
// access_log_settings logs nothing; without client_certificate_id it sends
// no client certificate to the backend; its web ACL comes from an
// aws_wafv2_web_acl_association (none: known "").
func mapAPIStage(bd *builder, r *resInst) {
	b := r.body
	s := &apigateway.Stage{Meta: r.meta()}
	s.APIID = b.ident("rest_api_id", "")
	s.Name = b.strComputed("stage_name", "stage_name not set")
	s.WebACL = source.Known("", r.at())
	s.ClientCertificate = b.ident("client_certificate_id", "")
	switch als, reason := b.block("access_log_settings"); {
	case reason != "":
		s.AccessLogs = source.Unknown[bool](reason, r.at())
	case als == nil:
		s.AccessLogs = source.Known(false, r.at())
	default:
		s.AccessLogs = source.Map(als.ident("destination_arn", ""), func(d string) bool { return d != "" })
	}
	names := []string{}
	if n := r.knownString("arn"); n != "" {
		names = append(names, n) // plan JSON knows the ARN of an existing stage
	}
	bd.est.APIGatewayStages = append(bd.est.APIGatewayStages, s)
	bd.add(r, s, names...)
}

// mapMRAP reads an aws_s3control_multi_region_access_point: its
// public_access_block switches default to true, as AWS creates them.
func mapMRAP(bd *builder, r *resInst) {
	m := &s3.MultiRegionAccessPoint{Meta: r.meta()}
	d, reason := r.body.block("details")
	switch {
	case reason != "":
		m.Name = source.Unknown[string](reason, r.at())
		m.PublicAccessBlock = source.Unknown[*s3.PublicAccessBlock](reason, r.at())
	case d == nil:
		m.Name = source.Unknown[string]("details not set", r.at())
		m.PublicAccessBlock = source.Unknown[*s3.PublicAccessBlock]("details not set", r.at())
	default:
		m.Name = d.strComputed("name", "name not set")
		all := &s3.PublicAccessBlock{BlockPublicACLs: source.Known(true, r.at()), IgnorePublicACLs: source.Known(true, r.at()),
			BlockPublicPolicy: source.Known(true, r.at()), RestrictPublicBuckets: source.Known(true, r.at()), Prov: source.Pack(r.at())}
		m.PublicAccessBlock = source.Known(all, r.at())
		switch p, reason := d.block("public_access_block"); {
		case reason != "":
			m.PublicAccessBlock = source.Unknown[*s3.PublicAccessBlock](reason, r.at())
		case p != nil:
			m.PublicAccessBlock = source.Known(&s3.PublicAccessBlock{
				BlockPublicACLs: p.boolean("block_public_acls", true), IgnorePublicACLs: p.boolean("ignore_public_acls", true),
				BlockPublicPolicy: p.boolean("block_public_policy", true), RestrictPublicBuckets: p.boolean("restrict_public_buckets", true),
				Prov: source.Pack(source.At(p.loc()))}, source.At(p.loc()))
		}
	}
	bd.est.S3MultiRegionAccessPoints = append(bd.est.S3MultiRegionAccessPoints, m)
	bd.add(r, m)
}

// mapDirectoryBucket reads an aws_s3_directory_bucket; its lifecycle comes
// from an aws_s3_bucket_lifecycle_configuration (none: known false).
func mapDirectoryBucket(bd *builder, r *resInst) {
	d := &s3.DirectoryBucket{Meta: r.meta()}
	d.Name = r.body.strComputed("bucket", "bucket not set")
	d.Lifecycle = source.Known(false, r.at())
	bd.est.S3DirectoryBuckets = append(bd.est.S3DirectoryBuckets, d)
	n, _ := d.Name.Get()
	bd.add(r, d, n)
}

// lifecycleAny joins an aws_s3_bucket_lifecycle_configuration onto a
// directory bucket when it names one, else onto a general purpose bucket.
// One whose bucket is unknown may configure any bucket of either kind.
func lifecycleAny(bd *builder, r *resInst) {
	obj, found, reason := bd.target(r, "bucket", "aws_s3_directory_bucket")
	if found {
		d := obj.(*s3.DirectoryBucket)
		bd.join("s3dir-lifecycle", d)
		d.Lifecycle = enabledRule(r)
		return
	}
	if reason != "" {
		bd.unresolvedJoinAt("s3dir-lifecycle", reason, r.at(), func(f func(any)) {
			for _, d := range bd.est.S3DirectoryBuckets {
				f(d)
			}
		}, func(o any, reason string, at source.Prov) {
			d := o.(*s3.DirectoryBucket)
			d.Lifecycle = source.Unknown[bool](reason, at)
		})
	}
	s3Lifecycle(bd, r)
}

// enabledRule: whether any rule of a lifecycle configuration is Enabled.
func enabledRule(r *resInst) source.Value[bool] {
	rules, reason := r.body.nested("rule")
	if reason != "" {
		return source.Unknown[bool](reason, r.at())
	}
	for _, rl := range rules {
		v := rl.str("status", "")
		s, ok := v.Get()
		if !ok {
			return source.Unknown[bool]("rule status: "+v.Reason(), v.Prov())
		}
		if s == "Enabled" {
			return source.Known(true, v.Prov())
		}
	}
	return source.Known(false, r.at())
}
