package io.asyn2f.api.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Identifies a network architecture: the sha-256 of its canonical descriptor (for example
 * {@code "mlp:784-128-10"}). Two blobs with equal fingerprints have the same parameter layout.
 */
public final class ArchitectureFingerprint {

    /** Length of a fingerprint in bytes. */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private ArchitectureFingerprint(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The fingerprint of a canonical architecture descriptor. */
    public static ArchitectureFingerprint of(String descriptor) {
        Objects.requireNonNull(descriptor, "descriptor");
        return new ArchitectureFingerprint(sha256().digest(descriptor.getBytes(StandardCharsets.UTF_8)));
    }

    /** A fingerprint from its {@link #LENGTH} raw bytes (as stored in a blob header). */
    public static ArchitectureFingerprint fromBytes(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a fingerprint has " + LENGTH + " bytes, got " + bytes.length);
        }
        return new ArchitectureFingerprint(bytes.clone());
    }

    /** A fingerprint from its 64-character hex form. */
    public static ArchitectureFingerprint fromHex(String hex) {
        return fromBytes(HexFormat.of().parseHex(hex));
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ArchitectureFingerprint that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
