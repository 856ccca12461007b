package oem.kit;

import fabric.api.oem.FirmwareCatalog;
import fabric.api.oem.FirmwareValidator;
import fabric.api.oem.HardwareProfile;
import fabric.api.oem.UpdateSequencer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The one component of a vendor bundle: at activation it loads the bundle's {@code OEM-INF/} data
 * ({@link VendorData}) and registers the vendor's OEM services, each with the vendor property, one
 * {@link HardwareProfile} per model; at deactivation it unregisters them. A vendor bundle either
 * subclasses it with a DS-annotated class or names it in its component XML with
 * {@code activate="activate"} and {@code deactivate="deactivate"}.
 */
public class VendorComponent {

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private volatile VendorData data;

    /**
     * Loads the bundle's data and registers the services.
     *
     * @param context the vendor bundle's context
     */
    public void activate(BundleContext context) {
        VendorData loaded = VendorData.load(name -> {
            URL url = context.getBundle().getEntry(VendorData.FOLDER + name);
            if (url == null) {
                return null;
            }
            try (InputStream in = url.openStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        data = loaded;
        for (ProfileData profile : loaded.profiles()) {
            Dictionary<String, Object> props = props(loaded.vendor());
            props.put(HardwareProfile.MODEL, profile.model());
            registrations.add(context.registerService(HardwareProfile.class, profile, props));
        }
        registrations.add(context.registerService(FirmwareCatalog.class, loaded.catalog(), props(loaded.vendor())));
        registrations.add(context.registerService(FirmwareValidator.class, new SignedPackageValidator(loaded.vendor(),
                loaded.publicKey(), loaded.profiles()), props(loaded.vendor())));
        registrations.add(context.registerService(UpdateSequencer.class, new RuleSequencer(loaded.vendor(),
                loaded.rules()), props(loaded.vendor())));
    }

    private static Dictionary<String, Object> props(String vendor) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HardwareProfile.VENDOR, vendor);
        return props;
    }

    /** Unregisters every service. */
    public void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // Gone with the bundle already.
            }
        }
        registrations.clear();
    }

    /** @return the data loaded at activation, or {@code null} before */
    public VendorData data() {
        return data;
    }
}
