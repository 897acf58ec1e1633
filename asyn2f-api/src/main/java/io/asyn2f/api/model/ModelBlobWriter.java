package io.asyn2f.api.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Writes a flat parameter vector as a model blob. The payload is streamed in chunks; the payload checksum in the
 * header is computed first in one read-only pass over the array.
 */
public final class ModelBlobWriter {

    private ModelBlobWriter() {
    }

    /**
     * Writes a blob to {@code out} (not closed) and returns its size and the sha-256 of all bytes written.
     *
     * @throws IllegalArgumentException if a parameter is NaN or infinite: such a model is never written
     */
    public static BlobSummary write(OutputStream out, BlobKind kind, ArchitectureFingerprint architecture,
            float[] parameters) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(parameters, "parameters");
        int nonFinite = firstNonFinite(parameters);
        if (nonFinite >= 0) {
            throw new IllegalArgumentException(
                    "parameter " + nonFinite + " is " + parameters[nonFinite] + "; a blob holds finite values only");
        }
        byte[] payloadSha256 = ModelBlobFormat.payloadDigest(parameters);
        ModelBlobHeader header = new ModelBlobHeader(
                ModelBlobFormat.FORMAT_VERSION, kind, parameters.length, architecture, payloadSha256);

        MessageDigest blobDigest = ArchitectureFingerprint.sha256();
        DigestOutputStream digesting = new DigestOutputStream(out, blobDigest);
        digesting.write(encodeHeader(header));
        ByteBuffer buffer = ModelBlobFormat.newChunkBuffer();
        for (int offset = 0; offset < parameters.length; offset += ModelBlobFormat.CHUNK_FLOATS) {
            int count = Math.min(ModelBlobFormat.CHUNK_FLOATS, parameters.length - offset);
            ModelBlobFormat.fill(buffer, parameters, offset, count);
            digesting.write(buffer.array(), 0, count * Float.BYTES);
        }
        digesting.flush();
        return new BlobSummary(ModelBlobFormat.blobSize(parameters.length),
                HexFormat.of().formatHex(blobDigest.digest()), header);
    }

    static byte[] encodeHeader(ModelBlobHeader header) {
        ByteBuffer buffer = ByteBuffer.allocate(ModelBlobFormat.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(ModelBlobFormat.MAGIC);
        buffer.putShort((short) header.formatVersion());
        buffer.put((byte) ModelBlobFormat.DTYPE_FLOAT32);
        buffer.put((byte) header.kind().code());
        buffer.putLong(header.parameterCount());
        buffer.put(header.architecture().toBytes());
        buffer.put(header.payloadSha256());
        return buffer.array();
    }

    private static int firstNonFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }
}
