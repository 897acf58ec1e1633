package io.asyn2f.standalone;

import java.util.LinkedHashMap;
import java.util.Map;

/** The smallest session the platform tests open: a tiny MLP on synthetic data, one trainer, version per update. */
final class TinySession {

    private TinySession() {
    }

    static Map<String, Object> configuration(String description) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("modelArchitecture", "mlp:4-3-2");
        config.put("dataset", Map.of("name", "synthetic", "description", description));
        config.put("strategy", Map.of("name", "asyn2f", "m", 1));
        config.put("maxWait", "PT20S");
        config.put("minWorkers", 1);
        config.put("stop", Map.of("maxWallTime", "PT10M"));
        config.put("seed", 1);
        return config;
    }
}
