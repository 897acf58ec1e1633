package io.asyn2f.testing;

/** Where a test service came from, in the order {@link TestInfrastructure} tries them. */
public enum Source {
    /** Endpoint given by {@code ASYN2F_TEST_*} environment variables or system properties (CI). */
    ENVIRONMENT,
    /** A Testcontainers container, only when a Docker engine is reachable. */
    TESTCONTAINERS,
    /** Started inside this JVM: zonky PostgreSQL, Qpid Broker-J, S3Proxy. */
    EMBEDDED
}
