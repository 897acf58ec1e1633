package io.asyn2f.aggregator.storage;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The aggregator's own credentials for the object store ({@code asyn2f.s3.*}); the bucket is created if missing. */
@Validated
@ConfigurationProperties("asyn2f.s3")
public record S3Properties(
        @NotBlank String endpoint,
        @NotBlank String accessKey,
        @NotBlank String secretKey,
        @DefaultValue("us-east-1") @NotBlank String region,
        @DefaultValue("asyn2f") @NotBlank String bucket) {

    @Override
    public String toString() {
        return "S3Properties[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + "]";
    }
}
