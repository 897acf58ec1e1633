package io.asyn2f.worker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.BlobSummary;
import io.asyn2f.api.model.ModelBlobReader;
import io.asyn2f.api.model.ModelBlobWriter;
import io.asyn2f.api.registry.RegistrationRequest;
import io.asyn2f.api.registry.RegistrationResponse;
import io.asyn2f.api.registry.SystemInfo;
import io.asyn2f.api.registry.TokenResponse;
import io.asyn2f.api.storage.PresignedUrl;

/**
 * The clients against a stub speaking the documented contract (docs/registry-api.md, docs/storage-gateway-api.md):
 * request paths, headers and bodies as sent, answers parsed. Not a substitute for a run against the real services.
 */
class ClientContractTests {

    private static final ModelArchitecture ARCHITECTURE = ModelCatalogue.resolve("mlp:3-4-2");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> store = new ConcurrentHashMap<>();
    private HttpServer server;
    private URI base;

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    /** What the fake gateway declares as the signed Content-Length of the next upload. */
    private volatile long uploadLength;

    @Test
    void shouldRegisterWithTheEnrollmentTokenAndReadTheAnswer() {
        RegistryClient registry = new RegistryClient(http, base);

        RegistrationResponse registration = registry.register("s-1", "enrol", new RegistrationRequest(
                WorkerRole.TRAINER, 12000L, 0.9, new SystemInfo(2, 1024L, null, "nd4j-native"), null, null));

        assertThat(requests.get(0)).isEqualTo("POST /api/v1/sessions/s-1/workers Bearer enrol "
                + "{\"role\":\"TRAINER\",\"samples\":12000,\"quality\":0.9,\"system\":{\"cpuCores\":2,"
                + "\"memoryBytes\":1024,\"backend\":\"nd4j-native\"}}");
        assertThat(registration.workerId()).isEqualTo("w-1");
        assertThat(registration.samples()).as("the registry's count, which the worker declares").isEqualTo(500);
        assertThat(registration.broker().port()).isEqualTo(5672);
        assertThat(registration.storageGateway().url()).isEqualTo("http://gw:8082");
        assertThat(registration.trainingConfig().batchSize()).isEqualTo(64);
        assertThat(registration.heartbeat().intervalSeconds()).isEqualTo(10);
        assertThat(registration.toString()).doesNotContain("secret-password");
    }

    @Test
    void shouldRefreshAndHeartbeat() {
        RegistryClient registry = new RegistryClient(http, base);

        TokenResponse tokens = registry.refresh("w-1", "r1");
        registry.heartbeat("w-1", tokens.accessToken());

        assertThat(requests).containsExactly(
                "POST /api/v1/tokens/refresh - {\"workerId\":\"w-1\",\"refreshToken\":\"r1\"}",
                "POST /api/v1/workers/w-1/heartbeat Bearer t2 ");
        assertThat(tokens.refreshToken()).isEqualTo("r2");
    }

    @Test
    void shouldUploadThroughAPresignedPutAndDownloadTheGlobalModel() throws IOException {
        GatewayClient gateway = new GatewayClient(http, base);
        BlobTransfer transfer = new BlobTransfer(http);
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        float[] parameters = ARCHITECTURE.initialParameters(3);
        BlobSummary summary = ModelBlobWriter.write(blob, BlobKind.WEIGHTS, ARCHITECTURE.fingerprint(), parameters);

        uploadLength = summary.sizeBytes();
        PresignedUrl upload = gateway.uploadUrl("s-1", "t1", summary.sizeBytes(), summary.sha256Hex());
        transfer.upload(upload, blob.toByteArray());
        store.put("/store/global/0.a2fm", store.get("/store/up.a2fm"));
        PresignedUrl global = gateway.globalModelUrl("s-1", "t1", -1);
        BlobTransfer.Download download = transfer.download(global,
                ModelBlobReader.expecting(ARCHITECTURE.fingerprint(), ARCHITECTURE.parameterCount()));

        assertThat(requests.get(0)).startsWith("POST /api/v1/sessions/s-1/uploads Bearer t1 {")
                .contains("\"sizeBytes\":" + summary.sizeBytes()).contains("\"sha256\":\"" + summary.sha256Hex() + "\"");
        assertThat(upload.objectKey()).isEqualTo("sessions/s-1/workers/w-1/updates/u.a2fm");
        // The headers the URL's signature covers go with the PUT: the declared length and checksum.
        assertThat(requests).contains("PUT /store/up.a2fm content-length=" + summary.sizeBytes() + " checksum=c2lnbmVk");
        assertThat(store.get("/store/up.a2fm")).isEqualTo(blob.toByteArray());
        assertThat(requests).contains("GET /api/v1/sessions/s-1/global-models/latest Bearer t1 ");
        assertThat(global.version()).isEqualTo(0);
        assertThat(download.blob().parameters()).containsExactly(parameters);
        assertThat(download.bytes()).isEqualTo(summary.sizeBytes());
        assertThat(download.sha256Hex()).isEqualTo(summary.sha256Hex());
    }

    @Test
    void shouldReportProblemDetails() {
        GatewayClient gateway = new GatewayClient(http, base);

        assertThatThrownBy(() -> gateway.globalModelUrl("s-1", "t1", 99))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("404")
                .hasMessageContaining("no such global model");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (path.startsWith("/store/")) {
            if (method.equals("PUT")) {
                requests.add("PUT " + path + " content-length=" + exchange.getRequestHeaders().getFirst("Content-Length")
                        + " checksum=" + exchange.getRequestHeaders().getFirst("x-amz-checksum-sha256"));
                store.put(path, body);
                respond(exchange, 200, "");
            } else {
                byte[] content = store.get(path);
                exchange.sendResponseHeaders(200, content.length);
                exchange.getResponseBody().write(content);
                exchange.close();
            }
            return;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(method + " " + path + " " + (auth == null ? "-" : auth) + " "
                + new String(body, StandardCharsets.UTF_8));
        String answer = switch (path) {
            case "/api/v1/sessions/s-1/workers" -> "{\"workerId\":\"w-1\",\"sessionId\":\"s-1\",\"role\":\"trainer\","
                    + "\"reconnect\":false,\"samples\":500,\"accessToken\":\"t1\",\"tokenType\":\"Bearer\","
                    + "\"expiresAt\":\"2026-11-28T12:05:00Z\",\"expiresIn\":300,\"refreshToken\":\"r1\","
                    + "\"refreshExpiresAt\":\"2026-11-29T12:00:00Z\",\"trainingConfig\":{\"modelArchitecture\":\"mlp:3-2\",\"strategy\":\"asyn2f\","
                    + "\"updateKind\":\"MODEL\",\"workerMerge\":\"asyn2f\",\"beta\":0.6,\"alphaForm\":\"BETA_ON_LOSS\","
                    + "\"batchSize\":64,\"exchangeEveryEpochs\":5,\"accuracyThreshold\":0,\"epochThreshold\":0,"
                    + "\"learningRate\":0.1,\"seed\":1,\"parameterCount\":11},"
                    + "\"broker\":{\"host\":\"mq\",\"port\":5672,\"virtualHost\":\"/\",\"username\":\"u\","
                    + "\"password\":\"secret-password\"},\"storageGateway\":{\"url\":\"http://gw:8082\"},"
                    + "\"heartbeat\":{\"intervalSeconds\":10,\"timeoutSeconds\":30},\"somethingNew\":1}";
            case "/api/v1/tokens/refresh" -> "{\"accessToken\":\"t2\",\"tokenType\":\"Bearer\","
                    + "\"expiresAt\":\"2026-11-28T12:10:00Z\",\"expiresIn\":300,\"refreshToken\":\"r2\"}";
            case "/api/v1/workers/w-1/heartbeat" -> "{\"workerId\":\"w-1\",\"state\":\"ACTIVE\"}";
            case "/api/v1/sessions/s-1/uploads" -> "{\"method\":\"PUT\",\"url\":\"" + base + "/store/up.a2fm\","
                    + "\"objectKey\":\"sessions/s-1/workers/w-1/updates/u.a2fm\",\"expiresAt\":\"2026-11-28T12:05:00Z\","
                    + "\"headers\":{\"Content-Length\":\"" + uploadLength + "\",\"x-amz-checksum-sha256\":\"c2lnbmVk\"}}";
            case "/api/v1/sessions/s-1/global-models/latest" -> "{\"version\":0,\"method\":\"GET\",\"url\":\"" + base
                    + "/store/global/0.a2fm\",\"objectKey\":\"sessions/s-1/global/0.a2fm\","
                    + "\"expiresAt\":\"2026-11-28T12:05:00Z\"}";
            default -> null;
        };
        if (answer == null) {
            respond(exchange, 404, "{\"status\":404,\"detail\":\"no such global model\",\"reason\":\"not-found\"}");
        } else {
            respond(exchange, path.endsWith("/workers") ? 201 : 200, answer);
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
