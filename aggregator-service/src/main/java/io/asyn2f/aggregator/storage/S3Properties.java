package io.asyn2f.aggregator.storage;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The aggregator's own credentials for the object store ({@code asyn2f.s3.*}); the bucket is created if missing.
 *
 * @param callTimeout the longest one store call (a whole read or write of a blob) may take before it is abandoned;
 *                    versions are written only while the session's lease outlasts it
 */
@Validated
@ConfigurationProperties("asyn2f.s3")
public record S3Properties(
        @NotBlank String endpoint,
        @NotBlank String accessKey,
        @NotBlank String secretKey,
        @DefaultValue("us-east-1") @NotBlank String region,
        @DefaultValue("asyn2f") @NotBlank String bucket,
        @DefaultValue("15s") @NotNull Duration callTimeout) {

    @Override
    public String toString() {
        return "S3Properties[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", callTimeout="
                + callTimeout + "]";
    }
}
