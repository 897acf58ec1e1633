package io.asyn2f.registry.enrollment;

/**
 * What admitted a worker, and what it binds.
 *
 * @param tokenId      the enrollment token; null when the shared development secret admitted it
 * @param fixedSamples the sample count to record instead of the reported one; null: the reported one
 */
public record Admission(String tokenId, Long fixedSamples) {

    static final Admission SHARED_SECRET = new Admission(null, null);

    /** The sample count to record for a worker that reported {@code reported}. */
    public long samples(long reported) {
        return fixedSamples != null ? fixedSamples : reported;
    }
}
