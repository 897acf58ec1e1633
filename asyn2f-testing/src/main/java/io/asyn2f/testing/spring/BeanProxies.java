package io.asyn2f.testing.spring;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;

/**
 * For tests that step into a running application's calls (to fail a store, or to act right after a write): a
 * {@code BeanPostProcessor} hands each bean here and gets back the bean itself, or, if it is a {@code type}, a class
 * proxy that runs every call through {@code advice}.
 */
public final class BeanProxies {

    private BeanProxies() {
    }

    public static Object intercept(Object bean, Class<?> type, MethodInterceptor advice) {
        if (!type.isInstance(bean)) {
            return bean;
        }
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice(advice);
        return proxy.getProxy(bean.getClass().getClassLoader());
    }
}
