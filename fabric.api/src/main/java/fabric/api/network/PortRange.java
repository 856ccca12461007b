package fabric.api.network;

/**
 * A range of TCP/UDP ports, both ends included. Protocols without ports are matched as port 0.
 *
 * @param from the first port, 0-65535
 * @param to the last port, from-65535
 */
public record PortRange(int from, int to) {

    /** Every port. */
    public static final PortRange ANY = new PortRange(0, 65535);

    /** Validates the bounds. */
    public PortRange {
        if (from < 0 || to > 65535 || from > to) {
            throw new IllegalArgumentException("port range " + from + "-" + to + " is not within 0-65535 in order");
        }
    }

    /**
     * @param text {@code *}, a port such as {@code 443}, or a range such as {@code 1024-65535}
     * @return the range
     * @throws IllegalArgumentException when the text is not a port range
     */
    public static PortRange parse(String text) {
        String t = text.strip();
        if (t.equals("*") || t.equalsIgnoreCase("any")) {
            return ANY;
        }
        try {
            int dash = t.indexOf('-');
            if (dash < 0) {
                int p = Integer.parseInt(t);
                return new PortRange(p, p);
            }
            return new PortRange(Integer.parseInt(t.substring(0, dash).strip()), Integer.parseInt(t.substring(dash + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port range: '" + text + "'", e);
        }
    }

    /**
     * @param other another range
     * @return true when every port of {@code other} is in this range
     */
    public boolean covers(PortRange other) {
        return from <= other.from && to >= other.to;
    }

    @Override
    public String toString() {
        return from == 0 && to == 65535 ? "*" : from == to ? Integer.toString(from) : from + "-" + to;
    }
}
