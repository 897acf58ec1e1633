package io.asyn2f.registry.session;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.SessionOpened;
import io.asyn2f.api.event.SessionStopped;
import io.asyn2f.api.session.TrainingConfig;
import io.asyn2f.registry.web.Problems;

import tools.jackson.databind.json.JsonMapper;

/** Sessions as learned from events; answers whether a worker may register for one. */
@Service
public class SessionService {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);

    private final TrainingSessionRepository sessions;
    private final ProcessedEventRepository processedEvents;
    private final JsonMapper jsonMapper;
    private final Clock clock;
    private final ApplicationEventPublisher applicationEvents;

    SessionService(TrainingSessionRepository sessions, ProcessedEventRepository processedEvents,
            JsonMapper jsonMapper, Clock clock, ApplicationEventPublisher applicationEvents) {
        this.sessions = sessions;
        this.processedEvents = processedEvents;
        this.jsonMapper = jsonMapper;
        this.clock = clock;
        this.applicationEvents = applicationEvents;
    }

    /**
     * Applies a session event once: the event id is recorded in the same transaction, so a redelivery is skipped.
     * A stop that arrives before its open leaves the session closed for good.
     */
    @Transactional
    public void apply(EventEnvelope envelope) {
        if (processedEvents.existsById(envelope.eventId())) {
            log.debug("event {} already applied", envelope.eventId());
            return;
        }
        var now = clock.instant();
        if (envelope.event() instanceof SessionOpened opened) {
            TrainingSession session = sessions.findById(opened.sessionId())
                    .orElseGet(() -> new TrainingSession(opened.sessionId(), now));
            session.open(opened.strategy(), opened.modelArchitecture(), opened.uploadLimitBytes(),
                    jsonMapper.writeValueAsString(opened.trainingConfig()), now);
            sessions.save(session);
            log.info("session {} opened", opened.sessionId());
        } else if (envelope.event() instanceof SessionStopped stopped) {
            TrainingSession session = sessions.findById(stopped.sessionId())
                    .orElseGet(() -> new TrainingSession(stopped.sessionId(), now));
            session.stop(now);
            sessions.save(session);
            log.info("session {} stopped ({})", stopped.sessionId(), stopped.reason());
            applicationEvents.publishEvent(new SessionClosed(stopped.sessionId()));
        } else {
            log.debug("ignoring {} event {}", envelope.event().type(), envelope.eventId());
        }
        processedEvents.save(new ProcessedEvent(envelope.eventId(), envelope.event().type(), now));
    }

    /** The session if it is open: 404 problem if unknown, 409 if closed (or not opened yet). */
    @Transactional(readOnly = true)
    public OpenSession requireOpen(String sessionId) {
        TrainingSession session = sessions.findById(sessionId)
                .orElseThrow(() -> Problems.notFound("unknown session '" + abbreviate(sessionId) + "'"));
        if (session.status() != SessionStatus.OPEN) {
            throw Problems.conflict("session '" + sessionId + "' is closed");
        }
        return new OpenSession(sessionId, session.uploadLimitBytes(),
                jsonMapper.readValue(session.trainingConfig(), TrainingConfig.class));
    }

    /** Whether the session has ended (false for an open or unknown one). */
    @Transactional(readOnly = true)
    public boolean isClosed(String sessionId) {
        return sessions.findById(sessionId).map(session -> session.status() == SessionStatus.CLOSED).orElse(false);
    }

    /** When the session stopped, or empty while it is open or unknown. */
    @Transactional(readOnly = true)
    public Optional<Instant> stoppedAt(String sessionId) {
        return sessions.findById(sessionId).filter(session -> session.status() == SessionStatus.CLOSED)
                .map(TrainingSession::stoppedAt);
    }

    /** The session's upload limit, or 0 if the registry does not know it. */
    @Transactional(readOnly = true)
    public long uploadLimitBytes(String sessionId) {
        return sessions.findById(sessionId).map(TrainingSession::uploadLimitBytes).orElse(0L);
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
