package io.asyn2f.core.model;

/** A verified blob: its header and the flat parameter vector. */
public record ModelBlob(ModelBlobHeader header, float[] parameters) {
}
