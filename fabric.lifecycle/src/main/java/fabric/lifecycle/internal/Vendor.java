package fabric.lifecycle.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.oem.FirmwareCatalog;
import fabric.api.oem.FirmwareValidator;
import fabric.api.oem.HardwareProfile;
import fabric.api.oem.UpdateSequencer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A handle on one vendor's OEM services as they were registered at one moment. When any of the
 * vendor's services goes away the registry invalidates the handle: every later call through it
 * fails fast with {@code UNAVAILABLE}, so a result from a stopped provider is never used.
 */
final class Vendor {

    private final String key;
    private final String bundle;
    private final Map<String, HardwareProfile> profiles;
    private final FirmwareValidator validator;
    private final UpdateSequencer sequencer;
    private final FirmwareCatalog catalog;
    private final AtomicBoolean valid = new AtomicBoolean(true);

    Vendor(String key, String bundle, Map<String, HardwareProfile> profiles, FirmwareValidator validator,
            UpdateSequencer sequencer, FirmwareCatalog catalog) {
        this.key = key;
        this.bundle = bundle;
        this.profiles = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(profiles));
        this.validator = validator;
        this.sequencer = sequencer;
        this.catalog = catalog;
    }

    String key() {
        return key;
    }

    String bundle() {
        return bundle;
    }

    /** @return whether every service a vendor must offer is there */
    boolean complete() {
        return !profiles.isEmpty() && validator != null && sequencer != null && catalog != null;
    }

    void invalidate() {
        valid.set(false);
    }

    boolean isValid() {
        return valid.get();
    }

    private void check() {
        if (!valid.get()) {
            throw new FabricException(ErrorCode.UNAVAILABLE, "provider " + key + " was withdrawn; waiting for"
                    + " provider " + key);
        }
    }

    Map<String, HardwareProfile> profiles() {
        check();
        return profiles;
    }

    Optional<HardwareProfile> profile(String model) {
        check();
        return Optional.ofNullable(profiles.get(model));
    }

    FirmwareValidator validator() {
        check();
        return require(validator, "firmware validator");
    }

    UpdateSequencer sequencer() {
        check();
        return require(sequencer, "update sequencer");
    }

    FirmwareCatalog catalog() {
        check();
        return require(catalog, "firmware catalog");
    }

    /** @return the raw parts, for listing, without the validity check */
    boolean hasValidator() {
        return validator != null;
    }

    boolean hasSequencer() {
        return sequencer != null;
    }

    String sequencingSummary() {
        return sequencer == null ? "" : sequencer.summary();
    }

    FirmwareCatalog catalogOrNull() {
        return catalog;
    }

    Map<String, HardwareProfile> profilesUnchecked() {
        return profiles;
    }

    private <T> T require(T service, String what) {
        if (service == null) {
            throw new FabricException(ErrorCode.UNAVAILABLE, "provider " + key + " has no " + what
                    + " registered; waiting for provider " + key);
        }
        return service;
    }
}
