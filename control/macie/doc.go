// Package macie holds the Macie control: sensitive-data discovery enabled
// per region (the part of CIS 3.1.3 an API can show). It judges the model;
// it reads no source.
package macie
