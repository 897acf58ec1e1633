package io.asyn2f.standalone.platform;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts one asyn2f service as its own Spring context inside this JVM. */
final class ServiceContexts {

    private ServiceContexts() {
    }

    /**
     * Starts {@code application} with its own {@code application.yml} (from the jar named {@code artifact}) overlaid
     * by {@code properties}, on a free port. The properties are passed as command-line arguments: builder
     * properties are defaults and would lose to the service's own file.
     */
    static ConfigurableApplicationContext start(Class<?> application, String artifact, Map<String, ?> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", 0);
        all.putAll(properties);
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(application)
                .resourceLoader(new ServiceResourceLoader(application.getClassLoader(), artifact))
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .run(args);
    }

    /** The port the context's web server listens on. */
    static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
