package io.asyn2f.registry.system;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates registration requests by the enrollment secret ({@code Authorization: Bearer <secret>}), compared
 * in constant time. Requests without it stay anonymous and are refused by the authorization rules.
 */
final class EnrollmentAuthenticationFilter extends OncePerRequestFilter {

    static final String AUTHORITY = "ROLE_ENROLLMENT";
    private static final String BEARER = "Bearer ";

    private final byte[] secretDigest;

    EnrollmentAuthenticationFilter(String enrollmentSecret) {
        this.secretDigest = StaticCredentialsAuthenticationProvider.digest(enrollmentSecret);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            byte[] presented = StaticCredentialsAuthenticationProvider.digest(header.substring(BEARER.length()).trim());
            if (MessageDigest.isEqual(secretDigest, presented)) {
                SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("enrollment", null,
                        List.of(new SimpleGrantedAuthority(AUTHORITY))));
                SecurityContextHolder.getContextHolderStrategy().setContext(context);
            }
        }
        chain.doFilter(request, response);
    }
}
