package oem.kit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lower-case hexadecimal, the form manifests carry. */
public final class Sha256 {

    private Sha256() {
    }

    /**
     * @param data bytes
     * @return their SHA-256, 64 lower-case hexadecimal digits
     */
    public static String hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
