package io.asyn2f.aggregator.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.asyn2f.aggregator.config.AggregatorProperties;

/**
 * The one admin credential. A plain configured password is compared as a SHA-256 digest with
 * {@link MessageDigest#isEqual}, so neither its content nor its length shows in the response time; one with an
 * encoder prefix ({@code {bcrypt}...}, {@code {argon2}...}) goes through Spring Security's delegating encoder. The
 * user name is compared the same way, and both are always checked, so a wrong name answers as fast as a wrong
 * password.
 */
final class AdminCredentials implements AuthenticationProvider {

    private final byte[] usernameDigest;
    private final byte[] passwordDigest;
    private final String encodedPassword;
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    AdminCredentials(AggregatorProperties.Admin admin) {
        this.usernameDigest = digest(admin.username());
        boolean encoded = admin.password().startsWith("{") && admin.password().indexOf('}') > 1;
        this.encodedPassword = encoded ? admin.password() : null;
        this.passwordDigest = encoded ? null : digest(admin.password());
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String presented = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        boolean nameMatches = MessageDigest.isEqual(usernameDigest, digest(authentication.getName()));
        boolean passwordMatches = encodedPassword != null ? encoder.matches(presented, encodedPassword)
                : MessageDigest.isEqual(passwordDigest, digest(presented));
        if (!(nameMatches & passwordMatches)) {
            throw new BadCredentialsException("bad credentials");
        }
        return UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null,
                List.of(new SimpleGrantedAuthority("ROLE_" + AdminSecurityConfig.ADMIN_ROLE)));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
