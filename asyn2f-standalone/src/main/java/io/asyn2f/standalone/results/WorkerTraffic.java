package io.asyn2f.standalone.results;

/**
 * The model bytes one trainer moved in a session: global models downloaded and updates uploaded, as its
 * {@code asyn2f.worker.bytes.downloaded} and {@code .bytes.uploaded} counters counted them. A trainer that left and
 * came back (the dropout scenario) is one entry: its instances share the counters.
 */
public record WorkerTraffic(String worker, long bytesUploaded, long bytesDownloaded) {

    public long bytesMoved() {
        return bytesUploaded + bytesDownloaded;
    }
}
