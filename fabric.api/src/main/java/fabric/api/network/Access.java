package fabric.api.network;

/** What a security rule does with the traffic it matches. */
public enum Access {
    /** Let it through. */
    ALLOW,
    /** Drop it. */
    DENY
}
