package io.asyn2f.worker.session;

import java.io.IOException;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.event.GlobalModelPublished;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.ModelBlobReader;
import io.asyn2f.api.model.ModelFormatException;
import io.asyn2f.api.storage.PresignedUrl;
import io.asyn2f.core.merge.GlobalSnapshot;
import io.asyn2f.worker.client.BlobTransfer;
import io.asyn2f.worker.client.GatewayClient;
import io.asyn2f.worker.client.WorkerCredentials;
import io.asyn2f.worker.metrics.WorkerMetrics;

/** Downloads a global version through a presigned GET and checks it against the announcement and the architecture. */
public final class GlobalModelFetcher {

    private final String sessionId;
    private final ModelArchitecture architecture;
    private final WorkerCredentials credentials;
    private final GatewayClient gateway;
    private final BlobTransfer transfer;
    private final WorkerMetrics metrics;

    public GlobalModelFetcher(String sessionId, ModelArchitecture architecture, WorkerCredentials credentials,
            GatewayClient gateway, BlobTransfer transfer, WorkerMetrics metrics) {
        this.sessionId = sessionId;
        this.architecture = architecture;
        this.credentials = credentials;
        this.gateway = gateway;
        this.transfer = transfer;
        this.metrics = metrics;
    }

    /** The announced version, with the statistics and learning rate published with it. */
    public GlobalSnapshot fetch(GlobalModelPublished event) throws IOException {
        BlobTransfer.Download download = download(event.version(), event.sizeBytes());
        if (!download.sha256Hex().equals(event.sha256())) {
            throw new ModelFormatException(ModelFormatException.Reason.CHECKSUM_MISMATCH, "global version "
                    + event.version() + " has sha-256 " + download.sha256Hex() + ", the announcement said "
                    + event.sha256());
        }
        return new GlobalSnapshot(event.version(), download.blob().parameters(), event.avgQuality(), event.avgLoss(),
                event.totalSamples(), event.learningRate());
    }

    /** The latest version when joining, with the learning rate to start from (statistics are not known yet). */
    public GlobalSnapshot latest(double learningRate) throws IOException {
        PresignedUrl url = gateway.globalModelUrl(sessionId, credentials.accessToken(), -1);
        BlobTransfer.Download download = transfer.download(url, ModelBlobReader
                .expecting(architecture.fingerprint(), architecture.parameterCount()).ofKind(BlobKind.WEIGHTS));
        metrics.downloaded(download.bytes());
        return new GlobalSnapshot(url.version() == null ? 0 : url.version(), download.blob().parameters(), 0, 0, 0,
                learningRate);
    }

    /** A version's parameters ({@code -1}: the latest), e.g. version 0 when joining. */
    public BlobTransfer.Download download(long version, long expectedBytes) throws IOException {
        PresignedUrl url = gateway.globalModelUrl(sessionId, credentials.accessToken(), version);
        BlobTransfer.Download download = transfer.download(url, ModelBlobReader
                .expecting(architecture.fingerprint(), architecture.parameterCount()).ofKind(BlobKind.WEIGHTS));
        metrics.downloaded(download.bytes());
        if (expectedBytes >= 0 && download.bytes() != expectedBytes) {
            throw new ModelFormatException(ModelFormatException.Reason.COUNT_MISMATCH, "global version " + version
                    + " is " + download.bytes() + " bytes, the announcement said " + expectedBytes);
        }
        return download;
    }
}
