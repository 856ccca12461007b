package fabric.api.network;

/** How a virtual network's frames cross the provider network. */
public enum Encapsulation {
    /** VXLAN, RFC 7348: UDP port 4789 with a 24-bit VNI; the default. */
    VXLAN,
    /** NVGRE, RFC 7637: GRE with a 24-bit virtual subnet id; the legacy encapsulation. */
    NVGRE
}
