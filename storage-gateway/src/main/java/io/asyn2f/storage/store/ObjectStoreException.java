package io.asyn2f.storage.store;

/** The object store could not be reached or answered an error (not a refusal of the caller). */
public class ObjectStoreException extends RuntimeException {

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
