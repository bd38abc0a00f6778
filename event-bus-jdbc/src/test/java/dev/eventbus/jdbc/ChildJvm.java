package dev.eventbus.jdbc;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A second JVM running a main class of the tests, on the test class path: what a test kills or starts with flags of
 * its own. Its standard output is collected line by line; its standard error goes to a file.
 */
final class ChildJvm implements AutoCloseable {

    final List<String> lines = new CopyOnWriteArrayList<>();

    final Process process;

    private final Thread reader;

    private ChildJvm(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "child-jvm-output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static ChildJvm start(List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(main.getName());
        command.addAll(List.of(args));
        try {
            File errors = File.createTempFile("child-jvm-", ".log");
            return new ChildJvm(new ProcessBuilder(command).redirectError(errors).start());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + main.getName() + " in a JVM of its own", ex);
        }
    }

    private void read() {
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                this.lines.add(line);
            }
        }
        catch (IOException ex) {
            // the process was killed: what it wrote until then is kept
        }
    }

    /** The lines it wrote that start with a prefix, without the prefix. */
    List<String> linesStartingWith(String prefix) {
        return this.lines.stream().filter((line) -> line.startsWith(prefix))
            .map((line) -> line.substring(prefix.length()))
            .toList();
    }

    void awaitOutput() throws InterruptedException {
        this.reader.join(10_000);
    }

    @Override
    public void close() {
        this.process.destroyForcibly();
    }

}
