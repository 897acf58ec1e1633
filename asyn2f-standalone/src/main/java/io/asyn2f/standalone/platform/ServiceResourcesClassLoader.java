package io.asyn2f.standalone.platform;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Lets several Spring Boot services share one JVM. Every service jar has its own {@code application.yml} at the same
 * path; through this class loader a service sees only the copy from its own jar (or {@code target/classes} folder),
 * found by the artifact name in its URL. It is used only to look up those files (see {@link ServiceResourceLoader});
 * classes are never loaded through it, so proxies of package-private interfaces still work.
 */
final class ServiceResourcesClassLoader extends ClassLoader {

    private static final List<String> SERVICE_OWNED = List.of("application");

    private final String artifact;

    ServiceResourcesClassLoader(ClassLoader parent, String artifact) {
        super("asyn2f-" + artifact, parent);
        this.artifact = artifact;
    }

    @Override
    public URL getResource(String name) {
        if (!serviceOwned(name)) {
            return super.getResource(name);
        }
        try {
            Enumeration<URL> own = getResources(name);
            return own.hasMoreElements() ? own.nextElement() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Enumeration<URL> all = getParent().getResources(name);
        if (!serviceOwned(name)) {
            return all;
        }
        List<URL> own = Collections.list(all).stream().filter(this::fromOwnArtifact).toList();
        return Collections.enumeration(own);
    }

    static boolean serviceOwned(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        return SERVICE_OWNED.stream().anyMatch(path::startsWith);
    }

    /** A jar named {@code <artifact>-<version>.jar}, or a build folder {@code <artifact>/target/classes}. */
    private boolean fromOwnArtifact(URL url) {
        String text = url.toString();
        return text.contains("/" + artifact + "-") || text.contains("/" + artifact + "/target/classes/");
    }
}
