// Package fw builds the framework mappings of controls from a few well
// established bundles (encryption at rest, in transit, logging, ...). It is
// not a framework catalogue; docs/frameworks holds that.
package fw
