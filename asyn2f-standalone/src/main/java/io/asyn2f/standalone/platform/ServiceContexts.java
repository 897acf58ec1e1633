package io.asyn2f.standalone.platform;

import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts one asyn2f service as its own Spring context inside this JVM. */
final class ServiceContexts {

    private ServiceContexts() {
    }

    /**
     * Starts {@code application} with its own {@code application.yml} (from the jar named {@code artifact}) overlaid
     * by {@code properties} (which include the port: the platform picks every port up front, so the services can be
     * told each other's addresses). The properties are passed as command-line arguments: builder properties are
     * defaults and would lose to the service's own file.
     */
    static ConfigurableApplicationContext start(Class<?> application, String artifact, Map<String, ?> properties) {
        return start(application, artifact, properties, new ApplicationContextInitializer<?>[0]);
    }

    /** As {@link #start(Class, String, Map)}, with initializers applied to the context before it is refreshed. */
    static ConfigurableApplicationContext start(Class<?> application, String artifact, Map<String, ?> properties,
            ApplicationContextInitializer<?>... initializers) {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(application)
                .resourceLoader(new ServiceResourceLoader(application.getClassLoader(), artifact))
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .initializers(initializers)
                .run(args);
    }
}
