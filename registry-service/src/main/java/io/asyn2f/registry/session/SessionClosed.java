package io.asyn2f.registry.session;

/** Published in-process once a session.stopped event has been applied (after its commit, to listeners that ask). */
public record SessionClosed(String sessionId) {
}
