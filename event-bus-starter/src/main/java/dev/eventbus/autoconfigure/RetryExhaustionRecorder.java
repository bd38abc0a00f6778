package dev.eventbus.autoconfigure;

import java.lang.reflect.Method;
import java.util.List;

import dev.eventbus.On;
import dev.eventbus.RetriesExhaustedException;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationListener;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.retry.RetryException;
import org.springframework.resilience.retry.MethodRetryEvent;
import org.springframework.util.ClassUtils;

/**
 * Makes every attempt of a {@code @Retryable} {@code @On} method visible on the failure that finally propagates.
 * Spring Framework's retry interceptor rethrows only the last attempt's failure; just before, it publishes the
 * whole record (a {@link RetryException}) as a {@link MethodRetryEvent} on the same thread. This listener attaches
 * it to that last failure as a suppressed {@link RetriesExhaustedException}, so the emitting caller or the
 * {@code "error"} listeners can tell how many attempts were made.
 */
final class RetryExhaustionRecorder implements ApplicationListener<MethodRetryEvent> {

    @Override
    public void onApplicationEvent(MethodRetryEvent event) {
        if (!event.isRetryAborted() || !(event.getFailure() instanceof RetryException retry)) {
            return;
        }
        List<Throwable> failures = retry.getExceptions();
        Throwable last = retry.getLastException();
        if (failures.size() < 2 || last == null || RetriesExhaustedException.of(last).isPresent()) {
            return;
        }
        Object target = event.getSource().getThis();
        Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target)
                : event.getMethod().getDeclaringClass();
        Method method = AopUtils.getMostSpecificMethod(event.getMethod(), targetClass);
        if (AnnotatedElementUtils.hasAnnotation(method, On.class)) {
            last.addSuppressed(
                    new RetriesExhaustedException(ClassUtils.getQualifiedMethodName(method, targetClass), failures));
        }
    }

    /**
     * Always run on the publishing thread, even by a multicaster that has an executor: the record must be on the
     * failure before the retry interceptor rethrows it.
     * @return {@code false}
     */
    @Override
    public boolean supportsAsyncExecution() {
        return false;
    }

}
