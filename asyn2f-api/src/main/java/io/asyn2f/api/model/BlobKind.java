package io.asyn2f.api.model;

/** What the parameters in a blob are. */
public enum BlobKind {
    /** Model weights (a global model or a worker's local model). */
    WEIGHTS(0),
    /** A difference of weights (FedBuff workers send the change since their base version). */
    DELTA(1);

    private final int code;

    BlobKind(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static BlobKind fromCode(int code) {
        for (BlobKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        return null;
    }
}
