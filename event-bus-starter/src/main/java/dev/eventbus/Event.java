package dev.eventbus;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The envelope of one emitted event: its name and the arguments passed to {@link Emitter#emit(String, Object...)}.
 * Instances are immutable and may be shared across threads.
 */
public interface Event {

    /**
     * The emitted (concrete) name, never a pattern.
     * @return the event name
     */
    String name();

    /**
     * The emitted arguments, in order.
     * @return an unmodifiable list, which may hold {@code null} elements
     */
    List<@Nullable Object> args();

    /**
     * One argument by position.
     * @param index the zero-based position
     * @return the argument, or {@code null} when it is absent or {@code null}
     */
    @Nullable Object arg(int index);

    /**
     * One argument by position, checked against a type (primitive types are boxed).
     * @param index the zero-based position
     * @param type the expected type
     * @param <T> the expected type
     * @return the argument, or {@code null} when it is absent or {@code null}
     * @throws ClassCastException naming both types when the argument is present but not a {@code T}
     * @throws IllegalArgumentException when {@code type} is {@code null}
     */
    <T> @Nullable T arg(int index, Class<T> type);

    /**
     * The id of the emit this event comes from: unique per emit (a UUID), the same for every listener of that emit,
     * and unchanged when the event is delivered again (from a publication log after a crash) or in another instance.
     * It is created the first time something asks for it, so an emit that nobody asks pays nothing for it.
     * @return the event id
     */
    String id();

    /**
     * The id of the instance that emitted this event ({@code eventbus.instance-id}).
     * @return the origin instance's id
     */
    String origin();
}
