package fabric.api.network;

/**
 * Named address groups a security rule may use instead of prefixes, as Azure's service tags: the
 * fabric expands them when it compiles a group for a virtual network.
 */
public enum ServiceTag {
    /** The virtual network's address space. */
    VIRTUAL_NETWORK("VirtualNetwork"),
    /** The load balancer's health probe source, 168.63.129.16. */
    AZURE_LOAD_BALANCER("AzureLoadBalancer"),
    /** Addresses outside the virtual network (here: every address; the virtual network's rules decide first). */
    INTERNET("Internet");

    private final String label;

    ServiceTag(String label) {
        this.label = label;
    }

    /** @return the tag as written in rules, such as {@code VirtualNetwork} */
    public String label() {
        return label;
    }
}
