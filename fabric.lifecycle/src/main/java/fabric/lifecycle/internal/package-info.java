/** The lifecycle bundle's components: provider tracking, compliance, planning. Not exported. */
package fabric.lifecycle.internal;
