package io.asyn2f.core.schedule;

/** The same learning rate for every version. */
public record ConstantSchedule(double rate) implements LearningRateSchedule {

    public ConstantSchedule {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("rate must be > 0, was " + rate);
        }
    }

    @Override
    public double at(long version) {
        return rate;
    }
}
