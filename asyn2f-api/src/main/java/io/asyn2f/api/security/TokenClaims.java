package io.asyn2f.api.security;

/**
 * The JWT contract between the registry (which signs tokens) and every service that validates them.
 *
 * <p>A worker token's subject is the worker id; a service token's subject is the service's name. Tokens are signed
 * with ES256, short-lived, and carry:
 */
public final class TokenClaims {

    /** Issuer of every asyn2f token. */
    public static final String ISSUER = "asyn2f-registry";

    /** Audience of every asyn2f token. */
    public static final String AUDIENCE = "asyn2f";

    /** The session a worker token is bound to (absent on service tokens). */
    public static final String SESSION = "sid";

    /** {@code trainer}, {@code tester} or {@code service}. */
    public static final String ROLE = "role";

    /** The session's upload limit in bytes, so the storage-gateway can enforce it without a lookup. */
    public static final String UPLOAD_LIMIT = "upload_limit";

    public static final String ROLE_TRAINER = "trainer";
    public static final String ROLE_TESTER = "tester";
    public static final String ROLE_SERVICE = "service";

    private TokenClaims() {
    }
}
