package io.asyn2f.aggregator.storage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Parameter vectors in the heap, at most {@code maxBytes} of them (4 bytes a parameter); beyond that the least
 * recently used go. Thread-safe. The arrays are shared, never copied: strategies only read their inputs.
 */
public final class BoundedParameters<K, V> {

    private final long maxBytes;
    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Function<V, float[]> parameters;
    private long bytes;

    public BoundedParameters(long maxBytes, Function<V, float[]> parameters) {
        this.maxBytes = maxBytes;
        this.parameters = parameters;
    }

    /** Keeps {@code value}, evicting the least recently used beyond the bound; false if it alone exceeds it. */
    public synchronized boolean put(K key, V value) {
        remove(key);
        long size = sizeOf(value);
        if (size > maxBytes) {
            return false;
        }
        entries.put(key, value);
        bytes += size;
        Iterator<V> oldest = entries.values().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            bytes -= sizeOf(oldest.next());
            oldest.remove();
        }
        return true;
    }

    public synchronized V get(K key) {
        return entries.get(key);
    }

    public synchronized void remove(K key) {
        V old = entries.remove(key);
        if (old != null) {
            bytes -= sizeOf(old);
        }
    }

    /** Removes the entries {@code drop} says so of. */
    public synchronized void removeIf(BiPredicate<K, V> drop) {
        Iterator<Map.Entry<K, V>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<K, V> entry = it.next();
            if (drop.test(entry.getKey(), entry.getValue())) {
                bytes -= sizeOf(entry.getValue());
                it.remove();
            }
        }
    }

    public synchronized List<K> keys() {
        return new ArrayList<>(entries.keySet());
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    private long sizeOf(V value) {
        return 4L * parameters.apply(value).length;
    }
}
