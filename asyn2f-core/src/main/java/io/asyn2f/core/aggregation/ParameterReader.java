package io.asyn2f.core.aggregation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a strategy's flat parameters (JSON values: numbers, strings, nested objects) for a {@link StrategyDefinition}.
 * An absent or null value takes the default; a value of the wrong type or out of bounds is recorded as a
 * {@link StrategyDefinition.Problem} naming its parameter, and the default is returned in its place. It remembers
 * what each read resolved to: the normalised parameters.
 */
public final class ParameterReader {

    private final String prefix;
    private final Map<String, ?> values;
    private final Set<String> read = new LinkedHashSet<>();
    private final List<StrategyDefinition.Problem> problems;
    private final List<ParameterReader> nested = new ArrayList<>();
    private final Map<String, Object> resolved = new LinkedHashMap<>();

    ParameterReader(String prefix, Map<String, ?> values) {
        this(prefix, values, new ArrayList<>());
    }

    private ParameterReader(String prefix, Map<String, ?> values, List<StrategyDefinition.Problem> problems) {
        this.prefix = prefix;
        this.values = values;
        this.problems = problems;
    }

    /** A whole number in {@code [min, max]}. */
    public int integer(String name, int fallback, int min, int max) {
        int result = readInteger(name, fallback, min, max);
        resolved.put(name, result);
        return result;
    }

    private int readInteger(String name, int fallback, int min, int max) {
        Object value = value(name);
        if (value == null) {
            return fallback;
        }
        Long whole = whole(value);
        if (whole == null) {
            return refuse(name, "must be a whole number between " + min + " and " + max + ", was " + show(value),
                    fallback);
        }
        if (whole < min || whole > max) {
            return refuse(name, "must be between " + min + " and " + max + ", was " + whole, fallback);
        }
        return whole.intValue();
    }

    /** A number in the interval from {@code min} to {@code max}, each end included or not. */
    public double decimal(String name, double fallback, double min, boolean minIncluded, double max,
            boolean maxIncluded) {
        double result = readDecimal(name, fallback, min, minIncluded, max, maxIncluded);
        resolved.put(name, result);
        return result;
    }

    private double readDecimal(String name, double fallback, double min, boolean minIncluded, double max,
            boolean maxIncluded) {
        Object value = value(name);
        if (value == null) {
            return fallback;
        }
        String interval = (minIncluded ? "[" : "(") + plain(min) + ", " + plain(max) + (maxIncluded ? "]" : ")");
        if (!(value instanceof Number number)) {
            return refuse(name, "must be a number in " + interval + ", was " + show(value), fallback);
        }
        double x = number.doubleValue();
        boolean above = minIncluded ? x >= min : x > min;
        boolean below = maxIncluded ? x <= max : x < max;
        if (!above || !below || !Double.isFinite(x)) {
            return refuse(name, "must be in " + interval + ", was " + plain(x), fallback);
        }
        return x;
    }

    /** One of an enum's constants, by name, case-insensitive. */
    public <E extends Enum<E>> E choice(String name, E fallback) {
        E result = readChoice(name, fallback);
        resolved.put(name, result.name());
        return result;
    }

    private <E extends Enum<E>> E readChoice(String name, E fallback) {
        Object value = value(name);
        if (value == null) {
            return fallback;
        }
        E[] constants = fallback.getDeclaringClass().getEnumConstants();
        for (E constant : constants) {
            if (value instanceof String text && constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        return refuse(name, "must be one of " + String.join(", ", Arrays.stream(constants).map(Enum::name).toList())
                + ", was " + show(value), fallback);
    }

    /** One of {@code choices} (lower case), case-insensitive. */
    public String word(String name, String fallback, List<String> choices) {
        String result = readWord(name, fallback, choices);
        resolved.put(name, result);
        return result;
    }

    private String readWord(String name, String fallback, List<String> choices) {
        Object value = value(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof String text && choices.contains(text.toLowerCase(Locale.ROOT))) {
            return text.toLowerCase(Locale.ROOT);
        }
        return refuse(name, "must be one of " + String.join(", ", choices) + ", was " + show(value), fallback);
    }

    /** The nested object {@code name}, read the same way (an absent one reads as empty). */
    public ParameterReader object(String name) {
        Object value = value(name);
        Map<String, Object> inner = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, v) -> inner.put(String.valueOf(key), v));
        } else if (value != null) {
            refuse(name, "must be an object, was " + show(value), null);
        }
        ParameterReader child = new ParameterReader(prefix + name + ".", inner, problems);
        nested.add(child);
        resolved.put(name, child.resolved);
        return child;
    }

    /** Records a problem that the reads alone cannot see (a rule across parameters). */
    public void refuse(String name, String message) {
        problems.add(new StrategyDefinition.Problem(prefix + name, message));
    }

    private <T> T refuse(String name, String message, T fallback) {
        refuse(name, message);
        return fallback;
    }

    private Object value(String name) {
        read.add(name);
        return values.get(name);
    }

    /** What was read, defaults in place of absent or refused values, nested objects as maps, in reading order. */
    Map<String, Object> resolved() {
        return resolved;
    }

    List<StrategyDefinition.Problem> problems() {
        return problems;
    }

    /** Keys given with a value that no read asked for, at this level. */
    List<String> unread() {
        List<String> unread = new ArrayList<>();
        values.forEach((key, value) -> {
            if (value != null && !read.contains(key)) {
                unread.add(prefix + key);
            }
        });
        return unread;
    }

    /** Problems for the keys nobody read inside nested objects. */
    List<StrategyDefinition.Problem> unreadNested() {
        List<StrategyDefinition.Problem> unknown = new ArrayList<>();
        for (ParameterReader child : nested) {
            for (String key : child.unread()) {
                unknown.add(new StrategyDefinition.Problem(key, "is not a parameter here; expected one of "
                        + String.join(", ", child.read)));
            }
            unknown.addAll(child.unreadNested());
        }
        return unknown;
    }

    private static Long whole(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 63 ? big.longValue() : null;
        }
        if (value instanceof Number number && !(value instanceof BigDecimal)) {
            double x = number.doubleValue();
            return x == Math.rint(x) && Math.abs(x) < 1e15 ? (long) x : null;
        }
        if (value instanceof BigDecimal decimal) {
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    private static String show(Object value) {
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }

    /** 1 not 1.0, 0.5 as 0.5: bounds read as people write them. */
    static String plain(double x) {
        return Double.isFinite(x) ? BigDecimal.valueOf(x).stripTrailingZeros().toPlainString() : String.valueOf(x);
    }
}
