package dev.eventbus.autoconfigure;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import dev.eventbus.Emitter;
import dev.eventbus.EventBusException;
import dev.eventbus.On;
import dev.eventbus.Subscription;
import dev.eventbus.core.AnnotatedListenerScanner;
import dev.eventbus.core.DefinitionRegistrar;
import dev.eventbus.core.ListenerDefinition;
import dev.eventbus.core.ListenerMethods;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanNameAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.OrderUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Registers the {@link On @On} methods of every singleton bean with the context's {@link Emitter} once all
 * singletons exist, the way Spring's {@code EventListenerMethodProcessor} handles {@code @EventListener}, and removes
 * them when the context closes.
 * <p>
 * With an emitter that is a {@link DefinitionRegistrar} (the library's own is, and an application's own may be),
 * listeners get the id {@code beanName#methodName}, are invoked through the bean's proxy (so advice on the method
 * applies) and resolve their bean at their first event (so a {@code @Lazy} bean is counted at startup but created
 * only then). Any other {@link Emitter} implementation receives the bean itself through
 * {@link Emitter#register(Object)}: the bean is created at startup and the ids are that emitter's.
 */
final class OnMethodRegistrar implements SmartInitializingSingleton, BeanFactoryAware, BeanNameAware, DisposableBean {

    private static final Log logger = LogFactory.getLog(OnMethodRegistrar.class);

    private final List<Subscription> subscriptions = new ArrayList<>();

    private @Nullable ConfigurableListableBeanFactory beanFactory;

    private @Nullable String beanName;

    private @Nullable AnnotatedListenerScanner scanner;

    private @Nullable Emitter emitter;

    /** The beans' definitions on their way to an emitter that takes definitions, while they are being found. */
    private @Nullable BeanRegistrationBatch batch;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory,
                "OnMethodRegistrar requires a ConfigurableListableBeanFactory");
        this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
    }

    @Override
    public void setBeanName(String name) {
        this.beanName = name;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ConfigurableListableBeanFactory beanFactory = this.beanFactory;
        Assert.state(beanFactory != null, "No BeanFactory set");
        this.scanner = beanFactory.getBeanProvider(AnnotatedListenerScanner.class)
            .getIfAvailable(() -> new AnnotatedListenerScanner(new BeanFactoryResolver(beanFactory)));
        this.batch = null;
        for (String name : beanFactory.getBeanNamesForType(Object.class)) {
            ListenerMethods found = listenerMethods(beanFactory, name);
            if (found == null) {
                continue;
            }
            if (beanFactory.isSingleton(name)) {
                register(beanFactory, name, found);
            }
            else {
                warnNotRegistered(beanFactory, name, found);
            }
        }
        if (this.batch != null) {
            this.batch.finish();
            this.batch = null;
        }
    }

    /** The {@code @On} methods of a bean's class, searched once; {@code null} when it has none. */
    private @Nullable ListenerMethods listenerMethods(ConfigurableListableBeanFactory beanFactory, String name) {
        if (ScopedProxyUtils.isScopedTarget(name)) {
            // reached through its scoped proxy, a singleton registered under the bean's own name
            return null;
        }
        Class<?> type = targetClass(beanFactory, name);
        if (type != null && ScopedObject.class.isAssignableFrom(type)) {
            Class<?> scopedTargetType = targetClass(beanFactory, ScopedProxyUtils.getTargetBeanName(name));
            type = (scopedTargetType != null) ? scopedTargetType : type;
        }
        if (type == null) {
            return null;
        }
        Class<?> userClass = ClassUtils.getUserClass(type);
        if (!AnnotationUtils.isCandidateClass(userClass, On.class) || isSpringContainerClass(userClass)) {
            return null;
        }
        try {
            ListenerMethods found = scanner().find(userClass);
            return found.isEmpty() ? null : found;
        }
        catch (EventBusException ex) {
            throw ex;
        }
        catch (Throwable ex) {
            // A type in a method signature that cannot be resolved, as Spring tolerates for @EventListener
            if (logger.isDebugEnabled()) {
                logger.debug("Could not resolve methods for bean with name '" + name + "'", ex);
            }
            return null;
        }
    }

    private static @Nullable Class<?> targetClass(ConfigurableListableBeanFactory beanFactory, String name) {
        try {
            return AutoProxyUtils.determineTargetClass(beanFactory, name);
        }
        catch (Throwable ex) {
            // An unresolvable bean type, probably from a lazy bean, as Spring tolerates for @EventListener
            if (logger.isDebugEnabled()) {
                logger.debug("Could not resolve target class for bean with name '" + name + "'", ex);
            }
            return null;
        }
    }

    /**
     * Registers a bean's {@code @On} methods: with an emitter that takes definitions, through the batch of the beans'
     * definitions; otherwise registers the bean now.
     */
    private void register(ConfigurableListableBeanFactory beanFactory, String name, ListenerMethods found) {
        Emitter emitter = emitter(beanFactory);
        if (emitter instanceof DefinitionRegistrar) {
            Class<?> userClass = found.type();
            List<ListenerDefinition> definitions = scanner().scan(found, name, () -> beanFactory.getBean(name),
                    (method) -> invocableMethod(beanFactory, name, userClass, method),
                    beanOrder(beanFactory, name, userClass));
            batch(emitter).add(definitions);
            if (logger.isDebugEnabled()) {
                logger.debug(definitions.size() + " @On methods of bean '" + name + "' to register");
            }
        }
        else {
            this.subscriptions.add(emitter.register(beanFactory.getBean(name)));
        }
        if (this.beanName != null) {
            // remove the listeners before their bean is destroyed
            beanFactory.registerDependentBean(name, this.beanName);
        }
    }

    /** A listener that silently never runs is hard to find: say which methods are left out, and what to do. */
    private void warnNotRegistered(ConfigurableListableBeanFactory beanFactory, String name, ListenerMethods found) {
        if (!logger.isWarnEnabled()) {
            return;
        }
        StringJoiner methods = new StringJoiner(", ");
        for (Method method : found.methods()) {
            methods.add(method.getName());
        }
        logger.warn("The @On methods of bean '" + name + "' (" + found.type().getName() + ") are not registered: "
                + methods + ". The bean is " + scopeOf(beanFactory, name) + ", and only the @On methods of singleton "
                + "beans are registered, as a bean of another scope has no one instance to call at each event. Make "
                + "it a singleton, give its scope a proxy (@Scope(proxyMode = ScopedProxyMode.TARGET_CLASS)), or "
                + "register each instance yourself with Emitter.register(object)");
    }

    private static String scopeOf(ConfigurableListableBeanFactory beanFactory, String name) {
        try {
            String scope = beanFactory.getMergedBeanDefinition(name).getScope();
            if (StringUtils.hasText(scope)) {
                return ConfigurableBeanFactory.SCOPE_PROTOTYPE.equals(scope) ? "prototype-scoped"
                        : "of scope '" + scope + "'";
            }
        }
        catch (NoSuchBeanDefinitionException ex) {
            // a bean registered as an object has no definition to tell its scope
        }
        return "not a singleton";
    }

    private static Method invocableMethod(ConfigurableListableBeanFactory beanFactory, String name, Class<?> userClass,
            Method method) {
        Method candidate = method;
        if (!beanFactory.containsSingleton(name)) {
            // a bean not created yet (@Lazy) may become a JDK proxy, which only an interface method can be invoked on
            candidate = ClassUtils.getInterfaceMethodIfPossible(method, userClass);
        }
        return AopUtils.selectInvocableMethod(candidate, beanFactory.getType(name));
    }

    /**
     * The order of the bean as a whole: {@link Ordered#getOrder()} of a bean already created, else {@code @Order} (or
     * {@code @Priority}) on its class. A bean not created yet ({@code @Lazy}) is not created to ask it; a scoped
     * proxy is not asked either, as it would need a scope to be active.
     */
    private static @Nullable Integer beanOrder(ConfigurableListableBeanFactory beanFactory, String name,
            Class<?> userClass) {
        Object bean = beanFactory.containsSingleton(name) ? beanFactory.getSingleton(name) : null;
        if (bean instanceof Ordered ordered && !(bean instanceof FactoryBean) && !(bean instanceof ScopedObject)) {
            return ordered.getOrder();
        }
        return OrderUtils.getOrder(userClass);
    }

    private BeanRegistrationBatch batch(Emitter emitter) {
        BeanRegistrationBatch batch = this.batch;
        if (batch == null) {
            batch = new BeanRegistrationBatch(emitter, this.subscriptions::add);
            this.batch = batch;
        }
        return batch;
    }

    private AnnotatedListenerScanner scanner() {
        Assert.state(this.scanner != null, "No AnnotatedListenerScanner resolved");
        return this.scanner;
    }

    private Emitter emitter(ConfigurableListableBeanFactory beanFactory) {
        Emitter emitter = this.emitter;
        if (emitter == null) {
            emitter = beanFactory.getBean(Emitter.class);
            this.emitter = emitter;
        }
        return emitter;
    }

    private static boolean isSpringContainerClass(Class<?> type) {
        return type.getName().startsWith("org.springframework.")
                && !AnnotatedElementUtils.isAnnotated(type, Component.class);
    }

    @Override
    public void destroy() {
        for (int i = this.subscriptions.size() - 1; i >= 0; i--) {
            this.subscriptions.get(i).close();
        }
        this.subscriptions.clear();
    }

}
