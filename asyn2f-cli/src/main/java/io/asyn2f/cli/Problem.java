package io.asyn2f.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An RFC 9457 problem detail as the services send it ({@code application/problem+json}), or what could be made of
 * an answer that is not one (a proxy's HTML page, an empty body).
 *
 * @param errors    the offending fields of a validation problem, as {@code field: message}
 * @param retryAfter the {@code Retry-After} header, null when absent
 */
record Problem(int status, String title, String detail, String type, List<String> errors, String retryAfter) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How much of a body that is not a problem detail is shown. */
    private static final int EXCERPT = 200;

    Problem {
        errors = List.copyOf(errors);
    }

    /** Reads a problem from an error answer; falls back to the status and an excerpt of the body. */
    static Problem of(int status, String contentType, String body, String retryAfter) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("json") && body != null && !body.isBlank()) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node.isObject()) {
                    List<String> errors = new ArrayList<>();
                    for (JsonNode error : node.path("errors")) {
                        String field = text(error.get("field"));
                        String message = text(error.get("message"));
                        errors.add(field == null ? String.valueOf(message) : field + ": " + message);
                    }
                    return new Problem(node.path("status").asInt(status), text(node.get("title")),
                            text(node.get("detail")), text(node.get("type")), errors, retryAfter);
                }
            } catch (JacksonException e) {
                // Not JSON after all: shown as text below.
            }
        }
        String excerpt = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        if (excerpt.length() > EXCERPT) {
            excerpt = excerpt.substring(0, EXCERPT) + "...";
        }
        return new Problem(status, null, excerpt.isEmpty() ? null : excerpt, null, List.of(), retryAfter);
    }

    /**
     * One line, then one per offending field: {@code 404 Not Found: no session s-1}, with what to do for the
     * answers that have an obvious next step.
     */
    String describe() {
        StringBuilder text = new StringBuilder().append(status);
        text.append(' ').append(title != null ? title : reasonPhrase(status));
        if (detail != null && !detail.isBlank()) {
            text.append(": ").append(detail);
        }
        if (retryAfter != null) {
            text.append(" (retry after ").append(retryAfter).append(" s)");
        }
        for (String error : errors) {
            text.append(System.lineSeparator()).append("  - ").append(error);
        }
        return text.toString();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asString();
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP error";
        };
    }
}
