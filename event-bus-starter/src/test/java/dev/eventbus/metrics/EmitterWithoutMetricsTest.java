package dev.eventbus.metrics;

import java.io.File;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.Listener;
import io.micrometer.core.instrument.Metrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Micrometer is an optional dependency: an emitter built without a registry must neither need it nor record.
 */
class EmitterWithoutMetricsTest {

    @Test
    void emitterBuiltWithoutARegistryDeliversSyncAndAsyncEventsAndRecordsNothing() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Emitter emitter = Emitter.builder().executor(executor).build();
            List<String> received = new CopyOnWriteArrayList<>();
            emitter.on("order.created", (event) -> received.add("sync " + event.arg(0)));

            assertThat(emitter.emit("order.created", "A-1")).isTrue();
            assertThat(emitter.emit("nobody.listens")).isFalse();
            emitter.emitAsync("order.created", "A-2").get(5, TimeUnit.SECONDS);

            assertThat(received).containsExactly("sync A-1", "sync A-2");
            assertThat(Metrics.globalRegistry.find("eventbus.emits").meters()).isEmpty();
        }
        finally {
            executor.shutdownNow();
        }
    }

    @Test
    void emitterWorksWithoutMicrometerOnTheClassPath() throws Exception {
        try (URLClassLoader withoutMicrometer = new URLClassLoader(classPathWithoutMicrometer(),
                ClassLoader.getPlatformClassLoader())) {
            assertThatExceptionOfType(ClassNotFoundException.class)
                .isThrownBy(() -> withoutMicrometer.loadClass("io.micrometer.core.instrument.MeterRegistry"));
            Class<?> emitterType = withoutMicrometer.loadClass(Emitter.class.getName());
            Class<?> listenerType = withoutMicrometer.loadClass(Listener.class.getName());
            List<Object> received = new ArrayList<>();
            Object listener = Proxy.newProxyInstance(withoutMicrometer, new Class<?>[] { listenerType },
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "onEvent":
                                received.add(args[0]);
                                return null;
                            case "hashCode":
                                return System.identityHashCode(proxy);
                            case "equals":
                                return proxy == args[0];
                            default:
                                return "recording listener";
                        }
                    });
            Object emitter = emitterType.getMethod("create").invoke(null);
            emitterType.getMethod("on", String.class, listenerType).invoke(emitter, "order.created", listener);

            Object delivered = emitterType.getMethod("emit", String.class, Object[].class)
                .invoke(emitter, "order.created", new Object[] { "A-1" });

            assertThat(delivered).isEqualTo(true);
            Class<?> eventType = withoutMicrometer.loadClass(Event.class.getName());
            assertThat(received).hasSize(1);
            assertThat(eventType.getMethod("name").invoke(received.get(0))).isEqualTo("order.created");
            assertThat(eventType.getMethod("args").invoke(received.get(0))).isEqualTo(List.of("A-1"));
        }
    }

    private static URL[] classPathWithoutMicrometer() throws Exception {
        // surefire may start the JVM with a manifest-only jar, and then publishes the real class path here
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && !new File(entry).getName().startsWith("micrometer-")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }
}
