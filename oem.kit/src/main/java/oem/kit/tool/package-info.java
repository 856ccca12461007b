/**
 * Tools for vendors' release engineering and for tests: sample payloads, building and signing
 * firmware packages (also deliberately broken ones), signing a catalog, generating keys.
 * Never inlined into a vendor bundle's runtime: no bundle class refers to this package.
 */
package oem.kit.tool;
