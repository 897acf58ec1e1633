package io.asyn2f.storage.metrics;

import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.asyn2f.web.PrometheusConventions;

/** The gateway's own metrics, all prefixed {@code asyn2f.gateway.}. */
@Component
@Import(PrometheusConventions.class) // metric names and HELP texts promtool accepts
public class GatewayMetrics {

    /** Why a request was refused; the {@code reason} tag of {@code asyn2f.gateway.refusals}. */
    public enum Refusal {
        UNAUTHENTICATED("unauthenticated"),
        REVOKED("revoked"),
        FORBIDDEN("forbidden"),
        TOO_LARGE("too-large"),
        INVALID_REQUEST("invalid-request"),
        NOT_FOUND("not-found"),
        /** A global version that is stored but not (yet) announced: maybe uncommitted, maybe an event in flight. */
        NOT_ANNOUNCED("not-announced");

        private final String tag;

        Refusal(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** The {@code operation} tag values of {@code asyn2f.gateway.urls.issued}. */
    public static final String UPDATE_UPLOAD = "update-upload";
    public static final String GLOBAL_UPLOAD = "global-upload";
    public static final String GLOBAL_DOWNLOAD = "global-download";
    public static final String DOWNLOAD = "download";

    private final MeterRegistry registry;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Registered up front so dashboards and alerts see zeros rather than missing series.
        for (String operation : new String[] { UPDATE_UPLOAD, GLOBAL_UPLOAD, GLOBAL_DOWNLOAD, DOWNLOAD }) {
            issued(operation);
        }
        for (Refusal reason : Refusal.values()) {
            refusals(reason);
        }
    }

    /** A presigned URL was handed out; {@code operation} is e.g. {@code update-upload}. */
    public void urlIssued(String operation) {
        issued(operation).increment();
    }

    public void refused(Refusal reason) {
        refusals(reason).increment();
    }

    private Counter issued(String operation) {
        return Counter.builder("asyn2f.gateway.urls.issued")
                .description("Presigned URLs handed out, by operation")
                .tag("operation", operation)
                .register(registry);
    }

    private Counter refusals(Refusal reason) {
        return Counter.builder("asyn2f.gateway.refusals")
                .description("Requests refused, by reason")
                .tag("reason", reason.tag())
                .register(registry);
    }

    /** An event from the broker was applied; {@code type} is the event's short type id. */
    public void eventApplied(String type) {
        Counter.builder("asyn2f.gateway.events.applied")
                .description("worker.revoked and global.published events applied")
                .tag("type", type)
                .register(registry)
                .increment();
    }
}
