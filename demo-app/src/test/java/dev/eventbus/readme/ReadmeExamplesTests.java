package dev.eventbus.readme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README's Java examples true: they must be, but for the package line and whitespace, the sources of this
 * package that the build compiles and runs ({@code Shop.java} for "Use it", {@code CheckoutTests.java} for
 * "Test it").
 */
class ReadmeExamplesTests {

    private static final Path README = Path.of("..", "README.md");

    private static final Path SOURCES = Path.of("src", "test", "java", "dev", "eventbus", "readme");

    private static final Pattern JAVA_BLOCK = Pattern.compile("^```java\\R(.*?)^```",
            Pattern.DOTALL | Pattern.MULTILINE);

    private static final Pattern PACKAGE = Pattern.compile("^package [\\w.]+;");

    @Test
    void theReadmesJavaExamplesAreTheSourcesThatTheBuildRuns() throws IOException {
        List<String> examples = javaBlocks(Files.readString(README));

        assertThat(examples).as("the java blocks of %s: 'Use it', then 'Test it'", README).hasSize(2);
        assertSame(examples.get(0), "Shop.java");
        assertSame(examples.get(1), "CheckoutTests.java");
    }

    private static void assertSame(String example, String file) throws IOException {
        String source = PACKAGE.matcher(Files.readString(SOURCES.resolve(file))).replaceFirst("");
        assertThat(normalized(example))
            .as("%s's example and %s differ: change both together", README, SOURCES.resolve(file))
            .isEqualTo(normalized(source));
    }

    private static List<String> javaBlocks(String markdown) {
        return JAVA_BLOCK.matcher(markdown).results().map((block) -> block.group(1)).toList();
    }

    private static String normalized(String code) {
        return code.replaceAll("\\s+", " ").trim();
    }

}
