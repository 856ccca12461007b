package oem.kit;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Ed25519 with the JDK's own provider (Java 15+): keys as Base64 text, signing and verifying. */
public final class Ed25519 {

    /** The length of an Ed25519 signature in bytes. */
    public static final int SIGNATURE_LENGTH = 64;

    private Ed25519() {
    }

    /**
     * @param text a public key: Base64 of its X.509 SubjectPublicKeyInfo, blank lines and lines
     *        starting with '#' or '-----' ignored (so a PEM file works)
     * @return the key
     * @throws IllegalArgumentException when the text is no Ed25519 public key
     */
    public static PublicKey publicKey(String text) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(base64(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /**
     * @param text a private key: Base64 of its PKCS#8 encoding, as {@link #publicKey(String)}
     * @return the key
     * @throws IllegalArgumentException when the text is no Ed25519 private key
     */
    public static PrivateKey privateKey(String text) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(base64(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    private static byte[] base64(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#") && !l.startsWith("-----")) {
                b.append(l);
            }
        }
        return Base64.getDecoder().decode(b.toString());
    }

    /**
     * @param seed a seed; the same seed gives the same key pair (for tests and fixtures)
     * @return a new key pair
     */
    public static KeyPair generate(String seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed.getBytes(StandardCharsets.UTF_8));
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /**
     * @param key a public or private key
     * @return its encoding as Base64 text, the form {@link #publicKey(String)} and {@link #privateKey(String)} read
     */
    public static String text(java.security.Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * @param key a private key
     * @param data the bytes to sign
     * @return the signature, {@value #SIGNATURE_LENGTH} bytes
     */
    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /**
     * @param key a public key
     * @param data the signed bytes
     * @param signature the signature
     * @return whether the signature is the key's over exactly these bytes
     */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (SignatureException | InvalidKeyException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }
}
