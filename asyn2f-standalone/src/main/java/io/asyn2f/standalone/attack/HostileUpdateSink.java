package io.asyn2f.standalone.attack;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.BlobSummary;
import io.asyn2f.api.model.ModelBlob;
import io.asyn2f.api.model.ModelBlobReader;
import io.asyn2f.api.model.ModelBlobWriter;
import io.asyn2f.worker.training.PreparedUpdate;
import io.asyn2f.worker.training.UpdateSink;

/**
 * Sits between a trainer of the attack experiment and its network sink, and turns each honest update into the
 * {@link AttackKind}'s: the worker itself is unchanged, only the launcher wraps it, so no deployed worker can be
 * configured to do this. The global model an update was trained from comes from {@code globals} (the launcher reads
 * it through the admin API; a real attacker would download it like any worker).
 */
public final class HostileUpdateSink implements UpdateSink {

    private final AttackKind kind;
    private final UpdateSink next;
    private final LongFunction<float[]> globals;
    private final SplittableRandom random;
    private final AtomicLong sent = new AtomicLong();

    /**
     * @param globals the parameters of a global version, by version number
     * @param seed    seed of the noise
     */
    public HostileUpdateSink(AttackKind kind, UpdateSink next, LongFunction<float[]> globals, long seed) {
        this.kind = kind;
        this.next = next;
        this.globals = globals;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void submit(PreparedUpdate update) {
        next.submit(transform(update));
        sent.incrementAndGet();
    }

    /** Updates passed on so far. */
    public long sent() {
        return sent.get();
    }

    PreparedUpdate transform(PreparedUpdate update) {
        byte[] blob = update.blob();
        BlobSummary summary = update.summary();
        if (kind.changesParameters()) {
            ModelBlob honest = read(blob);
            float[] global = globals.apply(update.baseVersion());
            boolean delta = update.kind() == UpdateKind.DELTA;
            float[] local = delta ? plus(global, honest.parameters(), 1) : honest.parameters();
            float[] hostile = kind.model(global, local, random);
            float[] payload = delta ? plus(hostile, global, -1) : hostile;
            ByteArrayOutputStream out = new ByteArrayOutputStream(blob.length);
            try {
                summary = ModelBlobWriter.write(out, delta ? BlobKind.DELTA : BlobKind.WEIGHTS,
                        honest.header().architecture(), payload);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            blob = out.toByteArray();
        }
        return new PreparedUpdate(update.kind(), blob, summary, update.baseVersion(), kind.samples(update.samples()),
                update.quality(), kind.loss(update.loss()), update.accuracy(), update.epoch());
    }

    private static ModelBlob read(byte[] blob) {
        try {
            return ModelBlobReader.lenient().read(new ByteArrayInputStream(blob));
        } catch (IOException e) {
            throw new UncheckedIOException("the worker's own update is unreadable", e);
        }
    }

    /** {@code a + sign * b}. */
    private static float[] plus(float[] a, float[] b, int sign) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + sign * b[i];
        }
        return out;
    }
}
