package fabric.lifecycle.internal;

import fabric.api.oem.FirmwareCatalog;
import fabric.api.oem.FirmwareValidator;
import fabric.api.oem.HardwareProfile;
import fabric.api.oem.UpdateSequencer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The OEM services present now, grouped by vendor key (the {@link HardwareProfile#VENDOR} service
 * property). Services are added and removed as bundles come and go; each change publishes a new
 * {@link Vendor} handle and invalidates the previous one. Reads are lock-free (a volatile immutable
 * map); changes are serialised.
 */
final class ProviderRegistry {

    /** What one vendor has registered, mutable under the registry's lock only. */
    private static final class Parts {
        String bundle = "";
        final Map<Object, HardwareProfile> profiles = new HashMap<>();
        final List<FirmwareValidator> validators = new ArrayList<>();
        final List<UpdateSequencer> sequencers = new ArrayList<>();
        final List<FirmwareCatalog> catalogs = new ArrayList<>();

        boolean isEmpty() {
            return profiles.isEmpty() && validators.isEmpty() && sequencers.isEmpty() && catalogs.isEmpty();
        }
    }

    private final Map<String, Parts> parts = new HashMap<>();
    private volatile Map<String, Vendor> vendors = Map.of();

    /** @param profile a profile; @param vendor its vendor key; @param bundle the registering bundle */
    synchronized void addProfile(HardwareProfile profile, String vendor, String bundle) {
        change(vendor, bundle, p -> p.profiles.put(profile, profile));
    }

    synchronized void removeProfile(HardwareProfile profile, String vendor) {
        change(vendor, null, p -> p.profiles.remove(profile));
    }

    synchronized void addValidator(FirmwareValidator validator, String vendor, String bundle) {
        change(vendor, bundle, p -> p.validators.add(validator));
    }

    synchronized void removeValidator(FirmwareValidator validator, String vendor) {
        change(vendor, null, p -> p.validators.remove(validator));
    }

    synchronized void addSequencer(UpdateSequencer sequencer, String vendor, String bundle) {
        change(vendor, bundle, p -> p.sequencers.add(sequencer));
    }

    synchronized void removeSequencer(UpdateSequencer sequencer, String vendor) {
        change(vendor, null, p -> p.sequencers.remove(sequencer));
    }

    synchronized void addCatalog(FirmwareCatalog catalog, String vendor, String bundle) {
        change(vendor, bundle, p -> p.catalogs.add(catalog));
    }

    synchronized void removeCatalog(FirmwareCatalog catalog, String vendor) {
        change(vendor, null, p -> p.catalogs.remove(catalog));
    }

    private void change(String vendor, String bundle, java.util.function.Consumer<Parts> edit) {
        if (vendor == null) {
            return; // A service without the vendor property is not an OEM provider's.
        }
        Parts p = parts.computeIfAbsent(vendor, v -> new Parts());
        if (bundle != null) {
            p.bundle = bundle;
        }
        edit.accept(p);
        Map<String, Vendor> next = new TreeMap<>(vendors);
        Vendor old = next.remove(vendor);
        if (p.isEmpty()) {
            parts.remove(vendor);
        } else {
            Map<String, HardwareProfile> byModel = new TreeMap<>();
            for (HardwareProfile profile : p.profiles.values()) {
                byModel.putIfAbsent(profile.model(), profile);
            }
            next.put(vendor, new Vendor(vendor, p.bundle, byModel, first(p.validators), first(p.sequencers),
                    first(p.catalogs)));
        }
        vendors = Map.copyOf(next);
        if (old != null) {
            old.invalidate();
        }
    }

    private static <T> T first(List<T> list) {
        return list.isEmpty() ? null : list.get(0);
    }

    /** @return every vendor with at least one service, by key */
    List<Vendor> vendors() {
        return List.copyOf(new TreeMap<>(vendors).values());
    }

    /**
     * @param key a vendor key
     * @return its handle, when it has registered every service a vendor must offer
     */
    Optional<Vendor> complete(String key) {
        Vendor v = vendors.get(key);
        return v != null && v.complete() ? Optional.of(v) : Optional.empty();
    }
}
