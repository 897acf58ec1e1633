package io.asyn2f.cli;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a global model as a DL4J model file. The CLI has no DL4J of its own: the launcher, which carries the
 * worker's DL4J network builder, hands one in.
 */
@FunctionalInterface
public interface ModelExporter {

    /**
     * @param architecture the catalogue descriptor, e.g. {@code mlp:784-128-10}
     * @param parameters   the flat parameter vector in the catalogue's layout
     * @param learningRate the version's learning rate, kept in the network's updater for further training
     * @param file         where the {@code ModelSerializer} zip goes
     */
    void writeDl4j(String architecture, float[] parameters, double learningRate, Path file) throws IOException;
}
