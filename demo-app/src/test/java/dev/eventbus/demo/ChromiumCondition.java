package dev.eventbus.demo;

import java.io.File;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Lets the browser tests run where Chromium and its driver are, and skips them, with one line saying how to run
 * them, where they are not, so that {@code ./mvnw verify} passes on a machine with only a JDK. With
 * {@code -Dbrowser.tests=required} (which {@code .ci/run} passes) they always run, and a missing browser fails them.
 */
final class ChromiumCondition implements ExecutionCondition {

    /** {@code auto} (the default): skipped without a browser; {@code required}: run, and fail without one. */
    static final String MODE_PROPERTY = "browser.tests";

    static final File CHROMIUM = new File(System.getProperty("chromium.binary", "/usr/bin/chromium"));

    static final File CHROMEDRIVER = new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

    static final String HOW_TO_INSTALL = "install Chromium and its driver ('apt-get update && apt-get install -y "
            + "chromium chromium-driver' as root, 'sudo apt-get update && sudo apt-get install -y chromium "
            + "chromium-driver' as a user), or point -Dchromium.binary=... and -Dchromedriver.binary=... at a Chromium "
            + "or Chrome and the chromedriver of the same version";

    private static final Log logger = LogFactory.getLog(ChromiumCondition.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String mode = System.getProperty(MODE_PROPERTY, "auto");
        if (mode.equals("required")) {
            return ConditionEvaluationResult.enabled("-D" + MODE_PROPERTY + "=required");
        }
        if (!mode.equals("auto")) {
            throw new IllegalArgumentException("-D" + MODE_PROPERTY + "=" + mode + " is not a mode: use 'required' "
                    + "(the browser tests run, and fail without a browser) or 'auto' (the default: they are skipped "
                    + "without one)");
        }
        List<File> missing = missingBinaries();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("Chromium and chromedriver found");
        }
        String reason = "%s skipped: %s missing or not executable. To run it, %s.".formatted(
                context.getDisplayName(), describe(missing), HOW_TO_INSTALL);
        logger.warn(reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    /**
     * The binaries the browser tests need that are not there, or not executable.
     * @return {@link #CHROMIUM} and {@link #CHROMEDRIVER}, those that are missing
     */
    static List<File> missingBinaries() {
        return Stream.of(CHROMIUM, CHROMEDRIVER).filter((binary) -> !binary.canExecute()).toList();
    }

    /**
     * The missing binaries, for a message.
     * @param missing what {@link #missingBinaries()} found
     * @return for example {@code /usr/bin/chromium and /usr/bin/chromedriver are}
     */
    static String describe(List<File> missing) {
        return (missing.size() == 1) ? missing.get(0) + " is" : missing.get(0) + " and " + missing.get(1) + " are";
    }

}
