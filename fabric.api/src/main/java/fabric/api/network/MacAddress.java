package fabric.api.network;

/**
 * An Ethernet MAC address.
 *
 * @param value the 48-bit address in the low bits of a long
 */
public record MacAddress(long value) {

    /** Validates the range. */
    public MacAddress {
        if ((value & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("MAC address wider than 48 bits: " + Long.toHexString(value));
        }
    }

    /**
     * @param text six hex bytes separated by ':' or '-', such as {@code 02:00:00:00:00:01}
     * @return the address
     * @throws IllegalArgumentException when the text is not a MAC address
     */
    public static MacAddress parse(String text) {
        String[] parts = text.strip().split("[:-]");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: '" + text + "'");
        }
        long v = 0;
        for (String p : parts) {
            if (p.length() != 2) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'");
            }
            try {
                v = v << 8 | Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'", e);
            }
        }
        return new MacAddress(v);
    }

    /** @return true for a group (multicast or broadcast) address */
    public boolean isMulticast() {
        return (value & 0x0100_0000_0000L) != 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int b = (int) (value >>> (i * 8)) & 0xFF;
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            if (i > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
