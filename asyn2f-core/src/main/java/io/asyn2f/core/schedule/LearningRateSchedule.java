package io.asyn2f.core.schedule;

/** The learning rate the server publishes with each global version. */
public interface LearningRateSchedule {

    /** The learning rate for global version {@code version} (version 0 is the initial model). */
    double at(long version);
}
