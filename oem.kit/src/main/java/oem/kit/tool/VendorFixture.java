package oem.kit.tool;

import fabric.api.core.NodeId;
import fabric.api.oem.CertifiedBaseline;
import fabric.api.oem.FirmwarePackage;
import fabric.api.oem.HardwareComponent;
import fabric.api.oem.InstalledFirmware;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.PowerState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import oem.kit.Ed25519;
import oem.kit.PackageFormat;
import oem.kit.ProfileData;
import oem.kit.VendorData;

/**
 * A vendor's data and test signing key read from a class path (a vendor bundle's main and test
 * resources), with helpers to make inventories and packages in tests.
 */
public final class VendorFixture {

    private final VendorData data;
    private final PrivateKey key;

    private VendorFixture(VendorData data, PrivateKey key) {
        this.data = data;
        this.key = key;
    }

    /**
     * @param loader a class loader seeing {@code OEM-INF/} and {@code signing-key.pk8}
     * @return the fixture
     */
    public static VendorFixture load(ClassLoader loader) {
        VendorData data = VendorData.load(name -> read(loader, VendorData.FOLDER + name));
        byte[] pk = read(loader, "signing-key.pk8");
        return new VendorFixture(data, pk == null ? null : Ed25519.privateKey(new String(pk, StandardCharsets.UTF_8)));
    }

    private static byte[] read(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the vendor's data */
    public VendorData data() {
        return data;
    }

    /** @return the vendor's test signing key */
    public PrivateKey key() {
        return key;
    }

    /**
     * @param model a model
     * @return its profile
     */
    public ProfileData profile(String model) {
        return data.profiles().stream().filter(p -> p.model().equals(model)).findFirst().orElseThrow();
    }

    /**
     * @param node a node name
     * @param model its model
     * @param baseline the baseline its components run
     * @return the inventory, powered on, nothing staged
     */
    public NodeInventory inventory(String node, String model, String baseline) {
        ProfileData profile = profile(model);
        CertifiedBaseline b = profile.baseline(baseline).orElseThrow();
        List<InstalledFirmware> components = new ArrayList<>();
        for (HardwareComponent c : profile.components()) {
            components.add(new InstalledFirmware(c.id(), c.kind(), b.versions().get(c.id()), null, null));
        }
        return new NodeInventory(NodeId.of(node), data.vendor(), model, components, PowerState.ON, 1);
    }

    /**
     * @param model a model
     * @param baseline a baseline
     * @return the catalog packages bringing the model's components to that baseline, in component order
     */
    public List<PackageDescriptor> packagesFor(String model, String baseline) {
        ProfileData profile = profile(model);
        CertifiedBaseline b = profile.baseline(baseline).orElseThrow();
        List<PackageDescriptor> packages = new ArrayList<>();
        for (HardwareComponent c : profile.components()) {
            data.catalog().find(model, c.id(), b.versions().get(c.id())).ifPresent(packages::add);
        }
        return packages;
    }

    /**
     * @param componentId a component
     * @param version a version
     * @return the catalog entry
     */
    public PackageDescriptor entry(String componentId, String version) {
        return data.catalog().packages().stream().filter(p -> p.componentId().equals(componentId)
                && p.version().value().equals(version)).findFirst().orElseThrow();
    }

    /**
     * @param entry a catalog entry
     * @return the package, correctly signed, as read back from its file
     */
    public FirmwarePackage signed(PackageDescriptor entry) {
        return PackageFormat.read(entry.packageId() + ".fwpkg", PackageBuilder.of(entry).signedWith(key).build());
    }
}
