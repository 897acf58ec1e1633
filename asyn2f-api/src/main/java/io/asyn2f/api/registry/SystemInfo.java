package io.asyn2f.api.registry;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a worker runs on, for operators and scheduling decisions.
 *
 * @param cpuCores    available processors
 * @param memoryBytes memory available to the worker
 * @param gpu         GPU description, absent for CPU-only workers
 * @param backend     the ND4J backend, e.g. {@code nd4j-native} or {@code nd4j-cuda-11.6}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SystemInfo(
        @Min(1) Integer cpuCores,
        @PositiveOrZero Long memoryBytes,
        @Size(max = 256) String gpu,
        @Size(max = 64) String backend) {

    /** This JVM's view of the machine; {@code backend} e.g. {@code nd4j-native}. */
    public static SystemInfo current(String backend, String gpu) {
        return new SystemInfo(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(), gpu,
                backend);
    }
}
