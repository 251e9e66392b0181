// Package ecs models ECS clusters, services, task sets and task definitions.
package ecs

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// TaskDefinition with its containers.
type TaskDefinition struct {
	base.Meta
	Family        source.Value[string]      `json:"family"`
	NetworkMode   source.Value[string]      `json:"network_mode"`
	PIDMode       source.Value[string]      `json:"pid_mode"`
	TaskRole      source.Value[string]      `json:"task_role"`
	ExecutionRole source.Value[string]      `json:"execution_role"`
	Containers    source.Value[[]Container] `json:"containers"`
}

// Container definition.
type Container struct {
	Name                   string   `json:"name"`
	Image                  string   `json:"image,omitempty"`
	Privileged             bool     `json:"privileged"`
	User                   string   `json:"user,omitempty"`
	ReadonlyRootFilesystem bool     `json:"readonly_root_filesystem"`
	Environment            []EnvVar `json:"environment,omitempty"`
	// Secrets are references to Secrets Manager / SSM (the right way).
	Secrets   []string    `json:"secrets,omitempty"`
	LogDriver string      `json:"log_driver,omitempty"`
	Prov      source.Prov `json:"prov"`
}

// EnvVar of a container; the value is never printed.
type EnvVar struct {
	Name  string      `json:"name"`
	Value string      `json:"-"`
	Prov  source.Prov `json:"prov"`
	// Unknown says why the value (and, when Name is "", the name too)
	// could not be read; Value is then "". A
	// parameter or another stack's export is resolved at deployment and
	// still lands in the task definition in clear.
	Unknown string `json:"unknown,omitempty"`
}

// Cluster is an ECS cluster.
type Cluster struct {
	base.Meta
	Name              source.Value[string] `json:"name"`
	ContainerInsights source.Value[bool]   `json:"container_insights"`
}

// Service is an ECS service.
type Service struct {
	base.Meta
	Name           source.Value[string] `json:"name"`
	AssignPublicIP source.Value[bool]   `json:"assign_public_ip"`
	// Fargate: the service's tasks run on AWS Fargate (launch type FARGATE
	// or a FARGATE / FARGATE_SPOT capacity provider).
	Fargate source.Value[bool] `json:"fargate"`
	// PlatformVersion is the Fargate platform version asked for ("LATEST"
	// or e.g. "1.4.0").
	PlatformVersion source.Value[string] `json:"platform_version"`
}

// TaskSet is a set of tasks of a service with an EXTERNAL (or CodeDeploy)
// deployment controller; it has its own network configuration.
type TaskSet struct {
	base.Meta
	// Service is the service (name or ARN) the task set belongs to.
	Service        source.Value[string] `json:"service"`
	AssignPublicIP source.Value[bool]   `json:"assign_public_ip"`
}
