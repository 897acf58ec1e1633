package io.asyn2f.aggregator.session;

/**
 * What the parts that learn of new material (an update recorded, a worker lost) tell the aggregation: look at this
 * session again soon. Implemented by the aggregation coordinator; declared here, below both, so that the intake and
 * the worker events do not depend on the aggregation package that depends on them.
 */
public interface AggregationTrigger {

    /** Asks for the session's strategy to be consulted soon; returns at once. */
    void trigger(String sessionId);
}
