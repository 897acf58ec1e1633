package io.asyn2f.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * What the tables and summaries show of the services' JSON (the fields of docs/aggregator-api.md and
 * docs/registry-api.md). A field that is absent or null shows as {@code -}; times to the second, in UTC.
 */
final class Views {

    private Views() {
    }

    static String sessions(JsonNode sessions) {
        Table table = new Table("ID", "STATE", "STRATEGY", "MODEL", ">VERSION", ">ACCURACY", "STOPPED BY", "CREATED");
        for (JsonNode s : sessions) {
            table.row(text(s, "id"), text(s, "state"), text(s, "strategy"), text(s, "modelArchitecture"),
                    text(s, "currentVersion"), decimal4(s, "lastAccuracy"), text(s, "stopReason"),
                    instant(s, "createdAt"));
        }
        return table.isEmpty() ? "no sessions" + System.lineSeparator() : table.render();
    }

    static String session(JsonNode s) {
        List<String[]> lines = new ArrayList<>();
        JsonNode config = s.path("config");
        lines.add(new String[] {"id", text(s, "id")});
        lines.add(new String[] {"state", text(s, "state")});
        if (present(s, "stopReason")) {
            lines.add(new String[] {"stopped by", text(s, "stopReason")
                    + (present(s, "stopDetail") ? " (" + text(s, "stopDetail") + ")" : "")});
        }
        lines.add(new String[] {"strategy", strategy(config.path("strategy"), text(s, "strategy"))});
        lines.add(new String[] {"model", text(s, "modelArchitecture")});
        lines.add(new String[] {"dataset", text(config.path("dataset"), "name")});
        lines.add(new String[] {"current version", text(s, "currentVersion")});
        lines.add(new String[] {"last accuracy", decimal4(s, "lastAccuracy")});
        lines.add(new String[] {"pending updates", text(s, "pendingUpdates")});
        JsonNode workers = s.path("workers");
        lines.add(new String[] {"workers", count(workers, "activeTrainers", "trainer") + ", "
                + count(workers, "activeTesters", "tester") + " active; " + text(workers, "lost") + " lost, "
                + text(workers, "revoked") + " revoked"});
        lines.add(new String[] {"min workers", text(config, "minWorkers")});
        lines.add(new String[] {"stop when", stopConditions(config.path("stop"))});
        lines.add(new String[] {"created", instant(s, "createdAt")});
        lines.add(new String[] {"started", instant(s, "startedAt")});
        lines.add(new String[] {"last version", instant(s, "lastVersionAt")});
        lines.add(new String[] {"finished", instant(s, "finishedAt")});
        int width = lines.stream().mapToInt(line -> line[0].length()).max().orElse(0) + 1;
        StringBuilder text = new StringBuilder();
        for (String[] line : lines) {
            String value = line[1] == null ? "-" : line[1];
            text.append(String.format(Locale.ROOT, "%-" + (width + 1) + "s %s", line[0] + ":", value).stripTrailing())
                    .append(System.lineSeparator());
        }
        return text.toString();
    }

    static String versions(JsonNode versions) {
        Table table = new Table(">VERSION", "CREATED", ">PARTICIPANTS", ">AVG LOSS", ">SAMPLES", ">LEARNING RATE",
                ">ACCURACY", "BLOB");
        for (JsonNode v : versions) {
            table.row(text(v, "version"), instant(v, "createdAt"), Integer.toString(v.path("participants").size()),
                    number(v, "avgLoss"), text(v, "totalSamples"), number(v, "learningRate"), decimal4(v, "accuracy"),
                    blob(v));
        }
        return table.isEmpty() ? "no versions" + System.lineSeparator() : table.render();
    }

    static String rejections(JsonNode rejections) {
        Table table = new Table("RECEIVED", "WORKER", "UPDATE", "REASON", "DETAIL");
        for (JsonNode r : rejections) {
            table.row(instant(r, "receivedAt"), text(r, "workerId"), text(r, "updateId"), text(r, "reason"),
                    shortened(text(r, "detail"), 80));
        }
        return table.isEmpty() ? "no rejected updates" + System.lineSeparator() : table.render();
    }

    static String workers(JsonNode workers) {
        Table table = new Table("WORKER", "SESSION", "ROLE", "STATE", ">SAMPLES", ">QUALITY", "REGISTERED",
                "LAST HEARTBEAT");
        for (JsonNode w : workers) {
            table.row(text(w, "workerId"), text(w, "sessionId"), lower(text(w, "role")), text(w, "state"),
                    text(w, "samples"), number(w, "quality"), instant(w, "registeredAt"), instant(w, "lastHeartbeat"));
        }
        return table.isEmpty() ? "no workers" + System.lineSeparator() : table.render();
    }

    static String revoked(JsonNode worker) {
        return "worker " + text(worker, "workerId") + " of session " + text(worker, "sessionId") + ": "
                + text(worker, "state") + " since " + instant(worker, "revokedAt") + " (" + text(worker, "revokeReason")
                + ")" + System.lineSeparator();
    }

    static String enrollment(JsonNode issued) {
        JsonNode token = issued.path("enrollmentToken");
        String role = present(token, "role") ? lower(text(token, "role")) : "trainer or tester";
        String nl = System.lineSeparator();
        return "enrollment token for session " + text(token, "sessionId") + ": " + text(token, "maxWorkers")
                + " seat(s), " + role + (present(token, "fixedSamples") ? ", " + text(token, "fixedSamples")
                        + " samples each" : "") + ", expires " + instant(token, "expiresAt") + " (id "
                + text(token, "tokenId") + ")" + nl
                + text(issued, "token") + nl
                + "Workers present it as asyn2f.worker.enrollment-token (ASYN2F_WORKER_ENROLLMENTTOKEN); it is shown "
                + "only this once." + nl;
    }

    /** {@code asyn2f (m 3, beta 0.6, alphaForm BETA_ON_LOSS)}: the strategy and its parameters. */
    private static String strategy(JsonNode strategy, String name) {
        List<String> parameters = new ArrayList<>();
        for (var entry : strategy.properties()) {
            if (!entry.getKey().equals("name") && !entry.getValue().isNull()) {
                parameters.add(entry.getKey() + " " + (entry.getValue().isValueNode() ? entry.getValue().asString()
                        : entry.getValue().toString()));
            }
        }
        return parameters.isEmpty() ? name : name + " (" + String.join(", ", parameters) + ")";
    }

    private static String stopConditions(JsonNode stop) {
        List<String> conditions = new ArrayList<>();
        if (present(stop, "targetAccuracy")) {
            conditions.add("accuracy >= " + text(stop, "targetAccuracy"));
        }
        if (present(stop, "maxVersion")) {
            conditions.add("version " + text(stop, "maxVersion"));
        }
        if (present(stop, "maxWallTime")) {
            conditions.add("after " + text(stop, "maxWallTime"));
        }
        return conditions.isEmpty() ? "stopped by an operator" : String.join(", ", conditions);
    }

    private static String blob(JsonNode version) {
        if (version.has("blobStored") && !version.path("blobStored").asBoolean()) {
            return "deleted";
        }
        return version.path("pinned").asBoolean() ? "pinned" : "stored";
    }

    static boolean present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull() && !value.isMissingNode();
    }

    static String text(JsonNode node, String field) {
        return present(node, field) ? node.get(field).asString() : null;
    }

    /** Accuracy and the like: four decimals. */
    static String decimal4(JsonNode node, String field) {
        return present(node, field) ? String.format(Locale.ROOT, "%.4f", node.get(field).asDouble()) : null;
    }

    /** Four significant digits, no trailing zeros: 0.05, 0.3467, 12000. */
    static String number(JsonNode node, String field) {
        if (!present(node, field)) {
            return null;
        }
        double value = node.get(field).asDouble();
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    static String instant(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return value;
        }
    }

    /** {@code 1 tester}, {@code 3 trainers}. */
    private static String count(JsonNode node, String field, String noun) {
        long count = node.path(field).asLong();
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    private static String shortened(String text, int max) {
        if (text == null) {
            return null;
        }
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= max ? flat : flat.substring(0, max - 3) + "...";
    }
}
