package io.asyn2f.worker.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of {@code POST /api/v1/sessions/{sessionId}/workers} (docs/registry-api.md). {@code workerId} and
 * {@code refreshToken} only when reconnecting with a known identity.
 *
 * @param role {@code trainer} or {@code tester}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistrationRequest(String role, long samples, double quality, SystemInfo system, String workerId,
        String refreshToken) {

    /** What the worker runs on. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SystemInfo(int cpuCores, long memoryBytes, String gpu, String backend) {

        /** This JVM's view of the machine; {@code backend} e.g. {@code nd4j-native}. */
        public static SystemInfo current(String backend, String gpu) {
            return new SystemInfo(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(), gpu,
                    backend);
        }
    }
}
