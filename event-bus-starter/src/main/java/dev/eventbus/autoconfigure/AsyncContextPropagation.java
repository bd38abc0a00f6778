package dev.eventbus.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Carries the emitting thread's context to the bus executor's threads, unless the application's own task decorators
 * already do. Not a {@link TaskDecorator} bean itself, so that Boot's {@code applicationTaskExecutor} is left as the
 * application configured it.
 */
final class AsyncContextPropagation {

    private final ContextPropagatingTaskDecorator decorator;

    AsyncContextPropagation(ContextPropagatingTaskDecorator decorator) {
        this.decorator = decorator;
    }

    /**
     * The decorators of the bus executor: the application's, then, outermost so that they run in the restored
     * context, the propagating one.
     */
    List<TaskDecorator> decorate(List<TaskDecorator> decorators) {
        for (TaskDecorator decorator : decorators) {
            if (decorator instanceof ContextPropagatingTaskDecorator) {
                return decorators;
            }
        }
        List<TaskDecorator> all = new ArrayList<>(decorators);
        all.add(this.decorator);
        return all;
    }

}
