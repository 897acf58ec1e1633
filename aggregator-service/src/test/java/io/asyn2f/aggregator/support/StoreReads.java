package io.asyn2f.aggregator.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.asyn2f.s3.S3Properties;
import io.minio.MinioClient;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * The aggregator's MinIO client with a network interceptor that counts every GET of a model blob (.a2fm) and its
 * bytes, by object key: what the real {@code ModelStore} reads from the real store, without mocking either.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StoreReads {

    private static final Map<String, AtomicLong> GETS = new ConcurrentHashMap<>();
    private static final AtomicLong BYTES = new AtomicLong();

    /** GETs of {@code objectKey} since the context started. */
    public static long gets(String objectKey) {
        AtomicLong count = GETS.get(objectKey);
        return count == null ? 0 : count.get();
    }

    /** GETs of all keys starting with {@code prefix}. */
    public static long getsUnder(String prefix) {
        return GETS.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    public static long totalGets() {
        return GETS.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public static long totalBytes() {
        return BYTES.get();
    }

    public static void reset() {
        GETS.clear();
        BYTES.set(0);
    }

    @Bean(destroyMethod = "close")
    @Primary
    MinioClient countingMinioClient(S3Properties properties) {
        String bucketPrefix = "/" + properties.bucket() + "/";
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(properties.callTimeout())
                .addNetworkInterceptor(chain -> {
                    Response response = chain.proceed(chain.request());
                    String path = chain.request().url().encodedPath();
                    if ("GET".equals(chain.request().method()) && path.endsWith(".a2fm")
                            && path.startsWith(bucketPrefix)) {
                        GETS.computeIfAbsent(path.substring(bucketPrefix.length()), key -> new AtomicLong())
                                .incrementAndGet();
                        BYTES.addAndGet(Math.max(0, response.body().contentLength()));
                    }
                    return response;
                }).build();
        return MinioClient.builder().endpoint(properties.endpoint().toString()).httpClient(http, true)
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region()).build();
    }
}
