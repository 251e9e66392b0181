// Package manual lists the customer duties that no API or configuration
// can evidence (OS firewall, secure development, staff training, restore
// tests, ...) and how onus treats each CIS recommendation it does not
// automate. The responsibility matrix shows these items as customer-owned
// and manual, never as PASS; they are data, not checks.
package manual
