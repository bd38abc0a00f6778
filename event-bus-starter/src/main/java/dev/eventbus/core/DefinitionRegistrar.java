package dev.eventbus.core;

import java.util.List;

import dev.eventbus.Subscription;

/**
 * An emitter that registers listener definitions made elsewhere. The starter registers {@code @On} methods through
 * it, with the ids {@code beanName#methodName}, through the bean's proxy, and without creating a {@code @Lazy} bean;
 * an emitter without it gets {@code register(bean)} instead, which needs the bean itself.
 */
public interface DefinitionRegistrar {

    /**
     * Registers listener definitions, all or nothing, appending each in turn.
     * @param definitions the definitions, for example from {@link AnnotatedListenerScanner#scan}
     * @return a subscription whose {@code close()} removes every registration made
     */
    Subscription register(List<ListenerDefinition> definitions);

}
