package oem.kit.tool;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The sample firmware images of the sample catalogs: deterministic bytes derived from the package's
 * name, so a test can rebuild the exact payload a catalog entry's SHA-256 names.
 */
public final class SamplePayloads {

    private SamplePayloads() {
    }

    /**
     * @param packageId the package's name
     * @param size the size in bytes
     * @return the image: a header line naming the package, then seeded pseudo-random bytes
     */
    public static byte[] of(String packageId, long size) {
        byte[] image = new byte[Math.toIntExact(size)];
        byte[] header = ("SAMPLE FIRMWARE IMAGE " + packageId + "\n").getBytes(StandardCharsets.US_ASCII);
        SplittableRandom random = new SplittableRandom(packageId.hashCode());
        for (int i = 0; i < image.length; i++) {
            image[i] = i < header.length ? header[i] : (byte) random.nextInt(256);
        }
        return image;
    }
}
