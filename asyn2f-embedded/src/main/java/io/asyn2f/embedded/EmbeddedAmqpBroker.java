package io.asyn2f.embedded;

import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An AMQP 0-9-1 broker (Qpid Broker-J) inside this JVM: in-memory stores, one virtual host {@value #VIRTUAL_HOST},
 * user guest/guest with SASL PLAIN over plain TCP, bound to 127.0.0.1 on an ephemeral port. Usable on its own
 * by the test infrastructure and the standalone launcher.
 */
public final class EmbeddedAmqpBroker implements AutoCloseable {

    public static final String VIRTUAL_HOST = "default";
    public static final String USERNAME = "guest";
    public static final String PASSWORD = "guest";
    private static final String HOST = "127.0.0.1";
    private static final String AMQP_PORT_NAME = "AMQP";

    // "secureOnlyMechanisms": [] lets PLAIN work without TLS; port 0 asks the OS for a free port.
    private static final String CONFIGURATION = """
            {
              "name": "asyn2f-embedded-broker",
              "modelVersion": "8.0",
              "authenticationproviders": [ {
                "name": "plain",
                "type": "Plain",
                "secureOnlyMechanisms": [],
                "users": [ { "name": "%s", "type": "managed", "password": "%s" } ]
              } ],
              "ports": [ {
                "name": "%s",
                "port": %d,
                "bindingAddress": "%s",
                "authenticationProvider": "plain",
                "virtualhostaliases": [
                  { "name": "nameAlias", "type": "nameAlias" },
                  { "name": "defaultAlias", "type": "defaultAlias" },
                  { "name": "hostnameAlias", "type": "hostnameAlias" }
                ]
              } ],
              "virtualhostnodes": [ {
                "name": "%s",
                "type": "Memory",
                "defaultVirtualHostNode": "true",
                "virtualHostInitialConfiguration": "{\\"type\\": \\"Memory\\"}"
              } ]
            }
            """;

    private final SystemLauncher launcher;
    private final Path workDirectory;
    private final int port;

    private EmbeddedAmqpBroker(SystemLauncher launcher, Path workDirectory, int port) {
        this.launcher = launcher;
        this.workDirectory = workDirectory;
        this.port = port;
    }

    /** A broker on a free port. */
    public static EmbeddedAmqpBroker start() {
        return start(0);
    }

    /**
     * A broker on {@code port} (0 for a free one); a test can stop a broker and start a new one on the same port to
     * see clients reconnect. The new broker starts empty: in-memory stores keep nothing.
     */
    public static EmbeddedAmqpBroker start(int port) {
        QuietLogging.apply();
        Path workDirectory = null;
        try {
            workDirectory = Files.createTempDirectory("asyn2f-qpid-");
            Path configuration = workDirectory.resolve("config.json");
            Files.writeString(configuration,
                    CONFIGURATION.formatted(USERNAME, PASSWORD, AMQP_PORT_NAME, port, HOST, VIRTUAL_HOST),
                    StandardCharsets.UTF_8);

            AtomicReference<SystemConfig<?>> systemConfig = new AtomicReference<>();
            SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
                @Override
                public void onContainerResolve(SystemConfig<?> resolved) {
                    systemConfig.set(resolved);
                }
            });

            Map<String, String> context = new HashMap<>();
            context.put("qpid.work_dir", workDirectory.toString());
            context.put("QPID_WORK", workDirectory.toString());
            Map<String, Object> attributes = new HashMap<>();
            attributes.put(SystemConfig.TYPE, "Memory");
            // file: URLs, not Qpid's classpath: defaults, which fail inside a Spring Boot fat jar
            // ("unknown protocol: classpath").
            Path systemProperties = workDirectory.resolve("system.properties");
            Files.writeString(systemProperties, "", StandardCharsets.UTF_8);
            attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION, configuration.toUri().toURL().toString());
            attributes.put("initialSystemPropertiesLocation", systemProperties.toUri().toURL().toString());
            attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
            attributes.put(SystemConfig.CONTEXT, context);
            launcher.startup(attributes);

            return new EmbeddedAmqpBroker(launcher, workDirectory, boundPort(systemConfig.get()));
        } catch (Exception | LinkageError e) {
            TemporaryDirectories.delete(workDirectory);
            throw new IllegalStateException("Cannot start embedded Qpid broker", e);
        }
    }

    private static int boundPort(SystemConfig<?> systemConfig) {
        if (systemConfig == null) {
            throw new IllegalStateException("Qpid did not report its system configuration");
        }
        Broker<?> broker = (Broker<?>) systemConfig.getContainer(Broker.class);
        return broker.getChildren(Port.class).stream()
                .filter(port -> AMQP_PORT_NAME.equals(port.getName()))
                .mapToInt(Port::getBoundPort)
                .filter(bound -> bound > 0)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Qpid AMQP port is not bound"));
    }

    public int port() {
        return port;
    }

    public String host() {
        return HOST;
    }

    @Override
    public void close() {
        try {
            launcher.shutdown();
        } finally {
            TemporaryDirectories.delete(workDirectory);
        }
    }
}
