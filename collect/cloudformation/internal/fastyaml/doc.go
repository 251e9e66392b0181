// Package fastyaml parses the YAML subset CloudFormation templates use (block
// and flow collections, all scalar styles, short-form local tags, JSON) straight
// into the *yaml.Node tree gopkg.in/yaml.v3 would build, several times faster.
// It is not a YAML parser: anything outside that subset, and every error,
// returns ErrUnsupported so that the caller falls back to yaml.v3.
package fastyaml
