package dev.eventbus.autoconfigure;

import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;

import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.On;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The reflection hints contributed for the {@code @On} methods of a bean, checked with Spring's
 * {@link RuntimeHintsPredicates}: what a native image needs to find and invoke the methods and to evaluate their
 * conditions.
 */
class OnMethodBeanRegistrationAotProcessorTest {

    private final OnMethodBeanRegistrationAotProcessor processor = new OnMethodBeanRegistrationAotProcessor();

    @Test
    void isLoadedFromAotFactories() {
        assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class).asList())
            .hasAtLeastOneElementOfType(OnMethodBeanRegistrationAotProcessor.class);
    }

    @Test
    void everyOnMethodIsRegisteredForInvocation() {
        RuntimeHints hints = hintsFor(Shop.class);

        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Shop.class, "reserve")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Shop.class, "thank")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Shop.class, "helper")).rejects(hints);
    }

    @Test
    void inheritedOnMethodIsRegisteredOnItsDeclaringClass() {
        RuntimeHints hints = hintsFor(OnlineShop.class);

        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Shop.class, "reserve")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OnlineShop.class, "ship")).accepts(hints);
    }

    @Test
    void interfaceMethodThatAJdkProxyInvokesIsRegisteredToo() {
        RuntimeHints hints = hintsFor(MailNotifier.class);

        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(MailNotifier.class, "notify"))
            .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Notifier.class, "notify")).accepts(hints);
    }

    @Test
    void parameterTypesOfAConditionalMethodExposeWhatItsConditionReads() {
        RuntimeHints hints = hintsFor(Shop.class);

        assertThat(RuntimeHintsPredicates.reflection()
            .onType(Order.class)
            .withMemberCategories(MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.ACCESS_PUBLIC_FIELDS))
            .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
            .onType(Customer.class)
            .withMemberCategories(MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.ACCESS_PUBLIC_FIELDS))
            .as("the component type of an array parameter")
            .accepts(hints);
    }

    @Test
    void parameterTypesOfAMethodWithoutConditionAreNotRegistered() {
        RuntimeHints hints = hintsFor(Shop.class);

        assertThat(RuntimeHintsPredicates.reflection().onType(Receipt.class)).rejects(hints);
    }

    @Test
    void eventAConditionReadsIsRegisteredWithTheClassTheEngineDelivers() {
        RuntimeHints hints = hintsFor(Shop.class);

        assertThat(RuntimeHintsPredicates.reflection()
            .onType(Event.class)
            .withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
            .onType(deliveredEventType())
            .withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(hints);
    }

    @Test
    void eventIsNotRegisteredWhenNoMethodHasACondition() {
        RuntimeHints hints = hintsFor(MailNotifier.class);

        assertThat(RuntimeHintsPredicates.reflection().onType(deliveredEventType())).rejects(hints);
    }

    @Test
    void beanWithoutOnMethodsContributesNothing() {
        assertThat(this.processor.processAheadOfTime(registeredBean(Receipt.class))).isNull();
    }

    private RuntimeHints hintsFor(Class<?> beanClass) {
        BeanRegistrationAotContribution contribution = this.processor.processAheadOfTime(registeredBean(beanClass));
        assertThat(contribution).as("contribution for " + beanClass.getSimpleName()).isNotNull();
        TestGenerationContext generationContext = new TestGenerationContext();
        contribution.applyTo(generationContext, mock(BeanRegistrationCode.class));
        return generationContext.getRuntimeHints();
    }

    private static RegisteredBean registeredBean(Class<?> beanClass) {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition("bean", new RootBeanDefinition(beanClass));
        return RegisteredBean.of(beanFactory, "bean");
    }

    private static Class<?> deliveredEventType() {
        Emitter emitter = Emitter.create();
        CompletableFuture<Event> next = emitter.next("probe");
        emitter.emit("probe");
        return next.join().getClass();
    }

    record Customer(String name) {
    }

    record Order(String item, BigDecimal amount) {
    }

    record Receipt(long number) {
    }

    static class Shop {

        @On("order.placed")
        void reserve(Order order, Receipt receipt) {
        }

        @On(value = "order.placed", condition = "#order.amount > 100 and #customers.length > 0")
        void thank(Order order, Customer[] customers, @Nullable Event event, int attempt) {
        }

        void helper(Order order) {
        }
    }

    static class OnlineShop extends Shop {

        @On("order.paid")
        void ship(Order order) {
        }
    }

    interface Notifier {

        void notify(Order order);
    }

    static class MailNotifier implements Notifier {

        @Override
        @On("order.paid")
        public void notify(Order order) {
        }
    }
}
