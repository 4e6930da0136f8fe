package dev.symbia.bench.stack;

import dev.symbia.bench.MachineCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The markdown report of a bench that runs against a started {@link Stack}: a failed measurement is written into
 * the report (and the run exits 1) rather than losing what was measured before it, and the report is always
 * printed and, when asked, written to a file.
 */
public final class StackReport {

    /** A measurement that may fail part-way. */
    @FunctionalInterface
    public interface Measurement {
        void run() throws Exception;
    }

    private StackReport() {
    }

    /** Runs {@code measurement}; a failure is appended to {@code report}. Returns the exit status (0 or 1). */
    public static int measure(StringBuilder report, Measurement measurement) {
        try {
            measurement.run();
            return 0;
        } catch (Exception | Error e) {
            report.append("\n**The run failed:** ").append(e).append("\n");
            e.printStackTrace();
            return 1;
        }
    }

    /** The lines every report ends with: the load after the run and where the stack's logs are. */
    public static void footer(StringBuilder report, Stack stack) {
        report.append("\n- Load average after the run: ").append(MachineCpu.loadAverage()).append(".\n");
        report.append("- Stack logs: ").append(stack.home().resolve("logs")).append(".\n");
    }

    /** The stack did not start (or set-up failed before measuring): says so, publishes the report. */
    public static void failedBeforeMeasuring(StringBuilder report, @Nullable String out, Exception e) throws IOException {
        report.append("\n**The run failed before measuring:** ").append(e).append("\n");
        publish(report, out);
    }

    /** Prints the report and writes it to {@code out} when given. */
    public static void publish(StringBuilder report, @Nullable String out) throws IOException {
        System.out.println();
        System.out.print(report);
        if (out != null) {
            Path file = Path.of(out);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, report.toString());
            System.out.println("Report written to " + file.toAbsolutePath().normalize());
        }
    }
}
