package io.asyn2f.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BasicLoginThrottleTests {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    private final List<String> refusals = new ArrayList<>();
    private final BasicLoginThrottle throttle = new BasicLoginThrottle(
            new BasicLoginAttempts(2, Duration.ofMinutes(5), CLOCK), "too many failed logins",
            (request, response, detail) -> {
                response.setStatus(429);
                refusals.add(detail);
            });
    private int reachedChain;

    @Test
    void shouldRefuseWith429AndRetryAfterOnceTheFailuresReachTheLimitWithoutAskingTheChain() throws Exception {
        assertThat(send(credentialed("admin", "10.0.0.1"), 401).getStatus()).isEqualTo(401);
        assertThat(send(credentialed("admin", "10.0.0.1"), 401).getStatus()).isEqualTo(401);

        MockHttpServletResponse refused = send(credentialed("admin", "10.0.0.2"), 200);

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("300");
        assertThat(refusals).containsExactly("too many failed logins; try again in 300 s");
        assertThat(reachedChain).isEqualTo(2);
    }

    @Test
    void shouldLetASuccessClearTheFailures() throws Exception {
        send(credentialed("admin", "10.0.0.1"), 401);
        send(credentialed("admin", "10.0.0.1"), 200);
        send(credentialed("admin", "10.0.0.1"), 401);

        assertThat(send(credentialed("admin", "10.0.0.1"), 200).getStatus()).isEqualTo(200);
        assertThat(refusals).isEmpty();
    }

    @Test
    void shouldCountNeitherRequestsWithoutCredentialsNorDispatchesOtherThanTheRequestItself() throws Exception {
        for (int i = 0; i < 3; i++) {
            send(new MockHttpServletRequest("GET", "/api/v1/sessions"), 401);
            MockHttpServletRequest errorDispatch = credentialed("admin", "10.0.0.1");
            errorDispatch.setDispatcherType(DispatcherType.ERROR);
            send(errorDispatch, 401);
        }

        assertThat(send(credentialed("admin", "10.0.0.1"), 200).getStatus()).isEqualTo(200);
        assertThat(refusals).isEmpty();
        assertThat(reachedChain).isEqualTo(7);
    }

    private MockHttpServletResponse send(MockHttpServletRequest request, int status) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        FilterChain chain = (req, res) -> {
            reachedChain++;
            ((HttpServletResponse) res).setStatus(status);
        };
        throttle.doFilter(request, response, chain);
        return response;
    }

    private static MockHttpServletRequest credentialed(String username, String address) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/sessions");
        request.setRemoteAddr(address);
        request.addHeader("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((username + ":wrong").getBytes(StandardCharsets.UTF_8)));
        return request;
    }
}
