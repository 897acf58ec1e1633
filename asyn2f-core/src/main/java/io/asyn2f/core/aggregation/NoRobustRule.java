package io.asyn2f.core.aggregation;

/** The plain weighted mean: what every strategy does without a robust rule. */
final class NoRobustRule implements RobustRule {

    static final NoRobustRule INSTANCE = new NoRobustRule();

    private NoRobustRule() {
    }

    @Override
    public String name() {
        return "none";
    }

    @Override
    public int minUpdates() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Combination combine(float[][] inputs, double[] weights) {
        RobustRules.check(inputs, weights);
        float[] out = new float[inputs[0].length];
        WeightedSum.into(out, inputs, weights);
        return new Combination(out, weights.clone());
    }
}
