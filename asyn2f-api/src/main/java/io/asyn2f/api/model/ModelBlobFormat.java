package io.asyn2f.api.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.security.MessageDigest;

/**
 * Constants and shared helpers of the model blob layout (version 1). All multi-byte numbers are little-endian.
 *
 * <pre>
 * offset size  field
 *      0    4  magic "A2FM"
 *      4    2  format version (1)
 *      6    1  dtype (1 = float32)
 *      7    1  kind (0 = weights, 1 = delta)
 *      8    8  parameter count n
 *     16   32  architecture fingerprint (sha-256 of the canonical descriptor)
 *     48   32  sha-256 of the payload
 *     80  4n   payload: n float32 values
 * </pre>
 */
public final class ModelBlobFormat {

    /** "A2FM" as the first four bytes. */
    static final byte[] MAGIC = {'A', '2', 'F', 'M'};
    public static final int FORMAT_VERSION = 1;
    static final int DTYPE_FLOAT32 = 1;
    public static final int HEADER_BYTES = 80;
    static final int SHA256_BYTES = 32;

    /** Payload is converted in chunks of this many floats, so no second full-size copy is ever made. */
    static final int CHUNK_FLOATS = 16 * 1024;

    private ModelBlobFormat() {
    }

    /** Total size in bytes of a blob with {@code parameterCount} float32 parameters. */
    public static long blobSize(long parameterCount) {
        return HEADER_BYTES + 4L * parameterCount;
    }

    static ByteBuffer newChunkBuffer() {
        return ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes {@code count} floats from {@code values[offset..]} into {@code buffer} (cleared first), ready to read. */
    static ByteBuffer fill(ByteBuffer buffer, float[] values, int offset, int count) {
        buffer.clear();
        FloatBuffer floats = buffer.asFloatBuffer();
        floats.put(values, offset, count);
        buffer.limit(count * Float.BYTES);
        return buffer;
    }

    static byte[] payloadDigest(float[] values) {
        MessageDigest digest = ArchitectureFingerprint.sha256();
        ByteBuffer buffer = newChunkBuffer();
        for (int offset = 0; offset < values.length; offset += CHUNK_FLOATS) {
            int count = Math.min(CHUNK_FLOATS, values.length - offset);
            fill(buffer, values, offset, count);
            digest.update(buffer.array(), 0, count * Float.BYTES);
        }
        return digest.digest();
    }
}
