package io.asyn2f.embedded;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Without a logging configuration logback logs everything at DEBUG, and S3Proxy, Jetty, the AWS SDK and Qpid
 * are chatty. When logback is the SLF4J backend, raise those loggers to WARN unless the test's own
 * configuration already gave them a level.
 */
public final class QuietLogging {

    private static final List<String> NOISY_LOGGERS = List.of(
            "org.gaul", "org.eclipse.jetty", "software.amazon", "org.apache.http", "org.apache.hc",
            "org.apache.qpid", "qpid.message", "qpid.statistics", "io.zonky", "io.opentelemetry");

    private QuietLogging() {
    }

    public static void apply() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (isLogback(factory)) {
            Logback.raise(factory, NOISY_LOGGERS);
        }
    }

    private static boolean isLogback(ILoggerFactory factory) {
        try {
            return Class.forName("ch.qos.logback.classic.LoggerContext", false, QuietLogging.class.getClassLoader())
                    .isInstance(factory);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Separate class so logback types are only loaded when logback is present. */
    private static final class Logback {

        static void raise(ILoggerFactory factory, List<String> names) {
            ch.qos.logback.classic.LoggerContext context = (ch.qos.logback.classic.LoggerContext) factory;
            for (String name : names) {
                ch.qos.logback.classic.Logger logger = context.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(ch.qos.logback.classic.Level.WARN);
                }
            }
        }
    }
}
