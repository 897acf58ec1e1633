package io.asyn2f.registry.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Refresh credentials: 256 random bits, handed out once; only their SHA-256 is stored, so a database dump does not
 * let anyone refresh.
 */
public final class RefreshCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RefreshCredentials() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lower-case hex SHA-256 of the credential. */
    public static String hash(String credential) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Constant-time comparison of a presented credential with a stored hash. */
    public static boolean matches(String credential, String storedHash) {
        if (credential == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(credential).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
