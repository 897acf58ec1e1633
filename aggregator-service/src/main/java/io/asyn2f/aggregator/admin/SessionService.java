package io.asyn2f.aggregator.admin;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.asyn2f.aggregator.config.AggregatorProperties;
import io.asyn2f.aggregator.metrics.AggregatorMetrics;
import io.asyn2f.aggregator.outbox.Outbox;
import io.asyn2f.aggregator.session.SessionConfig;
import io.asyn2f.aggregator.session.SessionConfigs;
import io.asyn2f.aggregator.session.SessionRuntime;
import io.asyn2f.aggregator.session.SessionState;
import io.asyn2f.aggregator.session.TrainingSession;
import io.asyn2f.aggregator.session.TrainingSessionRepository;
import io.asyn2f.aggregator.storage.ModelStore;
import io.asyn2f.aggregator.version.GlobalVersion;
import io.asyn2f.aggregator.version.GlobalVersionRepository;
import io.asyn2f.aggregator.web.ApiException;
import io.asyn2f.api.event.SessionOpened;
import io.asyn2f.api.model.BlobSummary;
import io.asyn2f.api.storage.ObjectKeys;

/** Creating sessions: version 0 goes to the store first, then session, version 0 and session.opened in one commit. */
@Service
class SessionService {

    private final TrainingSessionRepository sessions;
    private final GlobalVersionRepository versions;
    private final SessionConfigs configs;
    private final ModelStore store;
    private final Outbox outbox;
    private final AggregatorMetrics metrics;
    private final TransactionTemplate transactions;
    private final int maxOpenSessions;

    SessionService(TrainingSessionRepository sessions, GlobalVersionRepository versions, SessionConfigs configs,
            ModelStore store, Outbox outbox, AggregatorMetrics metrics, PlatformTransactionManager transactionManager,
            AggregatorProperties properties) {
        this.maxOpenSessions = properties.limits().maxOpenSessions();
        this.sessions = sessions;
        this.versions = versions;
        this.configs = configs;
        this.store = store;
        this.outbox = outbox;
        this.metrics = metrics;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    TrainingSession create(SessionConfig request) {
        SessionConfig normalised = configs.normalise(request);
        String id = normalised.id() != null ? normalised.id()
                : "s-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (sessions.existsById(id)) {
            throw ApiException.conflict("session " + id + " already exists");
        }
        // Checked before version 0 is built; concurrent requests may pass it together (by their number at most).
        long open = sessions.countByStateNotIn(EnumSet.of(SessionState.FINISHED, SessionState.FAILED));
        if (open >= maxOpenSessions) {
            throw new ApiException(HttpStatus.CONFLICT, "Too many open sessions", open + " sessions are not finished;"
                    + " at most " + maxOpenSessions + " may be open at once (asyn2f.aggregator.limits.max-open-sessions)."
                    + " Stop one or wait for one to finish", List.of());
        }
        SessionConfig config = normalised.withId(id);
        Instant now = Instant.now();
        TrainingSession session = new TrainingSession(id, config.modelArchitecture(), config.strategy().name(),
                configs.toJson(config), now);
        SessionRuntime runtime = configs.runtime(session);
        String key = ObjectKeys.globalModel(id, 0);
        BlobSummary blob = store.writeModel(key, runtime.architecture().fingerprint(),
                runtime.architecture().initialParameters(config.seed()));
        transactions.executeWithoutResult(status -> {
            sessions.saveAndFlush(session);
            versions.save(new GlobalVersion(id, 0, key, blob.sha256Hex(), blob.sizeBytes(), 0, 0, 0,
                    runtime.schedule().at(0), 0, now));
            outbox.append(new SessionOpened(id, runtime.strategy().name(), runtime.architecture().descriptor(),
                    runtime.uploadLimitBytes(), runtime.trainingConfig()));
        });
        metrics.version(id, 0);
        return session;
    }

    List<TrainingSession> list() {
        return sessions.findAllByOrderByCreatedAtDesc();
    }

    TrainingSession get(String id) {
        return sessions.findById(id).orElseThrow(() -> ApiException.notFound("no session " + id));
    }
}
