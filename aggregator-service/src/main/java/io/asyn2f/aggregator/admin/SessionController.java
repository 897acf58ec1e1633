package io.asyn2f.aggregator.admin;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.validation.Valid;

import org.springframework.data.domain.Limit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.asyn2f.aggregator.admin.SessionViews.ParticipantView;
import io.asyn2f.aggregator.admin.SessionViews.RejectionView;
import io.asyn2f.aggregator.admin.SessionViews.SessionDetail;
import io.asyn2f.aggregator.admin.SessionViews.SessionSummary;
import io.asyn2f.aggregator.admin.SessionViews.UpdatePage;
import io.asyn2f.aggregator.admin.SessionViews.UpdateView;
import io.asyn2f.aggregator.admin.SessionViews.VersionView;
import io.asyn2f.aggregator.admin.SessionViews.WorkerCounts;
import io.asyn2f.aggregator.lifecycle.SessionLifecycle;
import io.asyn2f.aggregator.session.SessionConfig;
import io.asyn2f.aggregator.session.SessionConfigs;
import io.asyn2f.aggregator.session.SessionWorker;
import io.asyn2f.aggregator.session.SessionWorkerRepository;
import io.asyn2f.aggregator.session.TrainingSession;
import io.asyn2f.aggregator.storage.ModelStore;
import io.asyn2f.aggregator.update.RecordedUpdate;
import io.asyn2f.aggregator.update.RecordedUpdateRepository;
import io.asyn2f.aggregator.update.UpdateRejectionRepository;
import io.asyn2f.aggregator.version.GlobalVersion;
import io.asyn2f.aggregator.version.GlobalVersionRepository;
import io.asyn2f.aggregator.version.VersionParticipant;
import io.asyn2f.aggregator.version.VersionParticipantRepository;
import io.asyn2f.aggregator.web.ApiException;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.web.ApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The admin API for sessions (HTTP Basic, see {@code AdminSecurityConfig}). */
@RestController
@RequestMapping("/api/v1/sessions")
@Tag(name = "sessions", description = "Training sessions, their versions, updates and models")
@SecurityRequirement(name = ApiDocs.ADMIN_BASIC)
class SessionController {

    /** The most updates one page of {@code GET /{id}/updates} holds. */
    static final int MAX_UPDATE_PAGE = 10_000;

    private final SessionService service;
    private final SessionLifecycle lifecycle;
    private final SessionConfigs configs;
    private final SessionWorkerRepository workers;
    private final GlobalVersionRepository versions;
    private final VersionParticipantRepository participants;
    private final RecordedUpdateRepository updates;
    private final UpdateRejectionRepository rejections;
    private final ModelStore store;
    private final VersionPins pins;

    SessionController(SessionService service, SessionLifecycle lifecycle, SessionConfigs configs,
            SessionWorkerRepository workers, GlobalVersionRepository versions,
            VersionParticipantRepository participants, RecordedUpdateRepository updates,
            UpdateRejectionRepository rejections, ModelStore store, VersionPins pins) {
        this.service = service;
        this.lifecycle = lifecycle;
        this.configs = configs;
        this.workers = workers;
        this.versions = versions;
        this.participants = participants;
        this.updates = updates;
        this.rejections = rejections;
        this.store = store;
        this.pins = pins;
    }

    @Operation(operationId = "createSession", summary = "Create a session",
            description = "Fields left out take their defaults; everything is validated before anything is created "
                    + "(a bad request creates nothing). Version 0 is written to the store; the session runs once "
                    + "minWorkers trainers registered. The strategy's own parameters are flat next to its name.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "asyn2f on Fashion-MNIST", value = """
                            {"modelArchitecture": "mlp:784-128-10",
                             "dataset": {"name": "fashion-mnist", "description": "10 non-iid partitions"},
                             "strategy": {"name": "asyn2f", "m": 3, "beta": 0.6, "alphaForm": "BETA_ON_LOSS"},
                             "maxWait": "PT60S", "minWorkers": 3,
                             "exchange": {"exchangeEveryEpochs": 5, "batchSize": 128},
                             "learningRate": {"schedule": "cosine", "initial": 0.1, "minimum": 0.005,
                                              "periodVersions": 100},
                             "stop": {"targetAccuracy": 0.85, "maxVersion": 200, "maxWallTime": "PT2H"},
                             "seed": 42}"""),
                    @ExampleObject(name = "FedAvg, defaults elsewhere", value = """
                            {"modelArchitecture": "mlp:784-128-10", "dataset": {"name": "fashion-mnist"},
                             "strategy": {"name": "fedavg"}, "minWorkers": 5}""")})))
    @ApiResponse(responseCode = "201", description = "the session, as GET /{id} shows it",
            headers = @Header(name = "Location", description = "the session's path",
                    schema = @Schema(type = "string")), useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "invalid fields, each in errors with the bound it breaks")
    @ApiResponse(responseCode = "409", description = "the id is taken, or too many sessions are open")
    @ApiResponse(responseCode = "503", description = "the object store is not available (Retry-After: 5); "
            + "nothing was created")
    @PostMapping
    ResponseEntity<SessionDetail> create(@Valid @RequestBody SessionConfig request) {
        TrainingSession session = service.create(request);
        return ResponseEntity.created(URI.create("/api/v1/sessions/" + session.id()))
                .body(detail(service.get(session.id())));
    }

    @Operation(operationId = "listSessions", summary = "All sessions, newest first")
    @GetMapping
    List<SessionSummary> list() {
        return service.list().stream().map(s -> new SessionSummary(s.id(), s.state(),
                s.stopReason() == null ? null : s.stopReason().name(), s.strategy(), s.architecture(),
                s.currentVersion(), s.lastAccuracy(), s.createdAt())).toList();
    }

    @Operation(operationId = "getSession", summary = "One session",
            description = "State, stop reason, current version, last accuracy, pending updates, worker counts, "
                    + "times and the full configuration with every default filled in.")
    @ApiResponse(responseCode = "200", description = "the session", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "no such session")
    @GetMapping("/{id}")
    SessionDetail get(@PathVariable String id) {
        return detail(service.get(id));
    }

    @Operation(operationId = "stopSession", summary = "Stop a session (reason ADMIN)")
    @ApiResponse(responseCode = "200", description = "the session, stopped", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "no such session")
    @ApiResponse(responseCode = "409", description = "the session is already over")
    @PostMapping("/{id}/stop")
    SessionDetail stop(@PathVariable String id) {
        return detail(lifecycle.stop(id));
    }

    @Operation(operationId = "listVersions", summary = "Every global version of a session",
            description = "Time, object key, sha-256, size, participants with their weights and staleness, the "
                    + "published averages and learning rate, accuracy, pinned and retention state.")
    @ApiResponse(responseCode = "200", description = "the versions, oldest first", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "no such session")
    @GetMapping("/{id}/versions")
    List<VersionView> versions(@PathVariable String id) {
        service.get(id);
        Map<Long, List<ParticipantView>> byVersion = participants.findBySession(id).stream()
                .collect(Collectors.groupingBy(VersionParticipant::version, Collectors.mapping(
                        p -> new ParticipantView(p.updateId(), p.workerId(), p.weight(), p.staleness()),
                        Collectors.toList())));
        return versions.findBySession(id).stream()
                .map(v -> view(v, byVersion.getOrDefault(v.version(), List.of()))).toList();
    }

    /** Keeps the version's blob regardless of retention; 409 if retention already deleted it. */
    @Operation(operationId = "pinVersion", summary = "Pin a version: retention keeps its blob")
    @ApiResponse(responseCode = "200", description = "the version", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "no such session or version")
    @ApiResponse(responseCode = "409", description = "retention already deleted the blob")
    @PutMapping("/{id}/versions/{version}/pin")
    VersionView pin(@PathVariable String id, @PathVariable long version) {
        service.get(id);
        return view(pins.pin(id, version), participantsOf(id, version));
    }

    @Operation(operationId = "unpinVersion", summary = "Unpin a version",
            description = "Its blob goes at the next retention sweep unless it is among the newest kept.")
    @ApiResponse(responseCode = "200", description = "the version", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "no such session or version")
    @DeleteMapping("/{id}/versions/{version}/pin")
    VersionView unpin(@PathVariable String id, @PathVariable long version) {
        service.get(id);
        return view(pins.unpin(id, version), participantsOf(id, version));
    }

    /**
     * The session's recorded updates in arrival order, a page of at most {@code limit} after the cursor {@code after}
     * (the {@code next} of the previous page), optionally in one {@code status}: where each accepted update went.
     */
    @Operation(operationId = "listUpdates", summary = "A session's recorded updates, a page at a time",
            description = "In arrival order: where each accepted update went (pending, used in a version, "
                    + "discarded or rejected, with the reason). Pass next as after for the following page; it is "
                    + "null on the last.")
    @ApiResponse(responseCode = "200", description = "one page and the cursor of the next", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "an unknown status, or limit outside 1-10000")
    @ApiResponse(responseCode = "404", description = "no such session")
    @GetMapping("/{id}/updates")
    UpdatePage updates(@PathVariable String id,
            @Parameter(description = "only updates in this status (case-insensitive)",
                    schema = @Schema(allowableValues = {"PENDING", "USED", "DISCARDED", "REJECTED"}))
            @RequestParam(required = false) String status,
            @Parameter(description = "the cursor: next of the previous page") @RequestParam(defaultValue = "0")
            long after,
            @Parameter(description = "most updates in the page, 1-10000") @RequestParam(defaultValue = "1000")
            int limit) {
        service.get(id);
        if (limit < 1 || limit > MAX_UPDATE_PAGE) {
            throw ApiException.invalid(List.of(Map.of("field", "limit",
                    "message", "must be between 1 and " + MAX_UPDATE_PAGE + ", was " + limit)));
        }
        List<RecordedUpdate> page = status == null
                ? updates.findBySessionIdAndIdGreaterThanOrderById(id, after, Limit.of(limit))
                : updates.findBySessionIdAndStatusAndIdGreaterThanOrderById(id, status(status), after, Limit.of(limit));
        List<UpdateView> views = page.stream().map(u -> new UpdateView(u.id(), u.updateId(), u.workerId(), u.status(),
                u.statusReason(), u.consumedInVersion(), u.baseVersion(), u.submittedAt(), u.receivedAt())).toList();
        return new UpdatePage(views, page.size() < limit ? null : page.get(page.size() - 1).id());
    }

    private static RecordedUpdate.Status status(String name) {
        try {
            return RecordedUpdate.Status.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(List.of(Map.of("field", "status", "message", "must be one of "
                    + java.util.Arrays.toString(RecordedUpdate.Status.values()) + ", was '" + name + "'")));
        }
    }

    @Operation(operationId = "listRejections", summary = "Refused update events of a session, with their reasons")
    @ApiResponse(responseCode = "200", description = "the rejections, oldest first", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "no such session")
    @GetMapping("/{id}/rejections")
    List<RejectionView> rejections(@PathVariable String id) {
        service.get(id);
        return rejections.findBySessionIdOrderById(id).stream().map(r -> new RejectionView(r.eventId(),
                r.updateId(), r.workerId(), r.reason(), r.detail(), r.receivedAt())).toList();
    }

    /** Streams a global model blob; the body is exactly the stored object, its sha-256 in the ETag. */
    @Operation(operationId = "downloadModel", summary = "The global model blob of a version",
            description = "Streamed, exactly the stored object (the asyn2f blob format, docs/model-format.md); its "
                    + "sha-256 is the ETag.")
    @ApiResponse(responseCode = "200", description = "the blob", headers = @Header(name = "ETag",
            description = "the blob's sha-256, quoted", schema = @Schema(type = "string")), content = @Content(mediaType = "application/octet-stream",
            schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "404", description = "no such session or version")
    @ApiResponse(responseCode = "410", description = "retention deleted the blob")
    @ApiResponse(responseCode = "503", description = "the object store is not available (Retry-After: 5)")
    @GetMapping(value = "/{id}/versions/{version}/model", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<StreamingResponseBody> model(@PathVariable String id, @PathVariable long version) {
        service.get(id);
        GlobalVersion stored = versions.findById(new GlobalVersion.Key(id, version))
                .orElseThrow(() -> ApiException.notFound("session " + id + " has no version " + version));
        if (!stored.blobStored()) {
            throw ApiException.gone("the blob of version " + version + " of session " + id
                    + " was deleted by retention at " + stored.blobDeletedAt());
        }
        StreamingResponseBody body = out -> {
            try (InputStream in = store.open(stored.objectKey())) {
                in.transferTo(out);
            }
        };
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(stored.sizeBytes())
                .eTag("\"" + stored.sha256() + "\"")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + "-v" + version + ".a2fm\"")
                .body(body);
    }

    private List<ParticipantView> participantsOf(String id, long version) {
        return participants.findByVersion(id, version).stream()
                .map(p -> new ParticipantView(p.updateId(), p.workerId(), p.weight(), p.staleness())).toList();
    }

    private static VersionView view(GlobalVersion v, List<ParticipantView> participants) {
        return new VersionView(v.version(), v.createdAt(), v.objectKey(), v.sha256(), v.sizeBytes(), participants,
                v.avgQuality(), v.avgLoss(), v.totalSamples(), v.learningRate(), v.scheduleStep(), v.accuracy(),
                v.pinned(), v.blobStored(), v.blobDeletedAt(), v.fencingToken());
    }

    private SessionDetail detail(TrainingSession s) {
        List<SessionWorker> all = workers.findBySession(s.id());
        WorkerCounts counts = new WorkerCounts(
                all.stream().filter(w -> w.state() == SessionWorker.State.ACTIVE && w.role() == WorkerRole.TRAINER)
                        .count(),
                all.stream().filter(w -> w.state() == SessionWorker.State.ACTIVE && w.role() == WorkerRole.TESTER)
                        .count(),
                all.stream().filter(w -> w.state() == SessionWorker.State.LOST).count(),
                all.stream().filter(w -> w.state() == SessionWorker.State.REVOKED).count());
        return new SessionDetail(s.id(), s.state(), s.stopReason() == null ? null : s.stopReason().name(),
                s.stopDetail(), s.strategy(), s.architecture(), s.currentVersion(), s.lastAccuracy(),
                updates.countBySessionIdAndStatus(s.id(), RecordedUpdate.Status.PENDING), counts, s.createdAt(),
                s.startedAt(), s.lastVersionAt(), s.finishedAt(), configs.runtime(s).config());
    }
}
