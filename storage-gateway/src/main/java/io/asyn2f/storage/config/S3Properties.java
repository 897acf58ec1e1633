package io.asyn2f.storage.config;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * The S3-compatible store ({@code asyn2f.s3.*}).
 *
 * @param endpoint        where the gateway reaches the store (bucket creation, listing, existence checks)
 * @param publicEndpoint  optional: the address workers use, only for signing URLs (in Kubernetes workers often reach
 *                        MinIO through another host name than the gateway); defaults to {@code endpoint}
 * @param region          the region URLs are signed for; with it set, signing needs no call to the store
 */
@Validated
@ConfigurationProperties("asyn2f.s3")
public record S3Properties(
        @NotNull URI endpoint,
        URI publicEndpoint,
        @NotBlank String accessKey,
        @NotBlank String secretKey,
        @DefaultValue("us-east-1") @NotBlank String region,
        @DefaultValue("asyn2f") @NotBlank String bucket) {

    /** The endpoint presigned URLs are signed for. */
    public URI signingEndpoint() {
        return publicEndpoint != null ? publicEndpoint : endpoint;
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "S3Properties[endpoint=" + endpoint + ", publicEndpoint=" + publicEndpoint + ", region=" + region
                + ", bucket=" + bucket + "]";
    }
}
