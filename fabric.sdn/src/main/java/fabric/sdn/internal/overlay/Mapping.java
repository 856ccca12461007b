package fabric.sdn.internal.overlay;

/** One customer address's entry in a host's mapping table. */
final class Mapping {
    final int customerAddress;
    final long customerMac;
    final int providerAddress;

    Mapping(int customerAddress, long customerMac, int providerAddress) {
        this.customerAddress = customerAddress;
        this.customerMac = customerMac;
        this.providerAddress = providerAddress;
    }
}
