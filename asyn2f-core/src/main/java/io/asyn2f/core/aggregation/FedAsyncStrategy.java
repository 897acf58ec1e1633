package io.asyn2f.core.aggregation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * FedAsync (Xie et al. 2019): every update is applied as soon as it arrives,
 * {@code W(v+1) = (1 - a_t) W(v) + a_t W_k} with {@code a_t = a * s(v - v_k)}.
 */
public final class FedAsyncStrategy implements Strategy {

    public static final double DEFAULT_MIXING = 0.6;

    private static final int MAX_HINGE_B = 100_000_000;

    /**
     * The registry entry of {@code fedasync}: {@code mixing} a in (0, 1] (default 0.6) and {@code staleness}, an
     * object naming the function: {@code constant} (default), {@code polynomial} with {@code exponent} in [0, 10]
     * (default 0.5) or {@code hinge} with {@code a} in [0, 1e6] (default 10) and {@code b} in [0, 1e8] (default 4).
     * Xie et al. compare with a polynomial staleness function, exponent 0.5, and so does {@code compare}.
     */
    public static final StrategyDefinition DEFINITION = StrategyDefinition.of("fedasync",
            in -> new FedAsyncStrategy(in.decimal("mixing", DEFAULT_MIXING, 0, false, 1, true),
                    staleness(in.object("staleness"))))
            .comparedWith(Map.of("staleness", Map.of("function", "polynomial", "exponent", 0.5)));

    private static StalenessFunction staleness(ParameterReader s) {
        return switch (s.word("function", "constant", List.of("constant", "polynomial", "hinge"))) {
            case "polynomial" -> new StalenessFunction.Polynomial(s.decimal("exponent", 0.5, 0, true, 10, true));
            case "hinge" -> new StalenessFunction.Hinge(s.decimal("a", 10, 0, true, 1_000_000, true),
                    s.integer("b", 4, 0, MAX_HINGE_B));
            default -> new StalenessFunction.Constant();
        };
    }

    private final double mixing;
    private final StalenessFunction stalenessFunction;

    /**
     * @param mixing            a, the mixing weight of a fresh update, in (0, 1]
     * @param stalenessFunction how a stale update's weight decays
     */
    public FedAsyncStrategy(double mixing, StalenessFunction stalenessFunction) {
        if (!(mixing > 0 && mixing <= 1)) {
            throw new IllegalArgumentException("mixing must be in (0, 1], was " + mixing);
        }
        this.mixing = mixing;
        this.stalenessFunction = Objects.requireNonNull(stalenessFunction, "stalenessFunction");
    }

    @Override
    public String name() {
        return DEFINITION.name();
    }

    @Override
    public Selection select(List<UpdateInfo> pending, AggregationContext context) {
        return Selections.firstArrived(pending, 1);
    }

    /** Applies exactly one update. */
    @Override
    public Accumulator start(GlobalModel current, List<UpdateInfo> updates) {
        Selections.checkInfos(updates);
        if (updates.size() != 1) {
            throw new IllegalArgumentException("FedAsync applies one update at a time, got " + updates.size());
        }
        long staleness = Staleness.sinceBase(current.version(), updates.get(0));
        double alpha = mixing * stalenessFunction.weight(staleness);
        return AggregationPlan.withGlobal(1 - alpha, current.version() + 1, updates, new double[] {alpha},
                new long[] {staleness}).start(current);
    }
}
