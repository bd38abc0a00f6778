package dev.eventbus.autoconfigure;

import java.lang.reflect.Method;
import java.util.Map;

import dev.eventbus.Event;
import dev.eventbus.On;
import dev.eventbus.core.EngineHints;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.generate.GenerationContext;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Registers, while an application is processed ahead of time, the reflection that the {@link On @On} methods of
 * each bean need at run time in a native image, as Spring does for {@code @EventListener}: {@link OnMethodRegistrar}
 * finds the methods and the bus invokes them reflectively, and a condition reads the event and the arguments
 * through SpEL.
 * <p>
 * Registered in {@code META-INF/spring/aot.factories}, not as a bean, and apart from the registrar: a bean that is
 * an AOT processor is left out of the generated context, and the registrar must be in it. The bean's declared type
 * is the one searched, as at run time for a bean not created yet.
 */
final class OnMethodBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

    @Override
    public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        Class<?> beanClass = ClassUtils.getUserClass(registeredBean.getBeanClass());
        if (!AnnotationUtils.isCandidateClass(beanClass, On.class)) {
            return null;
        }
        // the same search as AnnotatedListenerScanner's, whose result is not public
        Map<Method, On> methods = MethodIntrospector.selectMethods(beanClass,
                (MethodIntrospector.MetadataLookup<On>) (method) -> AnnotatedElementUtils.findMergedAnnotation(method,
                        On.class));
        return (!methods.isEmpty()) ? new OnMethodHints(beanClass, methods) : null;
    }

    /**
     * The hints for the {@code @On} methods of one bean class.
     *
     * @param beanClass the bean's user class
     * @param methods its {@code @On} methods
     */
    private record OnMethodHints(Class<?> beanClass, Map<Method, On> methods)
            implements BeanRegistrationAotContribution {

        @Override
        public void applyTo(GenerationContext generationContext, BeanRegistrationCode beanRegistrationCode) {
            ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
            boolean anyCondition = false;
            for (Map.Entry<Method, On> entry : this.methods.entrySet()) {
                Method method = entry.getKey();
                reflection.registerMethod(method, ExecutableMode.INVOKE);
                // what a JDK proxy of a bean not created yet (@Lazy) is invoked through
                Method interfaceMethod = ClassUtils.getInterfaceMethodIfPossible(method, this.beanClass);
                if (!interfaceMethod.equals(method)) {
                    reflection.registerMethod(interfaceMethod, ExecutableMode.INVOKE);
                }
                if (StringUtils.hasText(entry.getValue().condition())) {
                    anyCondition = true;
                    for (Class<?> parameterType : method.getParameterTypes()) {
                        registerReadByCondition(reflection, parameterType);
                    }
                }
            }
            if (anyCondition) {
                // a condition's root object and #event: the API type, and the engine's class that implements it
                EngineHints.registerEventReadByConditions(reflection);
            }
        }

        /** What a SpEL condition reads of an argument: its public methods ({@code #order.amount}) and fields. */
        private static void registerReadByCondition(ReflectionHints reflection, Class<?> parameterType) {
            Class<?> type = parameterType;
            while (type.isArray()) {
                type = type.getComponentType();
            }
            if (!type.isPrimitive() && type != Event.class) {
                reflection.registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS,
                        MemberCategory.ACCESS_PUBLIC_FIELDS);
            }
        }
    }

}
