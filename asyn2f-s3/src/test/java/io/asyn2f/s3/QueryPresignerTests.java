package io.asyn2f.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;

/**
 * The local presigner against an independent implementation of the same algorithm: for the same instant, key, method
 * and signed headers, MinIO's client must produce the very same URL, signature included. (Its store accepting the
 * URLs is shown by the gateway's integration tests, which PUT and GET through them.)
 */
class QueryPresignerTests {

    private static final String ACCESS = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Pattern DATE = Pattern.compile("X-Amz-Date=(\\d{8}T\\d{6}Z)");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1:9000, us-east-1, GET, sessions/s-1/global/3.a2fm",
            "http://localhost:9000, eu-central-1, PUT, sessions/s-1/workers/w-2/updates/u-3.a2fm",
            "https://s3.example.org, us-east-1, GET, sessions/s-1/global/0.a2fm",
            "http://minio.storage.svc:80, us-west-2, PUT, a key/with spaces+plus&amp=%and~tilde.a2fm"})
    void shouldSignExactlyAsMinioDoes(String endpoint, String region, String method, String key) throws Exception {
        assertSameAsMinio(endpoint, region, method, key, Map.of());
    }

    @Test
    void shouldSignTheHeadersAPutIsBoundTo() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Length", "2876");
        headers.put("x-amz-checksum-sha256", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=");
        assertSameAsMinio("http://127.0.0.1:39123", "us-east-1", "PUT", "sessions/s-9/workers/w-1/updates/u.a2fm",
                headers);
    }

    @Test
    void shouldKeepTheDaysSigningKeyAndStillSignEachInstantApart() {
        QueryPresigner signer = new QueryPresigner(URI.create("http://127.0.0.1:9000"), ACCESS, SECRET, "us-east-1");
        Instant now = Instant.parse("2026-12-03T10:00:00Z");
        URI first = signer.presign("GET", "b", "k", now, Duration.ofMinutes(5), Map.of());
        URI again = signer.presign("GET", "b", "k", now, Duration.ofMinutes(5), Map.of());
        URI later = signer.presign("GET", "b", "k", now.plusSeconds(1), Duration.ofMinutes(5), Map.of());
        URI nextDay = signer.presign("GET", "b", "k", now.plus(Duration.ofDays(1)), Duration.ofMinutes(5), Map.of());
        assertThat(again).isEqualTo(first);
        assertThat(later).isNotEqualTo(first);
        assertThat(nextDay.getRawQuery()).contains("X-Amz-Credential=AKIDEXAMPLE%2F20261204%2Fus-east-1");
    }

    @Test
    void shouldRefuseAnExpiryOutsideWhatSigV4Allows() {
        QueryPresigner signer = new QueryPresigner(URI.create("http://127.0.0.1:9000"), ACCESS, SECRET, "us-east-1");
        assertThatThrownBy(() -> signer.presign("GET", "b", "k", Instant.now(), Duration.ofDays(8), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.presign("GET", "b", "k", Instant.now(), Duration.ZERO, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNeverShowTheSecret() {
        assertThat(new QueryPresigner(URI.create("http://h:1"), ACCESS, SECRET, "r").toString()).doesNotContain(SECRET);
    }

    private static void assertSameAsMinio(String endpoint, String region, String method, String key,
            Map<String, String> headers) throws Exception {
        try (MinioClient minio = MinioClient.builder().endpoint(endpoint).credentials(ACCESS, SECRET).region(region)
                .build()) {
            String expected = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Method.valueOf(method)).bucket("asyn2f").object(key).expiry(900, TimeUnit.SECONDS)
                    .extraHeaders(headers).build());
            Matcher date = DATE.matcher(expected);
            assertThat(date.find()).as(expected).isTrue();
            Instant signedAt = STAMP.parse(date.group(1), Instant::from);
            URI actual = new QueryPresigner(URI.create(endpoint), ACCESS, SECRET, region)
                    .presign(method, "asyn2f", key, signedAt, Duration.ofSeconds(900), headers);
            assertThat(actual.toString()).isEqualTo(expected);
        }
    }
}
