package fabric.api.oem;

/** Why a {@link FirmwareValidator} rejects a firmware package. */
public enum ValidationReason {
    /** The package has no signature. */
    UNSIGNED,
    /** The signature does not verify with the vendor's public key (wrong key or altered manifest). */
    BAD_SIGNATURE,
    /** The manifest names another vendor than the validator's. */
    WRONG_VENDOR,
    /** The payload's SHA-256 or size differs from the manifest's (the payload was altered). */
    PAYLOAD_MISMATCH,
    /** The package does not list the node's model. */
    WRONG_MODEL,
    /** The node's model has no component with the package's component key. */
    UNKNOWN_COMPONENT,
    /** The target baseline does not certify the package's version for its component. */
    UNCERTIFIED_VERSION,
    /** The package's version is older than the installed one and downgrades were not allowed. */
    DOWNGRADE,
    /** Another component of the node is older than the package requires. */
    MISSING_PREREQUISITE
}
