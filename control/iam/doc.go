// Package iam holds the identity controls: root user posture, password
// policy, user credentials, policy attachment and content (full admin,
// privilege escalation, trust policies), instance and Lambda roles, server
// certificates, Access Analyzer and account contacts. It judges the model;
// it reads no source.
package iam
