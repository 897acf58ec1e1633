package io.asyn2f.api.model;

import static io.asyn2f.api.model.ModelFormatException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Reads and verifies a model blob from a stream. What the caller expects (architecture, parameter count, kind,
 * a size limit) is checked against the header before the payload is read, so a wrong or oversized blob costs
 * no allocation. The payload is then read in chunks while its checksum is computed; NaN or infinite values and
 * any byte after the payload are refused.
 *
 * <pre>{@code
 * ModelBlob blob = ModelBlobReader.expecting(fingerprint, 101_770).read(in);
 * }</pre>
 */
public final class ModelBlobReader {

    /** Default upper bound on parameters: 256M float32 values (1 GiB), well above ResNet-sized models. */
    public static final long DEFAULT_MAX_PARAMETERS = 256L * 1024 * 1024;

    private final ArchitectureFingerprint expectedArchitecture;
    private final long expectedCount;
    private final BlobKind expectedKind;
    private final long maxParameters;

    private ModelBlobReader(ArchitectureFingerprint expectedArchitecture, long expectedCount, BlobKind expectedKind,
            long maxParameters) {
        this.expectedArchitecture = expectedArchitecture;
        this.expectedCount = expectedCount;
        this.expectedKind = expectedKind;
        this.maxParameters = maxParameters;
    }

    /** A reader that requires this architecture and parameter count. */
    public static ModelBlobReader expecting(ArchitectureFingerprint architecture, long parameterCount) {
        Objects.requireNonNull(architecture, "architecture");
        if (parameterCount < 0) {
            throw new IllegalArgumentException("parameterCount must be >= 0");
        }
        return new ModelBlobReader(architecture, parameterCount, null, DEFAULT_MAX_PARAMETERS);
    }

    /** A reader that accepts any architecture and count (still bounded by the size limit). */
    public static ModelBlobReader lenient() {
        return new ModelBlobReader(null, -1, null, DEFAULT_MAX_PARAMETERS);
    }

    /** The same reader, additionally requiring blobs of this kind. */
    public ModelBlobReader ofKind(BlobKind kind) {
        return new ModelBlobReader(expectedArchitecture, expectedCount, Objects.requireNonNull(kind), maxParameters);
    }

    /** The same reader with a limit on the blob's size in bytes (header included). */
    public ModelBlobReader maxBytes(long maxBytes) {
        long limit = Math.max(0, (maxBytes - ModelBlobFormat.HEADER_BYTES) / Float.BYTES);
        return new ModelBlobReader(expectedArchitecture, expectedCount, expectedKind, Math.min(limit, maxParameters));
    }

    /** Reads only the header; the stream is left at the start of the payload. */
    public ModelBlobHeader readHeader(InputStream in) throws IOException {
        byte[] raw = new byte[ModelBlobFormat.HEADER_BYTES];
        int read = in.readNBytes(raw, 0, raw.length);
        if (read < 4 || !Arrays.equals(raw, 0, 4, ModelBlobFormat.MAGIC, 0, 4)) {
            throw new ModelFormatException(Reason.BAD_MAGIC, "not an asyn2f model blob (magic bytes are not 'A2FM')");
        }
        if (read < raw.length) {
            throw new ModelFormatException(Reason.TRUNCATED,
                    "truncated header: " + read + " of " + ModelBlobFormat.HEADER_BYTES + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(4);
        int version = Short.toUnsignedInt(buffer.getShort());
        if (version != ModelBlobFormat.FORMAT_VERSION) {
            throw new ModelFormatException(Reason.UNSUPPORTED_VERSION,
                    "blob format version " + version + " is not supported (expected " + ModelBlobFormat.FORMAT_VERSION + ")");
        }
        int dtype = Byte.toUnsignedInt(buffer.get());
        if (dtype != ModelBlobFormat.DTYPE_FLOAT32) {
            throw new ModelFormatException(Reason.UNSUPPORTED_DTYPE, "dtype " + dtype + " is not supported (1 = float32)");
        }
        int kindCode = Byte.toUnsignedInt(buffer.get());
        BlobKind kind = BlobKind.fromCode(kindCode);
        if (kind == null) {
            throw new ModelFormatException(Reason.UNKNOWN_KIND, "unknown blob kind " + kindCode);
        }
        long count = buffer.getLong();
        byte[] fingerprint = new byte[ArchitectureFingerprint.LENGTH];
        buffer.get(fingerprint);
        byte[] payloadSha256 = new byte[ModelBlobFormat.SHA256_BYTES];
        buffer.get(payloadSha256);
        ModelBlobHeader header = new ModelBlobHeader(
                version, kind, count, ArchitectureFingerprint.fromBytes(fingerprint), payloadSha256);
        check(header);
        return header;
    }

    /** Reads and verifies a whole blob. The stream is read to its end but not closed. */
    public ModelBlob read(InputStream in) throws IOException {
        ModelBlobHeader header = readHeader(in);
        int count = (int) header.parameterCount();
        float[] parameters = new float[count];
        MessageDigest digest = ArchitectureFingerprint.sha256();
        ByteBuffer buffer = ModelBlobFormat.newChunkBuffer();
        byte[] bytes = buffer.array();
        int firstNonFinite = -1;
        for (int offset = 0; offset < count; offset += ModelBlobFormat.CHUNK_FLOATS) {
            int floats = Math.min(ModelBlobFormat.CHUNK_FLOATS, count - offset);
            int wanted = floats * Float.BYTES;
            int got = in.readNBytes(bytes, 0, wanted);
            if (got < wanted) {
                long present = (long) offset * Float.BYTES + got;
                throw new ModelFormatException(Reason.TRUNCATED, "truncated payload: " + present + " of "
                        + 4L * count + " bytes");
            }
            digest.update(bytes, 0, wanted);
            buffer.clear().limit(wanted);
            buffer.asFloatBuffer().get(parameters, offset, floats);
            if (firstNonFinite < 0) {
                firstNonFinite = firstNonFinite(parameters, offset, offset + floats);
            }
        }
        if (in.read() != -1) {
            throw new ModelFormatException(Reason.TRAILING_DATA,
                    "unexpected bytes after the payload of " + count + " parameters");
        }
        byte[] actual = digest.digest();
        if (!MessageDigest.isEqual(actual, header.payloadSha256())) {
            throw new ModelFormatException(Reason.CHECKSUM_MISMATCH, "payload sha-256 is "
                    + HexFormat.of().formatHex(actual) + " but the header says " + header.payloadSha256Hex());
        }
        if (firstNonFinite >= 0) {
            throw new ModelFormatException(Reason.NON_FINITE,
                    "parameter " + firstNonFinite + " is " + parameters[firstNonFinite] + "; only finite values are accepted");
        }
        return new ModelBlob(header, parameters);
    }

    private void check(ModelBlobHeader header) throws ModelFormatException {
        long count = header.parameterCount();
        if (count < 0 || count > maxParameters || count > Integer.MAX_VALUE - 8) {
            throw new ModelFormatException(Reason.TOO_LARGE, "blob declares " + Long.toUnsignedString(count)
                    + " parameters; the limit is " + Math.min(maxParameters, Integer.MAX_VALUE - 8));
        }
        if (expectedKind != null && header.kind() != expectedKind) {
            throw new ModelFormatException(Reason.KIND_MISMATCH,
                    "blob holds " + header.kind() + " but " + expectedKind + " was expected");
        }
        if (expectedArchitecture != null && !expectedArchitecture.equals(header.architecture())) {
            throw new ModelFormatException(Reason.ARCHITECTURE_MISMATCH, "blob architecture " + header.architecture()
                    + " does not match the session's " + expectedArchitecture);
        }
        if (expectedCount >= 0 && count != expectedCount) {
            throw new ModelFormatException(Reason.COUNT_MISMATCH,
                    "blob has " + count + " parameters but the architecture has " + expectedCount);
        }
    }

    private static int firstNonFinite(float[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }
}
