package io.asyn2f.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document a running service serves ({@code /v3/api-docs}) against the copy committed under
 * {@code docs/openapi/}: the test fails when code and document drift apart, and says how to regenerate the copy. Both
 * are compared in one canonical form (object keys sorted, two-space indentation, a final newline), which is also the
 * form the copy is written in, so a regenerated file differs from the old one only where the API changed.
 *
 * <p>Regenerate with {@code -Dasyn2f.openapi.write=true} on the service's document IT: the test then rewrites the
 * file and passes.
 */
public final class CommittedOpenApiDocument {

    /** System property: {@code true} rewrites the committed document from the served one instead of comparing. */
    public static final String WRITE_PROPERTY = "asyn2f.openapi.write";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private CommittedOpenApiDocument() {
    }

    /**
     * Fetches the document of the service on {@code port} and compares it with {@code docs/openapi/<service>.json}.
     *
     * @param module the Maven module and the document's name, e.g. {@code registry-service}
     * @param itClass the simple name of the IT that calls this, for the regeneration command
     */
    public static void assertMatchesServed(int port, String module, String itClass) throws Exception {
        String served = fetch(port);
        Path committed = projectRoot().resolve("docs/openapi").resolve(module + ".json");
        String regenerate = "./mvnw -B verify -pl " + module + " -am -Dtest=none"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=" + itClass
                + " -Dfailsafe.failIfNoSpecifiedTests=false -D" + WRITE_PROPERTY + "=true"
                + " (then review and commit " + projectRoot().relativize(committed) + ")";
        JsonNode servedDocument = canonical(JSON.readTree(served));
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, JSON.writeValueAsString(servedDocument) + "\n", StandardCharsets.UTF_8);
            System.out.println("wrote " + committed);
            return;
        }
        if (!Files.exists(committed)) {
            fail("No committed OpenAPI document at " + committed + ". Generate it with:\n  " + regenerate);
        }
        JsonNode committedDocument = canonical(JSON.readTree(Files.readString(committed, StandardCharsets.UTF_8)));
        List<String> differences = new ArrayList<>();
        compare("", committedDocument, servedDocument, differences);
        if (!differences.isEmpty()) {
            fail("The OpenAPI document " + module + " serves differs from " + projectRoot().relativize(committed)
                    + " (" + differences.size() + " difference(s); first ones below). If the API change is meant, "
                    + "regenerate the file with:\n  " + regenerate + "\n"
                    + String.join("\n", differences.subList(0, Math.min(20, differences.size()))));
        }
    }

    private static String fetch(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /v3/api-docs without credentials (asyn2f.api-docs.enabled=true): %s",
                response.body()).isEqualTo(200);
        return response.body();
    }

    /**
     * Object keys sorted at every level. Array order is kept where it means something (parameters, servers, enum
     * values); the arrays whose order comes only from the order springdoc met the classes in are sorted: the
     * document's {@code tags} by name and every {@code required} list.
     */
    static JsonNode canonical(JsonNode node) {
        return canonical(node, "");
    }

    private static JsonNode canonical(JsonNode node, String pointer) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            TreeSet<String> names = new TreeSet<>(node.propertyNames());
            for (String name : names) {
                sorted.set(name, canonical(node.get(name), pointer + "/" + name));
            }
            return sorted;
        }
        if (node.isArray()) {
            List<JsonNode> elements = new ArrayList<>();
            node.forEach(element -> elements.add(canonical(element, pointer + "/*")));
            if (pointer.equals("/tags")) {
                elements.sort(Comparator.comparing(tag -> tag.path("name").asString()));
            } else if (pointer.endsWith("/required") && elements.stream().allMatch(JsonNode::isString)) {
                elements.sort(Comparator.comparing(JsonNode::asString));
            }
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            elements.forEach(array::add);
            return array;
        }
        return node;
    }

    /** Adds a line per difference, as JSON pointers (RFC 6901) into the documents. */
    private static void compare(String pointer, JsonNode committed, JsonNode served, List<String> differences) {
        if (committed.isObject() && served.isObject()) {
            TreeSet<String> names = new TreeSet<>(committed.propertyNames());
            names.addAll(served.propertyNames());
            for (String name : names) {
                String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!served.has(name)) {
                    differences.add("  only in the committed file: " + child);
                } else if (!committed.has(name)) {
                    differences.add("  only in the served document: " + child);
                } else {
                    compare(child, committed.get(name), served.get(name), differences);
                }
            }
        } else if (committed.isArray() && served.isArray() && committed.size() == served.size()) {
            Iterator<JsonNode> a = committed.iterator();
            Iterator<JsonNode> b = served.iterator();
            for (int i = 0; a.hasNext(); i++) {
                compare(pointer + "/" + i, a.next(), b.next(), differences);
            }
        } else if (!committed.equals(served)) {
            differences.add("  " + (pointer.isEmpty() ? "/" : pointer) + ": committed " + abbreviate(committed)
                    + ", served " + abbreviate(served));
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }

    /**
     * The repository's root: {@code -Dasyn2f.root}, else the nearest folder up from the working directory (a module's
     * folder under Maven) that holds {@code mvnw}.
     */
    static Path projectRoot() {
        String configured = System.getProperty("asyn2f.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.exists(folder.resolve("mvnw")) && Files.isDirectory(folder.resolve("docs"))) {
                return folder;
            }
        }
        throw new IllegalStateException("no project root (a folder with mvnw and docs/) above "
                + Path.of("").toAbsolutePath() + "; set -Dasyn2f.root");
    }
}
