package oem.kit;

import fabric.api.core.FabricException;
import fabric.api.oem.FirmwarePackage;
import fabric.api.oem.PackageDescriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The {@code .fwpkg} file format (see {@link FirmwarePackage}): a ZIP archive with
 * {@code manifest.json}, {@code payload.bin} and, when signed, {@code manifest.sig}. Reading checks
 * form only and rejects, with a message naming the file and the problem: a file that is not a ZIP
 * archive, a missing, duplicated, unknown, nested or oversized entry, a signature of the wrong length
 * and a manifest that is not a valid descriptor.
 */
public final class PackageFormat {

    /** The manifest entry. */
    public static final String MANIFEST = "manifest.json";
    /** The payload entry. */
    public static final String PAYLOAD = "payload.bin";
    /** The detached signature entry. */
    public static final String SIGNATURE = "manifest.sig";
    /** The largest payload accepted. */
    public static final long MAX_PAYLOAD = 256L << 20;
    private static final long MAX_MANIFEST = 64 << 10;

    private PackageFormat() {
    }

    /**
     * @param name the file's name, for messages
     * @param bytes the file's content
     * @return the package, not yet validated
     * @throws FabricException {@code INVALID_ARGUMENT} naming the file and what is malformed
     */
    public static FirmwarePackage read(String name, byte[] bytes) {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String n = entry.getName();
                if (!n.equals(MANIFEST) && !n.equals(PAYLOAD) && !n.equals(SIGNATURE)) {
                    throw malformed(name, "unexpected entry '" + n + "' (a package holds " + MANIFEST + ", " + PAYLOAD
                            + " and optionally " + SIGNATURE + ")");
                }
                if (entries.containsKey(n)) {
                    throw malformed(name, "entry '" + n + "' appears twice");
                }
                long limit = n.equals(PAYLOAD) ? MAX_PAYLOAD : MAX_MANIFEST;
                entries.put(n, readLimited(zip, limit, name, n));
            }
        } catch (ZipException e) {
            throw malformed(name, "not a firmware package (ZIP): " + e.getMessage());
        } catch (IOException e) {
            throw malformed(name, "unreadable: " + e.getMessage());
        }
        if (entries.isEmpty()) {
            throw malformed(name, "not a firmware package (no ZIP entries)");
        }
        byte[] manifest = entries.get(MANIFEST);
        if (manifest == null) {
            throw malformed(name, "no " + MANIFEST);
        }
        byte[] payload = entries.get(PAYLOAD);
        if (payload == null) {
            throw malformed(name, "no " + PAYLOAD);
        }
        byte[] signature = entries.get(SIGNATURE);
        if (signature != null && signature.length != Ed25519.SIGNATURE_LENGTH) {
            throw malformed(name, SIGNATURE + " has " + signature.length + " bytes, an Ed25519 signature has "
                    + Ed25519.SIGNATURE_LENGTH);
        }
        PackageDescriptor descriptor = DescriptorJson.parse(name + ": " + MANIFEST, manifest);
        return new FirmwarePackage(descriptor, manifest, payload, signature);
    }

    private static byte[] readLimited(ZipInputStream zip, long limit, String name, String entry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = zip.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > limit) {
                throw malformed(name, "entry '" + entry + "' is larger than " + limit + " bytes");
            }
        }
        return out.toByteArray();
    }

    private static FabricException malformed(String name, String reason) {
        return FabricException.invalid(name, reason);
    }

    /**
     * @param manifest the manifest bytes
     * @param payload the payload
     * @param signature the signature, or {@code null} for an unsigned package
     * @return the package file's content
     */
    public static byte[] write(byte[] manifest, byte[] payload, byte[] signature) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, MANIFEST, manifest);
            put(zip, PAYLOAD, payload);
            if (signature != null) {
                put(zip, SIGNATURE, signature);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(0);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
