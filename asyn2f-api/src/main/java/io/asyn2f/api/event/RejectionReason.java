package io.asyn2f.api.event;

/**
 * Why the aggregator refused a {@code local_update.submitted} at intake or set a recorded update aside instead of
 * aggregating it: the code a rejection record, a dead letter's reason and the {@code reason} tag of
 * {@code asyn2f.aggregator.updates.rejected} carry (docs/aggregator-api.md, "Rejections"). A blob that fails to read
 * carries the blob format's own reason instead ({@code io.asyn2f.api.model.ModelFormatException.Reason}).
 */
public enum RejectionReason {
    /** The message is not an update event. */
    WRONG_EVENT_TYPE,
    /** This event id was recorded already. */
    DUPLICATE_EVENT,
    /** This update id was recorded already, from another event. */
    DUPLICATE_UPDATE,
    /** No such session. */
    UNKNOWN_SESSION,
    /** The session does not take updates (not running, or stopped). */
    SESSION_NOT_ACTIVE,
    /** The worker was revoked. */
    WORKER_REVOKED,
    /** The worker is not a trainer of the session. */
    UNKNOWN_WORKER,
    /** The object key is not under the worker's own prefix. */
    FOREIGN_OBJECT_KEY,
    /** A model where the strategy takes deltas, or the other way round. */
    KIND_MISMATCH,
    /** Built on a version the session has not committed. */
    BASE_VERSION_AHEAD,
    /** Larger than the session's upload limit. */
    TOO_LARGE,
    /** The event could not be read. */
    UNREADABLE,
    /** The object is not in the store. */
    OBJECT_MISSING,
    /** The object's size differs from the declared one. */
    SIZE_MISMATCH,
    /** The declared samples or quality differ from what the registry recorded for the worker. */
    METADATA_MISMATCH,
    /** Built on a version more than the session's {@code maxStaleness} old when it would be aggregated. */
    STALE,
    /** The object changed in the store after intake verified it. */
    CHANGED_IN_STORE,
    /** Aggregating it would make a parameter non-finite. */
    OVERFLOW,
    /** The event carries no access token. */
    TOKEN_MISSING,
    /** The access token does not verify. */
    TOKEN_INVALID,
    /** The access token had expired when the event was sent, or the event claims a time in the future. */
    TOKEN_EXPIRED,
    /** The event claims a time too long ago. */
    EVENT_TOO_OLD,
    /** The access token was not valid yet when the event was sent. */
    TOKEN_NOT_YET_VALID,
    /** The token is another worker's or another session's. */
    TOKEN_MISMATCH,
    /** The token's role may not send this event (a tester's update, a trainer's evaluation). */
    ROLE_NOT_ALLOWED
}
