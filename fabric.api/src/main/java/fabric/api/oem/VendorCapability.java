package fabric.api.oem;

/**
 * The capability by which an OEM bundle tells the fabric which vendor it serves, readable before
 * the bundle starts. Declare it in the bundle's manifest:
 *
 * <pre>Provide-Capability: fabric.oem.vendor;fabric.oem.vendor=acme</pre>
 *
 * <p>A topology file may name a vendor (a node's {@code vendor}) only when an installed bundle
 * declares it this way, or when configuration {@code fabric.cluster} lists it. So adding a vendor
 * means installing its bundle, and no list in the fabric changes. The value equals the
 * {@link HardwareProfile#VENDOR} service property of the bundle's services.
 */
public final class VendorCapability {

    /** The capability namespace, which is also the name of the attribute holding the vendor key. */
    public static final String NAMESPACE = "fabric.oem.vendor";

    private VendorCapability() {
    }
}
