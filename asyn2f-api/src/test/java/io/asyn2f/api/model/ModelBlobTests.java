package io.asyn2f.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.asyn2f.api.model.ModelFormatException.Reason;

class ModelBlobTests {

    private static final ArchitectureFingerprint MLP = ArchitectureFingerprint.of("mlp:784-128-10");
    private static final ArchitectureFingerprint CNN = ArchitectureFingerprint.of("cnn:16-32-128");

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, ModelBlobFormat.CHUNK_FLOATS, ModelBlobFormat.CHUNK_FLOATS + 1, 101_770})
    void shouldRoundTripParametersBitForBit(int count) throws IOException {
        float[] parameters = randomParameters(count, 42);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        BlobSummary summary = ModelBlobWriter.write(out, BlobKind.WEIGHTS, MLP, parameters);
        ModelBlob blob = ModelBlobReader.expecting(MLP, count).read(new ByteArrayInputStream(out.toByteArray()));

        assertThat(blob.parameters()).containsExactly(parameters);
        assertThat(blob.header().kind()).isEqualTo(BlobKind.WEIGHTS);
        assertThat(blob.header().architecture()).isEqualTo(MLP);
        assertThat(summary.sizeBytes()).isEqualTo(out.size()).isEqualTo(ModelBlobFormat.blobSize(count));
        assertThat(summary.sha256Hex()).isEqualTo(sha256Hex(out.toByteArray()));
    }

    @Test
    void shouldLayOutTheHeaderAsDocumented() throws IOException {
        byte[] bytes = blob(new float[] {1.5f, -2f}, BlobKind.DELTA, MLP);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(Arrays.copyOfRange(bytes, 0, 4)).isEqualTo("A2FM".getBytes());
        assertThat(buffer.getShort(4)).isEqualTo((short) 1);
        assertThat(bytes[6]).isEqualTo((byte) 1);
        assertThat(bytes[7]).isEqualTo((byte) 1);
        assertThat(buffer.getLong(8)).isEqualTo(2);
        assertThat(Arrays.copyOfRange(bytes, 16, 48)).isEqualTo(MLP.toBytes());
        assertThat(Arrays.copyOfRange(bytes, 48, 80)).isEqualTo(sha256(Arrays.copyOfRange(bytes, 80, 88)));
        assertThat(buffer.getFloat(80)).isEqualTo(1.5f);
        assertThat(buffer.getFloat(84)).isEqualTo(-2f);
    }

    @Test
    void shouldRejectWrongMagic() throws IOException {
        byte[] bytes = blob(new float[] {1f}, BlobKind.WEIGHTS, MLP);
        bytes[0] = 'P';

        assertRefused(bytes, ModelBlobReader.lenient(), Reason.BAD_MAGIC, "magic");
        assertRefused("{\"not\":\"a blob\"}".getBytes(), ModelBlobReader.lenient(), Reason.BAD_MAGIC, "magic");
    }

    @Test
    void shouldRejectUnsupportedVersionDtypeAndKind() throws IOException {
        byte[] version = blob(new float[] {1f}, BlobKind.WEIGHTS, MLP);
        version[4] = 2;
        byte[] dtype = blob(new float[] {1f}, BlobKind.WEIGHTS, MLP);
        dtype[6] = 2;
        byte[] kind = blob(new float[] {1f}, BlobKind.WEIGHTS, MLP);
        kind[7] = 9;

        assertRefused(version, ModelBlobReader.lenient(), Reason.UNSUPPORTED_VERSION, "version 2");
        assertRefused(dtype, ModelBlobReader.lenient(), Reason.UNSUPPORTED_DTYPE, "dtype 2");
        assertRefused(kind, ModelBlobReader.lenient(), Reason.UNKNOWN_KIND, "kind 9");
    }

    @Test
    void shouldRejectTruncationInHeaderAndPayload() throws IOException {
        byte[] bytes = blob(randomParameters(1000, 1), BlobKind.WEIGHTS, MLP);

        assertRefused(Arrays.copyOf(bytes, 40), ModelBlobReader.lenient(), Reason.TRUNCATED, "truncated header");
        assertRefused(Arrays.copyOf(bytes, bytes.length - 3), ModelBlobReader.expecting(MLP, 1000),
                Reason.TRUNCATED, "truncated payload: 3997 of 4000 bytes");
    }

    @Test
    void shouldRejectTrailingBytes() throws IOException {
        byte[] bytes = blob(new float[] {1f, 2f}, BlobKind.WEIGHTS, MLP);

        assertRefused(Arrays.copyOf(bytes, bytes.length + 1), ModelBlobReader.lenient(), Reason.TRAILING_DATA,
                "after the payload");
    }

    @Test
    void shouldRejectCountAndArchitectureMismatch() throws IOException {
        byte[] bytes = blob(new float[] {1f, 2f, 3f}, BlobKind.WEIGHTS, MLP);

        assertRefused(bytes, ModelBlobReader.expecting(MLP, 4), Reason.COUNT_MISMATCH,
                "blob has 3 parameters but the architecture has 4");
        assertRefused(bytes, ModelBlobReader.expecting(CNN, 3), Reason.ARCHITECTURE_MISMATCH,
                "does not match the session's " + CNN.toHex());
    }

    @Test
    void shouldRejectWrongKind() throws IOException {
        byte[] delta = blob(new float[] {1f}, BlobKind.DELTA, MLP);

        assertRefused(delta, ModelBlobReader.expecting(MLP, 1).ofKind(BlobKind.WEIGHTS), Reason.KIND_MISMATCH,
                "blob holds DELTA but WEIGHTS was expected");
    }

    @Test
    void shouldRejectChecksumMismatch() throws IOException {
        byte[] bytes = blob(randomParameters(100, 3), BlobKind.WEIGHTS, MLP);
        bytes[ModelBlobFormat.HEADER_BYTES + 17] ^= 0x01;

        assertRefused(bytes, ModelBlobReader.expecting(MLP, 100), Reason.CHECKSUM_MISMATCH, "payload sha-256");
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void shouldRejectNonFiniteValuesEvenWithAValidChecksum(float poison) throws IOException {
        byte[] bytes = blob(new float[] {1f, 2f, 3f}, BlobKind.WEIGHTS, MLP);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(ModelBlobFormat.HEADER_BYTES + 4, poison);
        System.arraycopy(sha256(Arrays.copyOfRange(bytes, 80, bytes.length)), 0, bytes, 48, 32);

        assertRefused(bytes, ModelBlobReader.expecting(MLP, 3), Reason.NON_FINITE, "parameter 1 is " + poison);
    }

    @Test
    void shouldRejectDeclaredSizeOverTheLimitBeforeReadingThePayload() throws IOException {
        byte[] bytes = blob(new float[1000], BlobKind.WEIGHTS, MLP);
        byte[] headerOnly = Arrays.copyOf(bytes, ModelBlobFormat.HEADER_BYTES);

        assertRefused(headerOnly, ModelBlobReader.lenient().maxBytes(2000), Reason.TOO_LARGE,
                "blob declares 1000 parameters; the limit is 480");
        ByteBuffer.wrap(headerOnly).order(ByteOrder.LITTLE_ENDIAN).putLong(8, -1L);
        assertRefused(headerOnly, ModelBlobReader.lenient(), Reason.TOO_LARGE, "18446744073709551615");
    }

    @Test
    void shouldAcceptABlobExactlyAtTheLimit() throws IOException {
        byte[] bytes = blob(new float[100], BlobKind.WEIGHTS, MLP);

        ModelBlob blob = ModelBlobReader.lenient().maxBytes(bytes.length).read(new ByteArrayInputStream(bytes));

        assertThat(blob.parameters()).hasSize(100);
    }

    @Test
    void shouldNeverWriteNonFiniteParameters() {
        float[] parameters = {0f, Float.NaN};

        assertThatThrownBy(() -> ModelBlobWriter.write(new ByteArrayOutputStream(), BlobKind.WEIGHTS, MLP, parameters))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 1 is NaN");
    }

    @Test
    void shouldDeriveFingerprintsFromDescriptors() {
        assertThat(ArchitectureFingerprint.of("mlp:784-128-10")).isEqualTo(MLP).isNotEqualTo(CNN);
        assertThat(ArchitectureFingerprint.fromHex(MLP.toHex())).isEqualTo(MLP);
        assertThat(MLP.toHex()).hasSize(64);
    }

    private static void assertRefused(byte[] bytes, ModelBlobReader reader, Reason reason, String message) {
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(bytes)))
                .isInstanceOfSatisfying(ModelFormatException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }

    private static byte[] blob(float[] parameters, BlobKind kind, ArchitectureFingerprint architecture)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelBlobWriter.write(out, kind, architecture, parameters);
        return out.toByteArray();
    }

    private static float[] randomParameters(int count, long seed) {
        Random random = new Random(seed);
        float[] parameters = new float[count];
        for (int i = 0; i < count; i++) {
            parameters[i] = (float) random.nextGaussian();
        }
        return parameters;
    }

    private static byte[] sha256(byte[] bytes) {
        return ArchitectureFingerprint.sha256().digest(bytes);
    }

    private static String sha256Hex(byte[] bytes) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}
