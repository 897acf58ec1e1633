package io.asyn2f.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ViewsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NL = System.lineSeparator();

    @Test
    void shouldListSessionsAsATableWithNumbersRightAligned() {
        JsonNode sessions = JSON.readTree("""
                [ { "id": "s-3f2a9c0d1e7b", "state": "RUNNING", "stopReason": null, "strategy": "asyn2f",
                    "modelArchitecture": "mlp:784-128-10", "currentVersion": 14, "lastAccuracy": 0.86523,
                    "createdAt": "2026-11-28T12:00:00.123456Z" },
                  { "id": "s-1", "state": "FINISHED", "stopReason": "ADMIN", "strategy": "fedavg",
                    "modelArchitecture": "mlp:4-3-2", "currentVersion": 2, "lastAccuracy": null,
                    "createdAt": "2026-11-27T08:00:00Z" } ]""");

        assertThat(Views.sessions(sessions)).isEqualTo("""
                ID              STATE     STRATEGY  MODEL           VERSION  ACCURACY  STOPPED BY  CREATED
                s-3f2a9c0d1e7b  RUNNING   asyn2f    mlp:784-128-10       14    0.8652  -           2026-11-28T12:00:00Z
                s-1             FINISHED  fedavg    mlp:4-3-2             2         -  ADMIN       2026-11-27T08:00:00Z
                """);
        assertThat(Views.sessions(JSON.readTree("[]"))).isEqualTo("no sessions" + NL);
    }

    @Test
    void shouldShowOneSessionWithItsStrategyParametersAndStopConditions() {
        JsonNode session = JSON.readTree("""
                { "id": "s-1", "state": "FINISHED", "stopReason": "MAX_VERSION", "stopDetail": "version 5 reached",
                  "strategy": "asyn2f", "modelArchitecture": "mlp:4-3-2", "currentVersion": 5, "lastAccuracy": 0.75,
                  "pendingUpdates": 0, "workers": { "activeTrainers": 2, "activeTesters": 1, "lost": 0, "revoked": 1 },
                  "createdAt": "2026-11-28T12:00:00Z", "startedAt": "2026-11-28T12:00:01Z", "lastVersionAt": null,
                  "finishedAt": null,
                  "config": { "dataset": { "name": "synthetic" }, "minWorkers": 2,
                              "strategy": { "name": "asyn2f", "m": 1, "beta": 0.6, "alphaForm": "BETA_ON_LOSS",
                                            "maxStaleness": null },
                              "stop": { "targetAccuracy": 0.9, "maxVersion": 5, "maxWallTime": null } } }""");

        assertThat(Views.session(session)).isEqualTo(
                "id:               s-1" + NL
                + "state:            FINISHED" + NL
                + "stopped by:       MAX_VERSION (version 5 reached)" + NL
                + "strategy:         asyn2f (m 1, beta 0.6, alphaForm BETA_ON_LOSS)" + NL
                + "model:            mlp:4-3-2" + NL
                + "dataset:          synthetic" + NL
                + "current version:  5" + NL
                + "last accuracy:    0.7500" + NL
                + "pending updates:  0" + NL
                + "workers:          2 trainers, 1 tester active; 0 lost, 1 revoked" + NL
                + "min workers:      2" + NL
                + "stop when:        accuracy >= 0.9, version 5" + NL
                + "created:          2026-11-28T12:00:00Z" + NL
                + "started:          2026-11-28T12:00:01Z" + NL
                + "last version:     -" + NL
                + "finished:         -" + NL);
    }

    @Test
    void shouldListVersionsWithWhereTheirBlobIs() {
        JsonNode versions = JSON.readTree("""
                [ { "version": 0, "createdAt": "2026-11-28T12:00:00Z", "participants": [], "avgLoss": 0.0,
                    "totalSamples": 0, "learningRate": 0.0, "accuracy": null, "pinned": false, "blobStored": false },
                  { "version": 1, "createdAt": "2026-11-28T12:00:05Z",
                    "participants": [ { "workerId": "w-1" }, { "workerId": "w-2" } ], "avgLoss": 0.693147,
                    "totalSamples": 12000, "learningRate": 0.05, "accuracy": 0.8125, "pinned": true,
                    "blobStored": true } ]""");

        assertThat(Views.versions(versions)).isEqualTo("""
                VERSION  CREATED               PARTICIPANTS  AVG LOSS  SAMPLES  LEARNING RATE  ACCURACY  BLOB
                      0  2026-11-28T12:00:00Z             0         0        0              0         -  deleted
                      1  2026-11-28T12:00:05Z             2    0.6931    12000           0.05    0.8125  pinned
                """);
    }

    @Test
    void shouldListWorkersAndRejections() {
        JsonNode workers = JSON.readTree("""
                [ { "workerId": "w-5f0c", "sessionId": "s-1", "role": "TRAINER", "samples": 12000, "quality": 0.9,
                    "state": "ACTIVE", "registeredAt": "2026-11-28T12:00:00Z",
                    "lastHeartbeat": "2026-11-28T12:01:00Z" } ]""");
        JsonNode rejections = JSON.readTree("""
                [ { "eventId": "e-1", "updateId": "u-1", "workerId": "w-5f0c", "reason": "METADATA_MISMATCH",
                    "detail": "declared 24000 samples,\\nregistered 12000",
                    "receivedAt": "2026-11-28T12:02:00Z" } ]""");

        assertThat(Views.workers(workers)).isEqualTo("""
                WORKER  SESSION  ROLE     STATE   SAMPLES  QUALITY  REGISTERED            LAST HEARTBEAT
                w-5f0c  s-1      trainer  ACTIVE    12000      0.9  2026-11-28T12:00:00Z  2026-11-28T12:01:00Z
                """);
        assertThat(Views.rejections(rejections)).isEqualTo("""
                RECEIVED              WORKER  UPDATE  REASON             DETAIL
                2026-11-28T12:02:00Z  w-5f0c  u-1     METADATA_MISMATCH  declared 24000 samples, registered 12000
                """);
        assertThat(Views.workers(JSON.readTree("[]"))).isEqualTo("no workers" + NL);
    }

    @Test
    void shouldShowAnIssuedEnrollmentTokenOnceWithHowWorkersUseIt() {
        JsonNode issued = JSON.readTree("""
                { "token": "et-secret", "enrollmentToken": { "tokenId": "et-3f9c", "sessionId": "s-1", "role": null,
                  "fixedSamples": null, "maxWorkers": 6, "expiresAt": "2026-11-28T16:00:00Z" } }""");

        assertThat(Views.enrollment(issued)).isEqualTo("""
                enrollment token for session s-1: 6 seat(s), trainer or tester, expires 2026-11-28T16:00:00Z \
                (id et-3f9c)
                et-secret
                Workers present it as asyn2f.worker.enrollment-token (ASYN2F_WORKER_ENROLLMENTTOKEN); it is shown \
                only this once.
                """);
    }
}
