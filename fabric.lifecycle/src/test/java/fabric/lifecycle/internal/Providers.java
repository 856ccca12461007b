package fabric.lifecycle.internal;

import fabric.api.oem.FirmwareValidator;
import fabric.api.oem.UpdateSequencer;
import oem.kit.ProfileData;
import oem.kit.RuleSequencer;
import oem.kit.SignedPackageValidator;
import oem.kit.VendorData;
import oem.kit.tool.VendorFixture;

/** Registers a vendor's real data into a registry by hand, as its bundle would, and withdraws it. */
final class Providers {

    static final VendorFixture DELL = VendorFixture.load(Providers.class.getClassLoader());

    record Registered(VendorData data, FirmwareValidator validator, UpdateSequencer sequencer) {
        void withdraw(ProviderRegistry registry) {
            for (ProfileData p : data.profiles()) {
                registry.removeProfile(p, data.vendor());
            }
            registry.removeCatalog(data.catalog(), data.vendor());
            registry.removeValidator(validator, data.vendor());
            registry.removeSequencer(sequencer, data.vendor());
        }
    }

    private Providers() {
    }

    static Registered register(ProviderRegistry registry, VendorData data) {
        String bundle = "oem." + data.vendor() + " 1.0.0";
        for (ProfileData p : data.profiles()) {
            registry.addProfile(p, data.vendor(), bundle);
        }
        registry.addCatalog(data.catalog(), data.vendor(), bundle);
        FirmwareValidator validator = new SignedPackageValidator(data.vendor(), data.publicKey(), data.profiles());
        UpdateSequencer sequencer = new RuleSequencer(data.vendor(), data.rules());
        registry.addValidator(validator, data.vendor(), bundle);
        registry.addSequencer(sequencer, data.vendor(), bundle);
        return new Registered(data, validator, sequencer);
    }
}
