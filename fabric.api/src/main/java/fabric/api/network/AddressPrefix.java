package fabric.api.network;

/**
 * What a security rule matches as a source or destination: a CIDR prefix or a {@link ServiceTag}.
 *
 * @param prefix the prefix, or {@code null} for a tag
 * @param tag the tag, or {@code null} for a prefix
 */
public record AddressPrefix(Ipv4Prefix prefix, ServiceTag tag) {

    /** Every address. */
    public static final AddressPrefix ANY = new AddressPrefix(Ipv4Prefix.ANY, null);

    /** Exactly one of prefix and tag. */
    public AddressPrefix {
        if ((prefix == null) == (tag == null)) {
            throw new IllegalArgumentException("an address prefix is either a CIDR prefix or a service tag");
        }
    }

    /**
     * @param text {@code *}, a CIDR prefix, an address, or a tag ({@code VirtualNetwork},
     *        {@code AzureLoadBalancer}, {@code Internet})
     * @return the address prefix
     * @throws IllegalArgumentException when the text is none of those
     */
    public static AddressPrefix parse(String text) {
        String t = text.strip();
        for (ServiceTag tag : ServiceTag.values()) {
            if (tag.label().equalsIgnoreCase(t)) {
                return new AddressPrefix(null, tag);
            }
        }
        return new AddressPrefix(Ipv4Prefix.parse(t), null);
    }

    /**
     * @param other another address prefix
     * @return true when this one matches every address {@code other} matches, whatever the tags expand to
     */
    public boolean covers(AddressPrefix other) {
        if (prefix != null && prefix.length() == 0) {
            return true;
        }
        if (tag != null) {
            return tag == other.tag;
        }
        return other.prefix != null && prefix.covers(other.prefix);
    }

    @Override
    public String toString() {
        return tag != null ? tag.label() : prefix.length() == 0 ? "*" : prefix.toString();
    }
}
