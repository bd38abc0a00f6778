package dev.eventbus.core;

import dev.eventbus.Emitter;
import org.springframework.util.Assert;

/**
 * An {@link Emitter.Builder} that also installs {@link EmitInterceptor}s, as the builder behind
 * {@link Emitter#builder()} does ({@code new StandaloneEmitterBuilder()} gives one typed as such); a builder of
 * one's own may implement it too. It lives in the engine, not in the API, so that the API package exposes no engine
 * type; {@link #of(Emitter.Builder)} reaches it from a builder typed as the API's.
 */
public interface InterceptableBuilder extends Emitter.Builder {

    /**
     * Installs an interceptor in the emitter to build, after those installed before it: interceptors start in the
     * order they were installed and close in the reverse order.
     * @param interceptor the interceptor
     * @return this builder
     */
    InterceptableBuilder interceptor(EmitInterceptor interceptor);

    /**
     * The interceptor-installing side of a builder, such as one returned by {@link Emitter#builder()}.
     * @param builder the builder
     * @return the same builder
     * @throws IllegalArgumentException when the builder does not install interceptors, naming its class
     */
    static InterceptableBuilder of(Emitter.Builder builder) {
        Assert.notNull(builder, "Builder must not be null");
        if (builder instanceof InterceptableBuilder interceptable) {
            return interceptable;
        }
        throw new IllegalArgumentException("Cannot install interceptors in a " + builder.getClass().getName()
                + ": only a builder from Emitter.builder(), or one that implements InterceptableBuilder, accepts them");
    }

}
