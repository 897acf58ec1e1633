package io.asyn2f.api.model;

import java.util.HexFormat;

/**
 * The fixed 80-byte header of a model blob; see {@code docs/model-format.md}.
 *
 * @param formatVersion  version of the blob layout (1)
 * @param kind           weights or delta
 * @param parameterCount number of float32 values in the payload
 * @param architecture   fingerprint of the architecture the parameters belong to
 * @param payloadSha256  sha-256 of the payload bytes exactly as stored
 */
public record ModelBlobHeader(
        int formatVersion,
        BlobKind kind,
        long parameterCount,
        ArchitectureFingerprint architecture,
        byte[] payloadSha256) {

    public ModelBlobHeader {
        payloadSha256 = payloadSha256.clone();
    }

    @Override
    public byte[] payloadSha256() {
        return payloadSha256.clone();
    }

    public String payloadSha256Hex() {
        return HexFormat.of().formatHex(payloadSha256);
    }

    @Override
    public String toString() {
        return "ModelBlobHeader[formatVersion=" + formatVersion + ", kind=" + kind + ", parameterCount="
                + parameterCount + ", architecture=" + architecture + ", payloadSha256=" + payloadSha256Hex() + "]";
    }
}
