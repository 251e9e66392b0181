// Package cloudwatch models CloudWatch alarms, CloudWatch Logs metric
// filters and log groups.
package cloudwatch

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Alarm is a metric alarm.
type Alarm struct {
	base.Meta
	Name           source.Value[string]   `json:"name"`
	MetricName     source.Value[string]   `json:"metric_name"`
	Namespace      source.Value[string]   `json:"namespace"`
	AlarmActions   source.Value[[]string] `json:"alarm_actions"`
	ActionsEnabled source.Value[bool]     `json:"actions_enabled"`
}

// MetricFilter turns log events into a metric.
type MetricFilter struct {
	base.Meta
	Name         source.Value[string] `json:"name"`
	LogGroupName source.Value[string] `json:"log_group_name"`
	Pattern      source.Value[string] `json:"pattern"`
	MetricName   source.Value[string] `json:"metric_name"`
	Namespace    source.Value[string] `json:"metric_namespace"`
}

// LogGroup is a CloudWatch Logs group.
type LogGroup struct {
	base.Meta
	Name          source.Value[string] `json:"name"`
	RetentionDays source.Value[int]    `json:"retention_days"` // known 0 = never expire
	KMSKeyID      source.Value[string] `json:"kms_key_id"`
}
