package io.asyn2f.standalone.loadtest;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.ModelBlobReader;
import io.asyn2f.api.storage.PresignedUrl;
import io.asyn2f.worker.client.BlobTransfer;

/**
 * The global versions the simulated workers build on. Every worker asks the gateway for the newest version's URL
 * itself; the blob behind it is downloaded (and verified) once per version for all of them, since every worker would
 * read the same bytes and the load generator shares the machine with the platform it measures. Only the newest few
 * versions are kept.
 */
final class GlobalModels {

    private static final int KEEP = 4;

    private final BlobTransfer transfer;
    private final ModelBlobReader reader;
    private final ConcurrentHashMap<Long, CompletableFuture<float[]>> versions = new ConcurrentHashMap<>();
    private final AtomicLong downloads = new AtomicLong();

    GlobalModels(BlobTransfer transfer, ModelArchitecture architecture) {
        this.transfer = transfer;
        this.reader = ModelBlobReader.expecting(architecture.fingerprint(), architecture.parameterCount())
                .ofKind(BlobKind.WEIGHTS);
    }

    /** The parameters of the version {@code url} points at (a presigned GET that names its version). */
    float[] parameters(PresignedUrl url) throws IOException {
        long version = url.version();
        CompletableFuture<float[]> mine = new CompletableFuture<>();
        CompletableFuture<float[]> existing = versions.putIfAbsent(version, mine);
        if (existing == null) {
            try {
                mine.complete(transfer.download(url, reader).blob().parameters());
                downloads.incrementAndGet();
                versions.keySet().removeIf(v -> v <= version - KEEP);
            } catch (IOException | RuntimeException e) {
                versions.remove(version, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return existing.get();
        } catch (ExecutionException e) {
            throw new IOException("downloading global version " + version + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for global version " + version, e);
        }
    }

    /** How many global blobs were downloaded. */
    long downloads() {
        return downloads.get();
    }
}
