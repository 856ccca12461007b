package oem.kit.tool;

import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.Prerequisite;
import java.security.PrivateKey;
import java.util.List;
import java.util.Set;
import oem.kit.DescriptorJson;
import oem.kit.Ed25519;
import oem.kit.PackageFormat;
import oem.kit.Sha256;

/**
 * Builds {@code .fwpkg} files: correct ones signed with a vendor's key, and, for tests, broken ones
 * (unsigned, signed by another key, altered payload or manifest).
 */
public final class PackageBuilder {

    private PackageDescriptor descriptor;
    private byte[] payload;
    private PrivateKey key;
    private boolean tamperPayload;
    private boolean tamperManifestAfterSigning;

    private PackageBuilder(PackageDescriptor descriptor, byte[] payload) {
        this.descriptor = descriptor;
        this.payload = payload;
    }

    /**
     * @param entry a catalog entry
     * @return a builder for that package with its sample payload
     */
    public static PackageBuilder of(PackageDescriptor entry) {
        return new PackageBuilder(entry, SamplePayloads.of(entry.packageId(), entry.payloadSize()));
    }

    /**
     * A descriptor with a sample payload of 4 KiB, its SHA-256 filled in.
     *
     * @param vendor the vendor key
     * @param packageId the package name
     * @param component the component key
     * @param version the version
     * @param models the models
     * @param prerequisites the prerequisites
     * @return the descriptor
     */
    public static PackageDescriptor describe(String vendor, String packageId, String component, String version,
            Set<String> models, List<Prerequisite> prerequisites) {
        byte[] payload = SamplePayloads.of(packageId, 4096);
        return new PackageDescriptor(vendor, packageId, component, FirmwareVersion.of(version), models,
                Sha256.hex(payload), payload.length, prerequisites, true, java.time.Duration.ofSeconds(120));
    }

    /**
     * @param key the private key to sign the manifest with
     * @return this builder
     */
    public PackageBuilder signedWith(PrivateKey key) {
        this.key = key;
        return this;
    }

    /** @return this builder, flipping a byte of the payload after the manifest names its digest */
    public PackageBuilder tamperedPayload() {
        this.tamperPayload = true;
        return this;
    }

    /** @return this builder, changing the manifest after it was signed */
    public PackageBuilder tamperedManifest() {
        this.tamperManifestAfterSigning = true;
        return this;
    }

    /** @return the package file's content */
    public byte[] build() {
        byte[] manifest = DescriptorJson.manifest(descriptor);
        byte[] signature = key == null ? null : Ed25519.sign(key, manifest);
        if (tamperManifestAfterSigning) {
            String text = new String(manifest, java.nio.charset.StandardCharsets.UTF_8);
            manifest = text.replace("\"reversible\" : " + descriptor.reversible(), "\"reversible\" : "
                    + !descriptor.reversible()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        byte[] image = payload.clone();
        if (tamperPayload) {
            image[image.length / 2] ^= 0x5A;
        }
        return PackageFormat.write(manifest, image, signature);
    }
}
