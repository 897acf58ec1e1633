package io.asyn2f.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * The platform a command talks to: the aggregator (sessions, versions, models) and the registry (workers), each with
 * its admin credential. Every value comes from its option or else its environment variable; the registry's
 * credential defaults to the aggregator's (a Helm install gives both services the same one).
 */
record Target(URI aggregator, URI registry, String user, String password, String registryUser,
        String registryPassword) {

    static final String DEFAULT_AGGREGATOR = "http://localhost:8083";
    static final String DEFAULT_REGISTRY = "http://localhost:8081";
    static final String DEFAULT_USER = "admin";

    /** Option and environment variable of each setting. */
    enum Setting {
        URL("--url", "ASYN2F_URL"),
        REGISTRY_URL("--registry-url", "ASYN2F_REGISTRY_URL"),
        USER("--user", "ASYN2F_USER"),
        PASSWORD("--password", "ASYN2F_PASSWORD"),
        REGISTRY_USER("--registry-user", "ASYN2F_REGISTRY_USER"),
        REGISTRY_PASSWORD("--registry-password", "ASYN2F_REGISTRY_PASSWORD");

        final String option;
        final String variable;

        Setting(String option, String variable) {
            this.option = option;
            this.variable = variable;
        }

        String from(Map<String, String> options, Map<String, String> environment) {
            String value = options.get(option);
            if (value == null || value.isBlank()) {
                value = environment.get(variable);
            }
            return value == null || value.isBlank() ? null : value;
        }
    }

    static Target from(Map<String, String> options, Map<String, String> environment) {
        String user = orDefault(Setting.USER.from(options, environment), DEFAULT_USER);
        String password = Setting.PASSWORD.from(options, environment);
        String registryUser = orDefault(Setting.REGISTRY_USER.from(options, environment), user);
        String registryPassword = orDefault(Setting.REGISTRY_PASSWORD.from(options, environment), password);
        return new Target(url(Setting.URL, orDefault(Setting.URL.from(options, environment), DEFAULT_AGGREGATOR)),
                url(Setting.REGISTRY_URL, orDefault(Setting.REGISTRY_URL.from(options, environment),
                        DEFAULT_REGISTRY)), user, password, registryUser, registryPassword);
    }

    /** The aggregator's admin API; refuses before anything is sent when no password was given. */
    AdminHttp aggregatorApi() {
        return new AdminHttp("aggregator", aggregator, user, required(password, Setting.PASSWORD),
                "check the aggregator's admin credential (--user/--password, ASYN2F_USER/ASYN2F_PASSWORD)");
    }

    /** The registry's admin API. */
    AdminHttp registryApi() {
        return new AdminHttp("registry", registry, registryUser, required(registryPassword, Setting.PASSWORD),
                "check the registry's admin credential (--registry-user/--registry-password, "
                        + "ASYN2F_REGISTRY_USER/ASYN2F_REGISTRY_PASSWORD; they default to --user/--password)");
    }

    private static String required(String password, Setting setting) {
        if (password == null) {
            throw CliException.usage("no admin password: give " + setting.option + " or set " + setting.variable);
        }
        return password;
    }

    private static URI url(Setting setting, String value) {
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw CliException.usage(setting.option + " must be an http(s) URL such as " + DEFAULT_AGGREGATOR
                        + ", was '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CliException.usage(setting.option + " is not a URL: " + e.getMessage());
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    @Override
    public String toString() {
        return "Target[aggregator=" + aggregator + ", registry=" + registry + ", user=" + user + ", registryUser="
                + registryUser + "]";
    }
}
