package io.asyn2f.api.model;

/**
 * What a writer produced: the whole blob's size and sha-256, as a worker declares them before an upload and as
 * the aggregator checks them against the stored object.
 */
public record BlobSummary(long sizeBytes, String sha256Hex, ModelBlobHeader header) {
}
