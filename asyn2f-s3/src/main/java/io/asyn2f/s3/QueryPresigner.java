package io.asyn2f.s3;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Presigned S3 URLs (AWS Signature Version 4, query-string form, path-style addressing) computed locally: the
 * canonical request, the string to sign and the signature, with the day's signing key derived once per day and region
 * instead of on every URL. The storage gateway signs two URLs for every update a worker sends, and the general-purpose
 * client's presigning (request builders, URL parsing, a fresh key derivation each time) was its largest cost under
 * load. Thread-safe.
 *
 * <p>Headers passed to {@link #presign} are signed (named in {@code X-Amz-SignedHeaders} next to {@code host}), so
 * the request must carry them with these exact values; the payload is {@code UNSIGNED-PAYLOAD}, as in every presigned
 * URL.
 */
public final class QueryPresigner {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String SERVICE = "s3";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** The longest expiry SigV4 allows. */
    public static final Duration MAX_EXPIRY = Duration.ofDays(7);

    private final URI endpoint;
    private final String host;
    private final String accessKey;
    private final String secretKey;
    private final String region;
    private volatile DayKey dayKey;

    /** The signing key of one day (and this signer's region). */
    private record DayKey(String day, byte[] key) {
    }

    /**
     * @param endpoint the store's address as the URL's user will reach it ({@code http(s)://host[:port]}, an optional
     *                 path prefix is kept)
     */
    public QueryPresigner(URI endpoint, String accessKey, String secretKey, String region) {
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
            throw new IllegalArgumentException("the endpoint needs a scheme and a host: " + endpoint);
        }
        String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https")
                && port == 443);
        this.host = endpoint.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        this.endpoint = URI.create(scheme + "://" + host + (path.endsWith("/") ? path.substring(0, path.length() - 1)
                : path));
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
    }

    /** The signing endpoint built from the store settings (the public endpoint where one is set). */
    public static QueryPresigner of(S3Properties properties) {
        return new QueryPresigner(properties.signingEndpoint(), properties.accessKey(), properties.secretKey(),
                properties.region());
    }

    /**
     * A URL that lets its holder send {@code method} to {@code bucket/key} from {@code now} for {@code expiry} (at
     * most seven days, at least one second), with {@code headers} signed.
     */
    public URI presign(String method, String bucket, String key, Instant now, Duration expiry,
            Map<String, String> headers) {
        long seconds = expiry.toSeconds();
        if (seconds < 1 || expiry.compareTo(MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("a presigned URL lives between 1 s and 7 days, not " + expiry);
        }
        String day = DAY.format(now);
        String stamp = STAMP.format(now);
        String scope = day + "/" + region + "/" + SERVICE + "/aws4_request";

        TreeMap<String, String> signed = new TreeMap<>();
        signed.put("host", host);
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value.trim()));
        StringBuilder canonicalHeaders = new StringBuilder();
        signed.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value).append('\n'));
        String signedHeaders = String.join(";", signed.keySet());

        TreeMap<String, String> query = new TreeMap<>();
        query.put("X-Amz-Algorithm", ALGORITHM);
        query.put("X-Amz-Credential", accessKey + "/" + scope);
        query.put("X-Amz-Date", stamp);
        query.put("X-Amz-Expires", Long.toString(seconds));
        query.put("X-Amz-SignedHeaders", signedHeaders);
        StringBuilder canonicalQuery = new StringBuilder();
        query.forEach((name, value) -> {
            if (!canonicalQuery.isEmpty()) {
                canonicalQuery.append('&');
            }
            canonicalQuery.append(encode(name, true)).append('=').append(encode(value, true));
        });

        String path = endpoint.getRawPath() + "/" + encode(bucket, true) + "/" + encode(key, false);
        String canonicalRequest = method + "\n" + path + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n"
                + signedHeaders + "\nUNSIGNED-PAYLOAD";
        String stringToSign = ALGORITHM + "\n" + stamp + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
        String signature = HexFormat.of().formatHex(hmac(signingKey(day), stringToSign));
        return URI.create(endpoint.getScheme() + "://" + host + path + "?" + canonicalQuery + "&X-Amz-Signature="
                + signature);
    }

    private byte[] signingKey(String day) {
        DayKey current = dayKey;
        if (current != null && current.day().equals(day)) {
            return current.key();
        }
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, SERVICE);
        key = hmac(key, "aws4_request");
        dayKey = new DayKey(day, key);
        return key;
    }

    /**
     * SigV4's URI encoding: every byte but the unreserved characters as {@code %XY} (upper-case hex), {@code /}
     * kept where {@code slash} is false (object keys).
     */
    static String encode(String value, boolean slash) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (c == '/' && !slash)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "QueryPresigner[" + endpoint + ", region " + region + "]";
    }
}
