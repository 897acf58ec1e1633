package io.asyn2f.storage.download;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The highest global version per session announced by {@code global.published} events since this instance started.
 * In memory: after a restart {@code latest} falls back to listing the session's global prefix until the next event.
 */
@Component
public class AnnouncedGlobalVersions {

    private final Map<String, Long> highest = new ConcurrentHashMap<>();

    /** Records an announced version; an older or repeated announcement changes nothing. */
    public void announced(String sessionId, long version) {
        highest.merge(sessionId, version, Math::max);
    }

    public OptionalLong latest(String sessionId) {
        Long version = highest.get(sessionId);
        return version == null ? OptionalLong.empty() : OptionalLong.of(version);
    }
}
