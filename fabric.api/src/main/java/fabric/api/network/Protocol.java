package fabric.api.network;

/** The IP protocol a security rule matches. */
public enum Protocol {
    /** Every protocol. */
    ANY(-1),
    /** TCP. */
    TCP(6),
    /** UDP. */
    UDP(17),
    /** ICMP. */
    ICMP(1);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    /** @return the IP protocol number, -1 for {@link #ANY} */
    public int number() {
        return number;
    }

    /**
     * @param number an IP protocol number
     * @return the protocol, or {@link #ANY} for a number without a constant
     */
    public static Protocol of(int number) {
        for (Protocol p : values()) {
            if (p.number == number) {
                return p;
            }
        }
        return ANY;
    }
}
