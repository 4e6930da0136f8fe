package dev.symbia.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a whole process in nanoseconds, summed over its live threads' {@code /proc/<pid>/task/<tid>/schedstat}
 * (time on a CPU, in ns). Unlike {@code ProcessHandle.Info.totalCpuDuration} (clock ticks of 10 ms) it resolves one
 * request or one stream, so CPU per request can be compared between two sides of a run even when the machine is
 * shared and wall-clock latency is not. Threads that ended between two readings are not counted (services and the
 * bench keep their request and llama.cpp threads). Linux only; -1 elsewhere.
 */
public final class ProcessCpu {

    private ProcessCpu() {
    }

    /** CPU nanoseconds so far of every live thread of {@code pid}; -1 if unknown. */
    public static long nanos(long pid) {
        long total = 0;
        boolean found = false;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("schedstat"));
                    total += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
                    found = true;
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return found ? total : -1;
    }

    /** {@link #nanos(long)} of this process. */
    public static long self() {
        return nanos(ProcessHandle.current().pid());
    }
}
