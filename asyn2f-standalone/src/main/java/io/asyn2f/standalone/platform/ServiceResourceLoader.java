package io.asyn2f.standalone.platform;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

/**
 * The resource loader of one service's context: {@code classpath:application*} comes from the service's own jar,
 * everything else (and the class loader beans see) is the ordinary one.
 */
final class ServiceResourceLoader extends DefaultResourceLoader {

    private static final String CLASSPATH = "classpath:";

    private final ClassLoader configLookup;

    ServiceResourceLoader(ClassLoader classLoader, String artifact) {
        super(classLoader);
        this.configLookup = new ServiceResourcesClassLoader(classLoader, artifact);
    }

    @Override
    public Resource getResource(String location) {
        if (location.startsWith(CLASSPATH)) {
            String path = location.substring(CLASSPATH.length());
            String relative = path.startsWith("/") ? path.substring(1) : path;
            if (ServiceResourcesClassLoader.serviceOwned(relative)) {
                return new ClassPathResource(relative, configLookup);
            }
        }
        return super.getResource(location);
    }
}
