package io.asyn2f.messaging;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The one context the messaging ITs share (same annotation, so Spring caches it). A second context would bring a
 * second {@link MessagingIT.TestListener} on the same queue, and while both are running they would split that queue's
 * events between them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = MessagingIT.TestApp.class, properties = {"spring.rabbitmq.publisher-confirm-type=simple",
        "spring.application.name=messaging-it", "asyn2f.messaging.retry.initial-delay=100ms",
        "asyn2f.messaging.retry.max-delay=400ms", "asyn2f.messaging.retry.max-attempts=" + MessagingIT.MAX_ATTEMPTS,
        "asyn2f.messaging.retry.look-interval=50ms"})
@interface MessagingTestContext {
}
