package io.asyn2f.registry.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.asyn2f.api.event.WorkerRole;

/** The permission patterns match exactly the worker's own names (RabbitMQ applies them as regular expressions). */
class WorkerPermissionsTests {

    private final WorkerPermissions trainer = WorkerPermissions.of("w-1", "s-1", WorkerRole.TRAINER);
    private final WorkerPermissions tester = WorkerPermissions.of("w-2", "s-1", WorkerRole.TESTER);

    @Test
    void shouldConfigureOnlyItsOwnQueues() {
        assertThat(trainer.username()).isEqualTo("asyn2f-worker-w-1");
        assertMatches(trainer.configure(), "asyn2f.worker.w-1", "asyn2f.worker.w-1.dlq");
        assertNoMatch(trainer.configure(), "asyn2f.events", "asyn2f.events.dlx", "asyn2f.worker.w-10",
                "asyn2f.worker.w-1x", "asyn2f.aggregator.updates", "asyn2fXworkerXw-1", "amq.default", "");
    }

    @Test
    void shouldWriteAndReadOnlyItsQueuesAndTheTwoExchanges() {
        assertMatches(trainer.write(), "asyn2f.worker.w-1", "asyn2f.worker.w-1.dlq", "asyn2f.events",
                "asyn2f.events.dlx");
        assertNoMatch(trainer.write(), "amq.default", "amq.topic", "asyn2f.worker.w-2", "asyn2f.registry.sessions");
        assertMatches(trainer.read(), "asyn2f.worker.w-1", "asyn2f.events", "asyn2f.events.dlx");
        assertNoMatch(trainer.read(), "asyn2f.worker.w-1.dlq", "asyn2f.worker.w-2", "asyn2f.aggregator.updates");
    }

    @Test
    void shouldPublishOnlyItsRolesEventOfItsSessionAndBindOnlyWhatItConsumes() {
        WorkerPermissions.TopicPermission events = trainer.topics().get(0);
        assertThat(events.exchange()).isEqualTo("asyn2f.events");
        assertMatches(events.write(), "update.submitted.s-1");
        assertNoMatch(events.write(), "update.submitted.s-2", "update.submitted.s-1x", "update.submitted.*",
                "evaluation.reported.s-1", "global.published.s-1", "session.stopped.s-1", "worker.registered.s-1");
        assertMatches(events.read(), "global.published.s-1", "session.stopped.s-1");
        assertNoMatch(events.read(), "global.published.*", "#", "update.submitted.s-1", "session.stopped.s-2");

        assertMatches(tester.topics().get(0).write(), "evaluation.reported.s-1");
        assertNoMatch(tester.topics().get(0).write(), "update.submitted.s-1");

        WorkerPermissions.TopicPermission deadLetters = trainer.topics().get(1);
        assertThat(deadLetters.exchange()).isEqualTo("asyn2f.events.dlx");
        assertMatches(deadLetters.write(), "asyn2f.worker.w-1");
        assertNoMatch(deadLetters.write(), "asyn2f.aggregator.updates", "asyn2f.worker.w-2", "#");
    }

    private static void assertMatches(String regex, String... names) {
        for (String name : names) {
            assertThat(Pattern.compile(regex).matcher(name).find()).as("%s matches %s", regex, name).isTrue();
        }
    }

    private static void assertNoMatch(String regex, String... names) {
        for (String name : names) {
            assertThat(Pattern.compile(regex).matcher(name).find()).as("%s matches %s", regex, name).isFalse();
        }
    }
}
