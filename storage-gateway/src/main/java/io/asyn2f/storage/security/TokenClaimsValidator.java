package io.asyn2f.storage.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import io.asyn2f.api.security.TokenClaims;

/**
 * The asyn2f claims a token must carry ({@link TokenClaims}): a known role; for workers a safe worker id as subject
 * and a safe session id; {@code upload_limit}, when present, a non-negative whole number. Ids end up in object keys,
 * so a token that could spell a path is refused outright (401).
 */
final class TokenClaimsValidator implements OAuth2TokenValidator<Jwt> {

    private static final String SAFE_ID = "[A-Za-z0-9_-]{1,64}";
    private static final Set<String> ROLES = Set.of(TokenClaims.ROLE_TRAINER, TokenClaims.ROLE_TESTER,
            TokenClaims.ROLE_SERVICE);

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        List<OAuth2Error> errors = new ArrayList<>();
        Object role = jwt.getClaims().get(TokenClaims.ROLE);
        if (!(role instanceof String text) || !ROLES.contains(text)) {
            errors.add(invalid("the role claim must be one of " + ROLES));
        } else if (!TokenClaims.ROLE_SERVICE.equals(text)) {
            if (!isSafeId(jwt.getSubject())) {
                errors.add(invalid("a worker token's subject must be a worker id"));
            }
            if (!isSafeId(jwt.getClaims().get(TokenClaims.SESSION))) {
                errors.add(invalid("a worker token must carry a session id in the sid claim"));
            }
        } else if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            errors.add(invalid("a service token must name the service in its subject"));
        }
        Object limit = jwt.getClaims().get(TokenClaims.UPLOAD_LIMIT);
        if (limit != null && !(isWholeNumber(limit) && ((Number) limit).longValue() >= 0)) {
            errors.add(invalid("the upload_limit claim must be a non-negative whole number of bytes"));
        }
        return errors.isEmpty() ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(errors);
    }

    private static boolean isSafeId(Object value) {
        return value instanceof String text && text.matches(SAFE_ID);
    }

    private static boolean isWholeNumber(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    private static OAuth2Error invalid(String description) {
        return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null);
    }
}
