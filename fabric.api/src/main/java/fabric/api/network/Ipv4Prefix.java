package fabric.api.network;

import java.util.Objects;

/**
 * An IPv4 CIDR prefix such as {@code 10.0.0.0/16}; {@code 0.0.0.0/0} is every address.
 *
 * @param address the network address (host bits must be zero)
 * @param length the prefix length, 0-32
 */
public record Ipv4Prefix(Ipv4Address address, int length) {

    /** Every IPv4 address. */
    public static final Ipv4Prefix ANY = new Ipv4Prefix(new Ipv4Address(0), 0);

    /** Validates the length and that no host bit is set. */
    public Ipv4Prefix {
        Objects.requireNonNull(address, "address");
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is not 0-32");
        }
        if ((address.value() & ~mask(length)) != 0) {
            throw new IllegalArgumentException("prefix " + address + "/" + length + " has host bits set");
        }
    }

    /**
     * @param text {@code a.b.c.d/len}, or a bare address meaning {@code /32}, or {@code *} for every address
     * @return the prefix
     * @throws IllegalArgumentException when the text is not a prefix
     */
    public static Ipv4Prefix parse(String text) {
        String t = text.strip();
        if (t.equals("*") || t.equalsIgnoreCase("any")) {
            return ANY;
        }
        int slash = t.indexOf('/');
        if (slash < 0) {
            return new Ipv4Prefix(Ipv4Address.parse(t), 32);
        }
        int len;
        try {
            len = Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR prefix: '" + text + "'", e);
        }
        return new Ipv4Prefix(Ipv4Address.parse(t.substring(0, slash)), len);
    }

    /**
     * @param length a prefix length, 0-32
     * @return the network mask as an int
     */
    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /**
     * @param ip an address as an int
     * @return true when the address is inside this prefix
     */
    public boolean contains(int ip) {
        return (ip & mask(length)) == address.value();
    }

    /**
     * @param other another prefix
     * @return true when every address of {@code other} is inside this prefix
     */
    public boolean covers(Ipv4Prefix other) {
        return other.length >= length && contains(other.address.value());
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}
