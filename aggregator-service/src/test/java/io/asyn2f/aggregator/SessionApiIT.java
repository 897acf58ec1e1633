package io.asyn2f.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.asyn2f.aggregator.support.AdminClient;
import io.asyn2f.aggregator.support.AggregatorITSupport;
import io.asyn2f.aggregator.support.FlTestClient;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.api.event.SessionOpened;
import io.asyn2f.api.event.SessionStopped;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.model.ModelBlob;
import io.asyn2f.api.model.ModelBlobReader;
import tools.jackson.databind.JsonNode;

/** The admin API: authentication, validation, creation, reading, download and stop. */
class SessionApiIT extends AggregatorITSupport {

    private static final String VALID = sessionJson("mlp:3-2", "{\"name\":\"asyn2f\",\"m\":2}",
            "\"minWorkers\":1,\"seed\":7,\"exchange\":{\"batchSize\":32},"
                    + "\"stop\":{\"targetAccuracy\":0.9,\"maxVersion\":50,\"maxWallTime\":\"PT1H\"}");

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldMoveASessionLeftInCreatedOnceItsOpenedEventWasSent() {
        String id = admin.createSession(sessionJson("mlp:3-2", "{\"name\":\"asyn2f\"}", ""));
        awaitState(id, "WAITING_FOR_WORKERS");
        // As if the in-process move after marking session.opened sent had been lost (crash or failure there).
        assertThat(jdbc.update("update aggregator.session set state = 'CREATED' where id = ?", id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from aggregator.outbox where session_id = ?"
                + " and type = 'session.opened' and sent_at is not null", Long.class, id)).isEqualTo(1);
        awaitState(id, "WAITING_FOR_WORKERS");
    }

    @Test
    void shouldRefuseRequestsWithoutOrWithWrongCredentialsAsProblems() {
        HttpResponse<String> none = admin.get("/api/v1/sessions", null, null);
        HttpResponse<String> wrong = admin.get("/api/v1/sessions", AdminClient.USER, "wrong");

        for (HttpResponse<String> response : java.util.List.of(none, wrong)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(admin.json(response.body()).path("status").asInt()).isEqualTo(401);
        }
    }

    @Test
    void shouldRejectInvalidSessionsWithProblemDetailsAndCreateNothing() {
        int before = admin.getJson("/api/v1/sessions").size();
        String[] invalid = {
                sessionJson("mlp:3-2", "{\"name\":\"asyn2f\",\"m\":0}", ""),
                sessionJson("resnet:9000", "{\"name\":\"asyn2f\"}", ""),
                sessionJson("mlp:3-2", "{\"name\":\"sgd\"}", ""),
                sessionJson("mlp:3-2", "{\"name\":\"asyn2f\"}", "\"uploadLimitBytes\":10"),
                sessionJson("mlp:3-2", "{\"name\":\"kafl\",\"globalWeight\":1.5}", ""),
                sessionJson("mlp:3-2", "{\"name\":\"asyn2f\",\"alphaForm\":\"SIDEWAYS\"}", ""),
                sessionJson("mlp:3-2", "{\"name\":\"fedasync\",\"staleness\":{\"function\":\"cubic\"}}", ""),
                sessionJson("mlp:3-2", "{\"name\":\"asyn2f\"}", "\"learningRate\":{\"initial\":0.001,\"minimum\":0.1}"),
                sessionJson("mlp:3-2", "{\"name\":\"asyn2f\"}", "\"maxWait\":\"PT0S\""),
                sessionJson("mlp:3-2", "{\"name\":\"asyn2f\"}", "\"id\":\"no spaces/allowed\""),
                "{\"modelArchitecture\":\"mlp:3-2\"}",
                "{not json"};

        for (String body : invalid) {
            HttpResponse<String> response = admin.post("/api/v1/sessions", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(body)
                    .startsWith("application/problem+json");
        }
        JsonNode problem = admin.json(admin.post("/api/v1/sessions", invalid[0]).body());
        assertThat(problem.path("errors").toString()).contains("strategy.m");
        assertThat(admin.getJson("/api/v1/sessions").size()).isEqualTo(before);
    }

    private static final String ASYN2F = "{\"name\":\"asyn2f\"}";

    /** One refusal per case: the request, the one field the problem must name, and what the message must say. */
    static Stream<Arguments> outOfBounds() {
        return Stream.of(
                Arguments.of("lr0 1e9", sessionJson("mlp:3-2", ASYN2F, "\"learningRate\":{\"initial\":1e9}"),
                        "learningRate.initial", "10"),
                Arguments.of("lr0 0", sessionJson("mlp:3-2", ASYN2F, "\"learningRate\":{\"initial\":0}"),
                        "learningRate.initial", "0"),
                Arguments.of("lrMin 11", sessionJson("mlp:3-2", ASYN2F,
                        "\"learningRate\":{\"initial\":0.1,\"minimum\":11}"), "learningRate.minimum", "10"),
                Arguments.of("period 1e12", sessionJson("mlp:3-2", ASYN2F,
                        "\"learningRate\":{\"periodVersions\":1000000000000}"), "learningRate.periodVersions",
                        "100000000"),
                Arguments.of("m 10001", sessionJson("mlp:3-2", "{\"name\":\"asyn2f\",\"m\":10001}", ""),
                        "strategy.m", "10000"),
                Arguments.of("K 10001", sessionJson("mlp:3-2", "{\"name\":\"fedbuff\",\"bufferSize\":10001}", ""),
                        "strategy.bufferSize", "10000"),
                Arguments.of("server lr 11", sessionJson("mlp:3-2",
                        "{\"name\":\"fedbuff\",\"serverLearningRate\":11}", ""), "strategy.serverLearningRate",
                        "10"),
                Arguments.of("beta 1.5", sessionJson("mlp:3-2", "{\"name\":\"asyn2f\",\"beta\":1.5}", ""),
                        "strategy.beta", "1"),
                Arguments.of("mixing 0", sessionJson("mlp:3-2", "{\"name\":\"fedasync\",\"mixing\":0}", ""),
                        "strategy.mixing", "0"),
                Arguments.of("momentum 1", sessionJson("mlp:3-2", "{\"name\":\"fedavgm\",\"momentum\":1}", ""),
                        "strategy.momentum", "[0, 1)"),
                Arguments.of("fedbuff's K with asyn2f", sessionJson("mlp:3-2",
                        "{\"name\":\"asyn2f\",\"bufferSize\":4}", ""), "strategy.bufferSize", "fedbuff only"),
                Arguments.of("unknown key", sessionJson("mlp:3-2", "{\"name\":\"kafl\",\"colour\":\"blue\"}", ""),
                        "strategy.colour", "not a parameter of kafl"),
                Arguments.of("parameters nested", sessionJson("mlp:3-2",
                        "{\"name\":\"asyn2f\",\"parameters\":{\"m\":4}}", ""), "strategy.parameters",
                        "not a parameter of asyn2f"),
                Arguments.of("maxStaleness 0", sessionJson("mlp:3-2", "{\"name\":\"fedavgm\",\"maxStaleness\":0}",
                        ""), "strategy.maxStaleness", "1"),
                Arguments.of("unknown strategy", sessionJson("mlp:3-2", "{\"name\":\"sgd\"}", ""), "strategy.name",
                        String.join(", ", io.asyn2f.core.aggregation.StrategyDefinition.names())),
                Arguments.of("maxWait 1 ms", sessionJson("mlp:3-2", ASYN2F, "\"maxWait\":\"PT0.001S\""),
                        "maxWait", "PT1S"),
                Arguments.of("maxWait 8 days", sessionJson("mlp:3-2", ASYN2F, "\"maxWait\":\"P8D\""),
                        "maxWait", "PT168H"),
                Arguments.of("maxWallTime 400 days", sessionJson("mlp:3-2", ASYN2F,
                        "\"stop\":{\"maxWallTime\":\"P400D\"}"), "stop.maxWallTime", "PT8760H"),
                Arguments.of("maxVersion 1e12", sessionJson("mlp:3-2", ASYN2F,
                        "\"stop\":{\"maxVersion\":1000000000000}"), "stop.maxVersion", "100000000"),
                Arguments.of("targetAccuracy 1.5", sessionJson("mlp:3-2", ASYN2F,
                        "\"stop\":{\"targetAccuracy\":1.5}"), "stop.targetAccuracy", "1"),
                Arguments.of("uploadLimitBytes 1e15", sessionJson("mlp:3-2", ASYN2F,
                        "\"uploadLimitBytes\":1000000000000000"), "uploadLimitBytes", "536870912"),
                Arguments.of("minWorkers 100000", sessionJson("mlp:3-2", ASYN2F, "\"minWorkers\":100000"),
                        "minWorkers", "10000"),
                Arguments.of("batchSize 65537", sessionJson("mlp:3-2", ASYN2F, "\"exchange\":{\"batchSize\":65537}"),
                        "exchange.batchSize", "65536"),
                Arguments.of("mlp:8000-8000-10", sessionJson("mlp:8000-8000-10", ASYN2F, ""), "modelArchitecture",
                        "50000000"),
                Arguments.of("mlp:30000-30000-10", sessionJson("mlp:30000-30000-10", ASYN2F, ""), "modelArchitecture",
                        "50000000"),
                Arguments.of("mlp:40000-40000-10", sessionJson("mlp:40000-40000-10", ASYN2F, ""), "modelArchitecture",
                        "50000000"),
                Arguments.of("mlp:65536-65536-10", sessionJson("mlp:65536-65536-10", ASYN2F, ""), "modelArchitecture",
                        "50000000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfBounds")
    void shouldRefuseAFieldOutOfBoundsWithAProblemNamingItAndCreateNothing(String name, String body, String field,
            String limit) {
        int before = admin.getJson("/api/v1/sessions").size();

        HttpResponse<String> response = admin.post("/api/v1/sessions", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode errors = admin.json(response.body()).path("errors");
        assertThat(errors.size()).as(response.body()).isEqualTo(1);
        assertThat(errors.get(0).path("field").asString()).isEqualTo(field);
        assertThat(errors.get(0).path("message").asString()).contains(limit);
        assertThat(admin.getJson("/api/v1/sessions").size()).isEqualTo(before);
    }

    @Test
    void shouldAcceptAnySeedAndTheLargestBoundsOfASmallModel() {
        String id = admin.createSession(sessionJson("mlp:3-2", "{\"name\":\"asyn2f\",\"m\":10000}",
                "\"seed\":-9223372036854775808,\"maxWait\":\"P7D\",\"minWorkers\":10000,"
                        + "\"learningRate\":{\"initial\":10,\"minimum\":10},\"uploadLimitBytes\":536870912"));

        assertThat(admin.session(id).path("config").path("seed").asLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(admin.post("/api/v1/sessions/" + id + "/stop", "").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseDefencesThatBoundNothingNamingTheField() {
        int before = admin.getJson("/api/v1/sessions").size();

        HttpResponse<String> factor = admin.post("/api/v1/sessions", sessionJson("mlp:3-2", "{\"name\":\"asyn2f\"}",
                "\"defences\":{\"clipFactor\":0.5}"));
        HttpResponse<String> negative = admin.post("/api/v1/sessions", sessionJson("mlp:3-2",
                "{\"name\":\"asyn2f\"}", "\"defences\":{\"maxNorm\":-1}"));

        assertThat(factor.statusCode()).isEqualTo(400);
        assertThat(admin.json(factor.body()).path("errors").toString()).contains("defences")
                .contains("clipFactor must be 0 (off) or >= 1");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(admin.json(negative.body()).path("errors").toString()).contains("defences.maxNorm");
        assertThat(admin.getJson("/api/v1/sessions").size()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAnUnknownRobustRuleNamingTheField() {
        HttpResponse<String> response = admin.post("/api/v1/sessions", sessionJson("mlp:3-2",
                "{\"name\":\"asyn2f\"}", "\"defences\":{\"robust\":{\"kind\":\"geometric-median\"}}"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(admin.json(response.body()).path("errors").toString()).contains("defences.robust.kind")
                .contains("median, trimmed-mean, multi-krum");
    }

    @Test
    void shouldRefuseATrimFractionOutsideItsRange() {
        HttpResponse<String> response = admin.post("/api/v1/sessions", sessionJson("mlp:3-2",
                "{\"name\":\"asyn2f\"}",
                "\"defences\":{\"robust\":{\"kind\":\"trimmed-mean\",\"trimFraction\":0.5}}"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(admin.json(response.body()).path("errors").toString()).contains("defences.robust.trimFraction")
                .contains("(0, 0.5)");
    }

    @Test
    void shouldRefuseKrumParametersOfNoUseOrOutOfRange() {
        HttpResponse<String> zero = admin.post("/api/v1/sessions", sessionJson("mlp:3-2", "{\"name\":\"asyn2f\"}",
                "\"defences\":{\"robust\":{\"kind\":\"multi-krum\",\"byzantine\":0}}"));
        HttpResponse<String> misplaced = admin.post("/api/v1/sessions", sessionJson("mlp:3-2",
                "{\"name\":\"asyn2f\"}", "\"defences\":{\"robust\":{\"kind\":\"median\",\"selected\":2}}"));

        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(admin.json(zero.body()).path("errors").toString()).contains("defences.robust.byzantine");
        assertThat(misplaced.statusCode()).isEqualTo(400);
        assertThat(admin.json(misplaced.body()).path("errors").toString()).contains("defences.robust.selected")
                .contains("multi-krum only");
    }

    @Test
    void shouldStoreARobustRuleWithItsDefaultsFilledIn() {
        String id = admin.createSession(sessionJson("mlp:3-2", "{\"name\":\"kafl\",\"m\":5}",
                "\"defences\":{\"robust\":{\"kind\":\"multi-krum\"}}"));

        JsonNode robust = admin.session(id).path("config").path("defences").path("robust");
        assertThat(robust.path("kind").asString()).isEqualTo("multi-krum");
        assertThat(robust.path("byzantine").asInt()).isEqualTo(1);
        assertThat(robust.path("selected").asInt()).isZero();
    }

    @Test
    void shouldCreateAFedAvgMSessionShowingItsParametersWithDefaults() {
        String id = admin.createSession(sessionJson("mlp:3-2", "{\"name\":\"FedAvgM\",\"momentum\":0.8}", ""));

        JsonNode strategy = admin.session(id).path("config").path("strategy");
        assertThat(strategy.path("name").asString()).isEqualTo("fedavgm");
        assertThat(strategy.path("momentum").asDouble()).isEqualTo(0.8);
        assertThat(strategy.path("serverLearningRate").asDouble()).isEqualTo(1.0);
        assertThat(strategy.has("m")).isFalse();
        assertThat(strategy.has("bufferSize")).isFalse();
        await().atMost(TIMEOUT).until(() -> !captured.of(SessionOpened.class, id).isEmpty());
        assertThat(captured.of(SessionOpened.class, id).get(0).strategy()).isEqualTo("fedavgm");
        assertThat(admin.post("/api/v1/sessions/" + id + "/stop", "").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldShowTheDefaultDefencesOfASession() {
        String id = admin.createSession(sessionJson("mlp:3-2", "{\"name\":\"asyn2f\"}", ""));

        JsonNode defences = admin.session(id).path("config").path("defences");
        assertThat(defences.path("enabled").asBoolean()).isTrue();
        assertThat(defences.path("samplesFactor").asDouble()).isEqualTo(2);
        assertThat(defences.path("lossFactor").asDouble()).isEqualTo(2);
        assertThat(defences.path("clipFactor").asDouble()).isEqualTo(3);
        assertThat(defences.path("robust").path("kind").asString()).isEqualTo("none");
    }

    @Test
    void shouldCreateAnnounceReadDownloadAndStopASession() throws Exception {
        String id = admin.createSession(VALID);

        awaitState(id, "WAITING_FOR_WORKERS");
        await().atMost(TIMEOUT).until(() -> !captured.of(SessionOpened.class, id).isEmpty());
        SessionOpened opened = captured.of(SessionOpened.class, id).get(0);
        assertThat(opened.strategy()).isEqualTo("asyn2f");
        assertThat(opened.modelArchitecture()).isEqualTo("mlp:3-2");
        assertThat(opened.uploadLimitBytes()).isEqualTo(80 + 4 * 8);
        assertThat(opened.trainingConfig().batchSize()).isEqualTo(32);
        assertThat(opened.trainingConfig().updateKind()).isEqualTo(UpdateKind.MODEL);
        assertThat(opened.trainingConfig().alphaForm()).isEqualTo("BETA_ON_LOSS");
        assertThat(opened.trainingConfig().seed()).isEqualTo(7);
        assertThat(opened.trainingConfig().exchangeEveryEpochs()).isEqualTo(5);

        JsonNode session = admin.session(id);
        assertThat(session.path("currentVersion").asLong()).isZero();
        assertThat(session.path("config").path("strategy").path("beta").asDouble()).isEqualTo(0.6);
        assertThat(admin.getJson("/api/v1/sessions").toString()).contains(id);
        assertThat(admin.get("/api/v1/sessions/nope").statusCode()).isEqualTo(404);

        JsonNode versions = versions(id);
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).path("version").asLong()).isZero();
        HttpResponse<byte[]> model = admin.getBytes("/api/v1/sessions/" + id + "/versions/0/model");
        assertThat(model.statusCode()).isEqualTo(200);
        assertThat(FlTestClient.sha256(model.body())).isEqualTo(versions.get(0).path("sha256").asString());
        ModelBlob blob = ModelBlobReader.lenient().read(new ByteArrayInputStream(model.body()));
        assertThat(blob.parameters()).containsExactly(ModelCatalogue.resolve("mlp:3-2").initialParameters(7));
        assertThat(admin.getBytes("/api/v1/sessions/" + id + "/versions/9/model").statusCode()).isEqualTo(404);

        fl.register(id, "w-api", WorkerRole.TRAINER);
        awaitState(id, "RUNNING");
        assertThat(admin.session(id).path("workers").path("activeTrainers").asLong()).isEqualTo(1);

        HttpResponse<String> stopped = admin.post("/api/v1/sessions/" + id + "/stop", "");
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(admin.json(stopped.body()).path("state").asString()).isEqualTo("FINISHED");
        assertThat(admin.json(stopped.body()).path("stopReason").asString()).isEqualTo("ADMIN");
        await().atMost(TIMEOUT).until(() -> !captured.of(SessionStopped.class, id).isEmpty());
        assertThat(captured.of(SessionStopped.class, id).get(0).reason()).isEqualTo(SessionStopped.StopReason.ADMIN);
        assertThat(admin.post("/api/v1/sessions/" + id + "/stop", "").statusCode()).isEqualTo(409);
    }
}
