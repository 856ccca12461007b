package fabric.api.oem;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A firmware package as read from its file, not yet trusted: its manifest (parsed and as the exact
 * bytes that were signed), its payload and its detached signature, if any. Checking it is the
 * {@link FirmwareValidator}'s job; {@link FirmwarePackageReader} only guarantees that it is well formed.
 *
 * <p>The file format ({@code .fwpkg}) is a ZIP archive with exactly these entries:
 * <ul>
 * <li>{@code manifest.json}: the {@link PackageDescriptor} as JSON (UTF-8), with
 *     {@code "format": 1};</li>
 * <li>{@code payload.bin}: the firmware image;</li>
 * <li>{@code manifest.sig} (optional): the Ed25519 signature (64 bytes) of the bytes of
 *     {@code manifest.json}, made with the vendor's private key.</li>
 * </ul>
 * The manifest carries the SHA-256 of the payload, so the signature covers the payload too.
 *
 * @param descriptor the parsed manifest
 * @param manifest the manifest's bytes exactly as in the file, which the signature covers
 * @param payload the firmware image
 * @param signature the detached signature, or {@code null} when the package is unsigned
 */
public record FirmwarePackage(PackageDescriptor descriptor, byte[] manifest, byte[] payload, byte[] signature) {

    /** Checks the parts and copies the arrays. */
    public FirmwarePackage {
        Objects.requireNonNull(descriptor, "descriptor");
        manifest = manifest.clone();
        payload = payload.clone();
        signature = signature == null ? null : signature.clone();
    }

    /** @return a copy of the manifest's bytes */
    @Override
    public byte[] manifest() {
        return manifest.clone();
    }

    /** @return a copy of the payload */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** @return a copy of the signature, or {@code null} when unsigned */
    @Override
    public byte[] signature() {
        return signature == null ? null : signature.clone();
    }

    /** @return the signature, if the package is signed */
    public Optional<byte[]> signatureIfAny() {
        return Optional.ofNullable(signature());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FirmwarePackage p && descriptor.equals(p.descriptor) && Arrays.equals(manifest, p.manifest)
                && Arrays.equals(payload, p.payload) && Arrays.equals(signature, p.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(descriptor, Arrays.hashCode(manifest), Arrays.hashCode(payload), Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "FirmwarePackage[" + descriptor.label() + ", " + payload.length + " bytes, "
                + (signature == null ? "unsigned" : "signed") + "]";
    }
}
