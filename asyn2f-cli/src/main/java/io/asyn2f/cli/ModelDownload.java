package io.asyn2f.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.api.model.ModelBlob;
import io.asyn2f.api.model.ModelBlobReader;
import io.asyn2f.api.model.ModelFormatException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code models download}: one global version through the aggregator's admin API
 * ({@code GET /api/v1/sessions/{id}/versions/{v}/model}, the operator's credential; no store keys), checked before
 * anything is written where the user asked: the bytes' sha-256 against the version's, the blob against the session's
 * architecture (fingerprint, parameter count, checksum, finite values). Then written as it is ({@code asyn2f}) or as a
 * DL4J model file ({@code dl4j}); a failed download leaves no file behind.
 */
final class ModelDownload {

    enum Format { ASYN2F, DL4J }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double DEFAULT_RATE = 0.01;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ModelDownload() {
    }

    static Format format(String value) {
        if (value == null) {
            return Format.ASYN2F;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "asyn2f" -> Format.ASYN2F;
            case "dl4j" -> Format.DL4J;
            default -> throw CliException.usage("--format must be asyn2f or dl4j, was '" + value + "'");
        };
    }

    /** Downloads and writes the model; returns what was written (the JSON output of the command). */
    static ObjectNode run(AdminHttp aggregator, String sessionId, Long requestedVersion, Format format, Path file,
            ModelExporter exporter) {
        if (format == Format.DL4J && exporter == null) {
            throw CliException.usage("--format dl4j needs the DL4J export, which this build lacks; use ./asyn2f");
        }
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw CliException.usage("-o " + file + " is a directory; give a file name");
        }
        if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
            throw CliException.usage("-o " + file + ": the folder " + target.getParent() + " does not exist");
        }
        String sessionPath = "/api/v1/sessions/" + AdminHttp.segment(sessionId);
        JsonNode session = aggregator.get(sessionPath);
        String descriptor = session.path("modelArchitecture").asString();
        long version = requestedVersion != null ? requestedVersion : session.path("currentVersion").asLong();
        JsonNode listed = null;
        for (JsonNode v : aggregator.get(sessionPath + "/versions")) {
            if (v.path("version").asLong() == version) {
                listed = v;
            }
        }
        ModelArchitecture architecture;
        try {
            architecture = ModelCatalogue.resolve(descriptor);
        } catch (IllegalArgumentException e) {
            throw CliException.refused("session " + sessionId + " has the model " + descriptor + ", which this CLI "
                    + "cannot check: " + e.getMessage());
        }

        Path blobFile = null;
        Path exported = null;
        try {
            blobFile = partFile(target);
            MessageDigest digest = sha256();
            Optional<String> etag;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(blobFile), digest)) {
                etag = aggregator.download(sessionPath + "/versions/" + version + "/model", out);
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            String expected = listed != null && Views.present(listed, "sha256") ? listed.get("sha256").asString()
                    : etag.orElse(null);
            if (expected != null && !expected.equalsIgnoreCase(sha256)) {
                throw CliException.refused("version " + version + " of session " + sessionId + " arrived with sha-256 "
                        + sha256 + " but the aggregator lists " + expected + "; nothing was written");
            }
            ModelBlob blob;
            try (InputStream in = Files.newInputStream(blobFile)) {
                blob = ModelBlobReader.expecting(architecture.fingerprint(), architecture.parameterCount()).read(in);
            } catch (ModelFormatException e) {
                throw CliException.refused("version " + version + " of session " + sessionId + " is not a valid "
                        + descriptor + " model (" + e.reason() + ": " + e.getMessage() + "); nothing was written");
            }
            if (format == Format.ASYN2F) {
                move(blobFile, target);
            } else {
                exported = partFile(target);
                // Version 0 and any version the listing lacks: the catalogue network's usual starting rate.
                double learningRate = listed == null ? 0 : listed.path("learningRate").asDouble();
                exporter.writeDl4j(descriptor, blob.parameters(), learningRate > 0 ? learningRate : DEFAULT_RATE,
                        exported);
                move(exported, target);
            }
            ObjectNode result = JSON.createObjectNode();
            result.put("sessionId", sessionId);
            result.put("version", version);
            result.put("modelArchitecture", descriptor);
            result.put("parameters", architecture.parameterCount());
            result.put("format", format.name().toLowerCase(Locale.ROOT));
            result.put("file", target.toString());
            result.put("bytes", Files.size(target));
            result.put("sha256", sha256);
            if (listed != null && Views.present(listed, "accuracy")) {
                result.put("accuracy", listed.get("accuracy").asDouble());
            } else {
                result.putNull("accuracy");
            }
            return result;
        } catch (IOException e) {
            throw CliException.refused("writing " + file + " failed: " + e.getMessage());
        } finally {
            deleteQuietly(blobFile);
            deleteQuietly(exported);
        }
    }

    /** {@code downloaded version 14 of session s-1 (mlp:784-128-10, 101770 parameters, accuracy 0.8652) ...}. */
    static String describe(JsonNode result) {
        String format = result.path("format").asString();
        return "downloaded version " + result.path("version").asLong() + " of session "
                + result.path("sessionId").asString() + " (" + result.path("modelArchitecture").asString() + ", "
                + result.path("parameters").asLong() + " parameters" + (Views.present(result, "accuracy")
                        ? ", accuracy " + Views.decimal4(result, "accuracy") : "") + ")" + System.lineSeparator()
                + "  to " + result.path("file").asString() + ": " + result.path("bytes").asLong() + " bytes, "
                + (format.equals("dl4j") ? "a DL4J model (MultiLayerNetwork.load(file, false))"
                        : "the asyn2f blob (docs/model-format.md), sha-256 " + result.path("sha256").asString())
                + System.lineSeparator();
    }

    /**
     * A new file next to the target, so the final move is a rename; made like any file the user writes (the umask's
     * permissions), unlike {@code Files.createTempFile}'s owner-only ones.
     */
    private static Path partFile(Path target) throws IOException {
        Path part = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong())
                + ".part");
        Files.newOutputStream(part, StandardOpenOption.CREATE_NEW).close();
        return part;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file in the target folder; nothing to do about it now.
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
