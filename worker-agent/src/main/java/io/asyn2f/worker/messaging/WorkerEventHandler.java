package io.asyn2f.worker.messaging;

import io.asyn2f.api.event.GlobalModelPublished;
import io.asyn2f.api.event.SessionStopped;

/**
 * What a worker does with its session's events. Called on the listener thread; the message is acked when the method
 * returns, so a handler that throws gets the event retried (up to five attempts), then dead-lettered.
 */
public interface WorkerEventHandler {

    void globalModelPublished(GlobalModelPublished event);

    void sessionStopped(SessionStopped event);
}
