package io.asyn2f.api.model;

/** A verified blob: its header and the flat parameter vector. */
public record ModelBlob(ModelBlobHeader header, float[] parameters) {
}
