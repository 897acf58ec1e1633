package io.asyn2f.registry.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * HTTP Basic against names and secrets from configuration. Secrets are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so neither their content nor their length shows in the response time.
 */
final class StaticCredentialsAuthenticationProvider implements AuthenticationProvider {

    private static final byte[] NO_SECRET = digest("\u0000no-such-client");

    private final Map<String, byte[]> secretDigests = new HashMap<>();
    private final String authority;

    StaticCredentialsAuthenticationProvider(Map<String, String> secrets, String authority) {
        secrets.forEach((name, secret) -> secretDigests.put(name, digest(secret)));
        this.authority = authority;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String name = authentication.getName();
        Object credentials = authentication.getCredentials();
        byte[] expected = secretDigests.getOrDefault(name, NO_SECRET);
        boolean matches = MessageDigest.isEqual(expected, digest(credentials == null ? "" : credentials.toString()));
        if (!matches || !secretDigests.containsKey(name)) {
            throw new BadCredentialsException("bad credentials");
        }
        return UsernamePasswordAuthenticationToken.authenticated(name, null,
                List.of(new SimpleGrantedAuthority(authority)));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
