package io.asyn2f.registry.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.asyn2f.registry.support.RegistryIntegrationTest;

/** The development mode, switched on explicitly: the shared secret admits workers, tokens still work. */
@TestPropertySource(properties = "asyn2f.registry.enrollment.shared-secret-enabled=true")
class SharedSecretModeIT extends RegistryIntegrationTest {

    @Test
    void shouldAdmitWorkersWithTheSharedSecretOnlyInTheDevelopmentMode() throws Exception {
        String sessionId = openSession();

        HttpResponse<String> first = register(sessionId, ENROLLMENT_SECRET, registrationBody("trainer", 10, 0.5));
        HttpResponse<String> second = register(sessionId, ENROLLMENT_SECRET, registrationBody("tester", 10, 0.5));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(jdbc.queryForObject("select count(*) from registry.worker where session_id = ?"
                + " and enrollment_token_id is null", Long.class, sessionId)).isEqualTo(2);
        assertThat(register(sessionId, enrollmentToken(sessionId, "{\"maxWorkers\":1}"),
                registrationBody("trainer", 10, 0.5)).statusCode()).isEqualTo(201);
    }

    @Test
    void shouldAnswer404ForAnUnknownSession() throws Exception {
        List<Map<String, Object>> before = workerRows();

        HttpResponse<String> response = register("s-never-opened", ENROLLMENT_SECRET,
                registrationBody("trainer", 10, 0.5));

        assertProblem(response, 404);
        assertThat(json.readTree(response.body()).path("detail").asString()).contains("s-never-opened");
        assertThat(workerRows()).isEqualTo(before);
    }

    @Test
    void shouldStillRefuseAWrongSecret() throws Exception {
        String sessionId = openSession();

        assertProblem(register(sessionId, ENROLLMENT_SECRET + "x", registrationBody("trainer", 10, 0.5)), 401);
    }
}
