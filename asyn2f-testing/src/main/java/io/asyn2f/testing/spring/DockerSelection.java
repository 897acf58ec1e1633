package io.asyn2f.testing.spring;

import java.util.function.Supplier;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import io.asyn2f.testing.Source;

/**
 * Matches when the Docker path (Testcontainers) is, or is not, the one selected for a piece of the test
 * infrastructure: a configuration declares its container bean on one side and its property registrar on the other.
 */
abstract class DockerSelection implements Condition {

    private final Supplier<Source> selected;
    private final boolean docker;

    DockerSelection(Supplier<Source> selected, boolean docker) {
        this.selected = selected;
        this.docker = docker;
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return (selected.get() == Source.TESTCONTAINERS) == docker;
    }
}
