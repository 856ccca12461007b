package fabric.api.network;

/**
 * An IPv4 address.
 *
 * @param value the address as a 32-bit int in network order ({@code 10.0.0.1} is {@code 0x0A000001})
 */
public record Ipv4Address(int value) {

    /**
     * @param text dotted-quad text such as {@code 10.0.0.1}
     * @return the address
     * @throws IllegalArgumentException when the text is not an IPv4 address
     */
    public static Ipv4Address parse(String text) {
        String[] parts = text.strip().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        }
        int v = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = p.isEmpty() || p.length() > 3 ? -1 : Integer.parseInt(p);
            } catch (NumberFormatException e) {
                octet = -1;
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
            v = v << 8 | octet;
        }
        return new Ipv4Address(v);
    }

    @Override
    public String toString() {
        return (value >>> 24) + "." + ((value >>> 16) & 0xFF) + "." + ((value >>> 8) & 0xFF) + "." + (value & 0xFF);
    }
}
