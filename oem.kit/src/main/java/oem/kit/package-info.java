/**
 * The OEM vendor kit: the firmware package format, signatures, vendor data loading, and the
 * rule-based validator and sequencer that vendor bundles register. Inlined privately into each
 * vendor bundle; never exported.
 */
package oem.kit;
