package io.asyn2f.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.ModelBlobWriter;

/**
 * The CLI against a small HTTP server in this JVM that answers as the services do (the real services are driven
 * in asyn2f-standalone's {@code CliIT}): what is sent, what is printed, exit codes.
 */
class CliTests {

    private static final String ARCHITECTURE = "mlp:4-3-2";

    @TempDir
    Path folder;

    private HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();
    private final Map<String, String> lastBody = new ConcurrentHashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private record Answer(int status, String contentType, byte[] body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldCreateASessionFromYamlWithTheAdminCredential() throws IOException {
        Path file = Files.writeString(folder.resolve("session.yaml"), "modelArchitecture: mlp:4-3-2\n"
                + "strategy: { name: asyn2f, m: 1 }\n");
        answer("POST /api/v1/sessions", 201, "{\"id\":\"s-1\",\"state\":\"CREATED\",\"strategy\":\"asyn2f\","
                + "\"modelArchitecture\":\"mlp:4-3-2\",\"currentVersion\":0,"
                + "\"config\":{\"strategy\":{\"name\":\"asyn2f\","
                + "\"m\":1}}}");

        int code = cli("sessions", "create", "-f", file.toString(), "--user", "ops", "--password", "pw");

        assertThat(code).isZero();
        assertThat(lastBody.get("POST /api/v1/sessions"))
                .isEqualTo("{\"modelArchitecture\":\"mlp:4-3-2\",\"strategy\":{\"name\":\"asyn2f\",\"m\":1}}");
        assertThat(lastBody.get("authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("ops:pw".getBytes(StandardCharsets.UTF_8)));
        assertThat(printed()).startsWith("created session s-1" + System.lineSeparator() + "id:")
                .contains("strategy:         asyn2f (m 1)");
    }

    @Test
    void shouldPrintTheServicesJsonForScripts() {
        answer("GET /api/v1/sessions", 200, "[{\"id\":\"s-1\",\"currentVersion\":3}]");

        assertThat(cli("sessions", "list", "--output", "json")).isZero();

        assertThat(printed()).isEqualTo("[ {" + System.lineSeparator() + "  \"id\" : \"s-1\","
                + System.lineSeparator() + "  \"currentVersion\" : 3" + System.lineSeparator() + "} ]"
                + System.lineSeparator());
    }

    @Test
    void shouldExplainARefusalFromItsProblemDetailAndExitWithOne() {
        answer("GET /api/v1/sessions/s-x", 404, "application/problem+json",
                "{\"type\":\"urn:asyn2f:problem:not-found\",\"title\":\"Not found\",\"status\":404,"
                + "\"detail\":\"no session s-x\",\"instance\":\"/api/v1/sessions/s-x\"}");

        assertThat(cli("sessions", "show", "s-x")).isEqualTo(1);

        assertThat(printed()).isEmpty();
        assertThat(errors()).isEqualTo("asyn2f: the aggregator answered GET /api/v1/sessions/s-x with 404 Not found: "
                + "no session s-x" + System.lineSeparator());
    }

    @Test
    void shouldSayWhichCredentialToCheckOnA401() {
        answer("GET /api/v1/admin/workers", 401, "application/problem+json", "{\"title\":\"Unauthorized\","
                + "\"status\":401,\"detail\":\"admin credentials are missing or wrong\"}");

        assertThat(cli("workers", "list")).isEqualTo(1);

        assertThat(errors()).contains("the registry answered GET /api/v1/admin/workers with 401 Unauthorized: admin "
                + "credentials are missing or wrong").contains("--registry-user/--registry-password");
    }

    @Test
    void shouldSendWorkerFiltersAndTheRevokeReason() {
        answer("GET /api/v1/admin/workers", 200, "[]");
        answer("POST /api/v1/admin/workers/w-1/revoke", 200, "{\"workerId\":\"w-1\",\"sessionId\":\"s-1\","
                + "\"state\":\"REVOKED\",\"revokedAt\":\"2026-11-28T12:00:00Z\",\"revokeReason\":\"poisoned\"}");

        assertThat(cli("workers", "list", "--session", "s-1", "--state", "active")).isZero();
        assertThat(cli("workers", "revoke", "w-1", "--reason", "poisoned")).isZero();

        assertThat(requests).contains("GET /api/v1/admin/workers?sessionId=s-1&state=ACTIVE");
        assertThat(lastBody.get("POST /api/v1/admin/workers/w-1/revoke")).isEqualTo("{\"reason\":\"poisoned\"}");
        assertThat(printed()).contains("no workers")
                .contains("worker w-1 of session s-1: REVOKED since 2026-11-28T12:00:00Z (poisoned)");
    }

    @Test
    void shouldExitWithThreeWhenTheServiceDoesNotAnswer() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        int code = Cli.run(List.of("sessions", "list", "--url", "http://127.0.0.1:" + closed),
                Map.of("ASYN2F_PASSWORD", "pw"), InputStream.nullInputStream(), print(out), print(err), null);

        assertThat(code).isEqualTo(3);
        assertThat(errors()).startsWith("asyn2f: cannot reach the aggregator at http://127.0.0.1:" + closed)
                .contains("check --url or ASYN2F_URL");
    }

    @Test
    void shouldExitWithTwoOnABadCommandLineSendingNothing() {
        assertThat(cli("sessions", "create")).isEqualTo(2);
        assertThat(errors()).contains("sessions create needs -f FILE");
        assertThat(cli("models", "download", "s-1", "-o", folder.resolve("m").toString(), "--format", "onnx"))
                .isEqualTo(2);
        assertThat(requests).isEmpty();
    }

    @Test
    void shouldDownloadTheNewestVersionCheckingItsHash() throws Exception {
        byte[] blob = blob(ARCHITECTURE, 0.25f);
        serveModel(blob, sha256(blob));
        Path target = folder.resolve("model.a2fm");

        assertThat(cli("models", "download", "s-1", "-o", target.toString())).isZero();

        assertThat(Files.readAllBytes(target)).isEqualTo(blob);
        assertThat(requests).contains("GET /api/v1/sessions/s-1/versions/2/model");
        assertThat(printed()).contains("downloaded version 2 of session s-1 (mlp:4-3-2, 23 parameters, accuracy "
                + "0.7500)");
        assertThat(Files.list(folder)).containsExactly(target);
        Path reference = Files.writeString(folder.resolve("reference"), "written as usual");
        assertThat(Files.getPosixFilePermissions(target)).as("the umask's permissions, like any file written")
                .isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void shouldSayWhyTheRegistryMayNotKnowASessionYet() {
        answer("POST /api/v1/admin/sessions/s-new/enrollment-tokens", 404, "application/problem+json",
                "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"unknown session 's-new'\"}");

        assertThat(cli("workers", "enroll", "s-new", "--max-workers", "3")).isEqualTo(1);

        assertThat(lastBody.get("POST /api/v1/admin/sessions/s-new/enrollment-tokens"))
                .isEqualTo("{\"maxWorkers\":3,\"label\":\"asyn2f CLI\"}");
        assertThat(errors()).contains("with 404 Not Found: unknown session 's-new'")
                .contains("if it was just created, try again");
    }

    @Test
    void shouldWriteNothingWhenTheBytesDoNotMatchTheVersion() throws Exception {
        byte[] blob = blob(ARCHITECTURE, 0.25f);
        serveModel(blob, "00".repeat(32));
        Path target = folder.resolve("model.a2fm");

        assertThat(cli("models", "download", "s-1", "-o", target.toString())).isEqualTo(1);

        assertThat(errors()).contains("arrived with sha-256 " + sha256(blob)).contains("nothing was written");
        assertThat(Files.list(folder)).isEmpty();
    }

    @Test
    void shouldRefuseABlobOfAnotherArchitecture() throws Exception {
        byte[] blob = blob("mlp:4-2-2", 0.25f);
        serveModel(blob, sha256(blob));

        assertThat(cli("models", "download", "s-1", "-o", folder.resolve("m.a2fm").toString())).isEqualTo(1);

        assertThat(errors()).contains("is not a valid mlp:4-3-2 model (ARCHITECTURE_MISMATCH");
        assertThat(Files.list(folder)).isEmpty();
    }

    @Test
    void shouldHandTheParametersAndLearningRateToTheDl4jExport() throws Exception {
        byte[] blob = blob(ARCHITECTURE, 0.5f);
        serveModel(blob, sha256(blob));
        Path target = folder.resolve("model.zip");
        List<Object> exported = new ArrayList<>();
        ModelExporter exporter = (architecture, parameters, learningRate, file) -> {
            exported.addAll(List.of(architecture, parameters.length, parameters[0], learningRate));
            Files.writeString(file, "zip");
        };

        int code = Cli.run(List.of("models", "download", "s-1", "--version", "2", "--format", "dl4j", "-o",
                target.toString(), "--url", url(), "--output", "json"), Map.of("ASYN2F_PASSWORD", "pw"),
                InputStream.nullInputStream(), print(out), print(err), exporter);

        assertThat(code).as(errors()).isZero();
        assertThat(exported).containsExactly(ARCHITECTURE, 23, 0.5f, 0.05);
        assertThat(Files.readString(target)).isEqualTo("zip");
        assertThat(printed()).contains("\"format\" : \"dl4j\"").contains("\"version\" : 2");
    }

    private void serveModel(byte[] blob, String listedSha256) {
        answer("GET /api/v1/sessions/s-1", 200, "{\"id\":\"s-1\",\"modelArchitecture\":\"" + ARCHITECTURE
                + "\",\"currentVersion\":2}");
        answer("GET /api/v1/sessions/s-1/versions", 200, "[{\"version\":1,\"sha256\":\"x\"},{\"version\":2,"
                + "\"sha256\":\"" + listedSha256 + "\",\"learningRate\":0.05,\"accuracy\":0.75}]");
        answers.put("GET /api/v1/sessions/s-1/versions/2/model", new Answer(200, "application/octet-stream", blob));
    }

    private static byte[] blob(String architecture, float value) throws IOException {
        float[] parameters = new float[ModelCatalogue.resolve(architecture).parameterCount()];
        java.util.Arrays.fill(parameters, value);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelBlobWriter.write(bytes, BlobKind.WEIGHTS, ModelCatalogue.resolve(architecture).fingerprint(), parameters);
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private int cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", url(), "--registry-url", url()));
        return Cli.run(all, Map.of("ASYN2F_PASSWORD", "pw"), InputStream.nullInputStream(), print(out), print(err),
                null);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(String request, int status, String json) {
        answer(request, status, "application/json", json);
    }

    private void answer(String request, int status, String contentType, String body) {
        answers.put(request, new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8)));
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String request = exchange.getRequestMethod() + " " + path;
        synchronized (requests) {
            requests.add(exchange.getRequestURI().getRawQuery() == null ? request
                    : request + "?" + exchange.getRequestURI().getRawQuery());
        }
        lastBody.put(request, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        lastBody.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        Answer answer = answers.getOrDefault(request, new Answer(404, "application/problem+json",
                "{\"title\":\"Not Found\",\"status\":404}".getBytes(StandardCharsets.UTF_8)));
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(answer.body());
        }
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

}
