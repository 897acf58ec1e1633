package io.asyn2f.standalone.platform;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

import io.asyn2f.aggregator.storage.ModelStore;
import io.asyn2f.testing.spring.BeanProxies;

/**
 * Kills the aggregator at the worst moment: once armed, the next global blob the aggregator writes is written, then
 * the writing thread stops before the version is committed, as if the process had died there. From then on, until
 * the context is gone, every call into the store fails, so the dying instance makes no further progress (no version,
 * no accepted update) while its context is being closed. Only the held aggregation thread ends with an
 * {@link Error}: on a listener thread Spring AMQP would answer an Error by exiting the JVM.
 */
public final class AggregatorCrash implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(AggregatorCrash.class);

    private volatile boolean armed;
    private volatile boolean dead;
    private volatile String writtenKey;
    private volatile CountDownLatch written = new CountDownLatch(1);
    private volatile CountDownLatch die = new CountDownLatch(1);

    /** The process "died": not an exception the aggregator could handle (it would delete the blob). */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash of the aggregator", null, false, false);
        }
    }

    /** The next global blob write is the last thing the aggregator does. */
    public void arm() {
        written = new CountDownLatch(1);
        die = new CountDownLatch(1);
        writtenKey = null;
        dead = false;
        armed = true;
    }

    /** Waits until the armed write has happened; returns the key of the blob written and never committed. */
    public String awaitBlobWritten(long timeout, TimeUnit unit) throws InterruptedException {
        if (!written.await(timeout, unit)) {
            throw new IllegalStateException("the aggregator wrote no global blob within " + timeout + " " + unit);
        }
        return writtenKey;
    }

    /** From now on the aggregator instance is dead: the held thread and every later store call stop. */
    public void kill() {
        dead = true;
        die.countDown();
    }

    /** A restarted aggregator is alive (its new context gets a new proxy, but the flags are shared). */
    public void revive() {
        dead = false;
        armed = false;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return BeanProxies.intercept(bean, ModelStore.class, invocation -> {
            if (dead) {
                throw new ModelStore.StoreException("the aggregator is dead", new IllegalStateException("crashed"));
            }
            Object result = invocation.proceed();
            if (armed && invocation.getMethod().getName().equals("writeModel")
                    && String.valueOf(invocation.getArguments()[0]).contains("/global/")) {
                armed = false;
                writtenKey = String.valueOf(invocation.getArguments()[0]);
                log.info("crash: {} written, the aggregator dies before committing it", writtenKey);
                written.countDown();
                die.await(60, TimeUnit.SECONDS);
                throw new SimulatedCrash();
            }
            return result;
        });
    }
}
