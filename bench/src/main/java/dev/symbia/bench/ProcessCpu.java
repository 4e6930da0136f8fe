package dev.symbia.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time of a whole process in nanoseconds, summed over its live threads' {@code /proc/<pid>/task/<tid>/schedstat}
 * (time on a CPU, in ns). Unlike {@code ProcessHandle.Info.totalCpuDuration} (clock ticks of 10 ms) it resolves one
 * request or one stream, so CPU per request can be compared between two sides of a run even when the machine is
 * shared and wall-clock latency is not. Threads that ended between two readings are not counted (services and the
 * bench keep their request and llama.cpp threads). Linux only; -1 elsewhere.
 */
public final class ProcessCpu {

    /** Name prefixes ({@code comm}) of HotSpot's JIT compiler threads: their work is warm-up, not per request. */
    public static final List<String> JIT_COMPILER_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");

    private ProcessCpu() {
    }

    /** CPU nanoseconds so far of every live thread of {@code pid}; -1 if unknown. */
    public static long nanos(long pid) {
        return nanosExcluding(pid, List.of());
    }

    /**
     * {@link #nanos(long)} without the threads whose name ({@code /proc/<pid>/task/<tid>/comm}) starts with one of
     * {@code excludedNames}: e.g. the JIT's compiler threads, whose work is a warm-up cost rather than a per-request one.
     */
    public static long nanosExcluding(long pid, List<String> excludedNames) {
        long[] total = {0};
        boolean[] found = {false};
        boolean read = forEachTask(pid, task -> {
            if (!excludedNames.isEmpty()) {
                String name = Files.readString(task.resolve("comm")).strip();
                if (excludedNames.stream().anyMatch(name::startsWith)) {
                    return;
                }
            }
            String stat = Files.readString(task.resolve("schedstat"));
            total[0] += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
            found[0] = true;
        });
        return read && found[0] ? total[0] : -1;
    }

    /** {@link #nanos(long)} without the {@link #JIT_COMPILER_THREADS}. */
    public static long nanosWithoutJit(long pid) {
        return nanosExcluding(pid, JIT_COMPILER_THREADS);
    }

    /**
     * How many times the live threads of {@code pid} were put on a CPU so far (the third field of each task's
     * schedstat): thread hand-offs and wake-ups; -1 if unknown.
     */
    public static long runs(long pid) {
        long[] total = {0};
        boolean read = forEachTask(pid, task -> {
            String[] fields = Files.readString(task.resolve("schedstat")).strip().split(" ");
            total[0] += Long.parseLong(fields[2]);
        });
        return read ? total[0] : -1;
    }

    /** Reads one thread's files under {@code /proc/<pid>/task/<tid>/}; may fail when the thread has just ended. */
    @FunctionalInterface
    public interface TaskReader {
        void read(Path task) throws IOException;
    }

    /**
     * Runs {@code reader} on every live thread of {@code pid}, skipping threads that end meanwhile; false when the
     * process's threads cannot be listed (it is gone).
     */
    public static boolean forEachTask(long pid, TaskReader reader) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    reader.read(task);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@link #nanos(long)} of this process. */
    public static long self() {
        return nanos(ProcessHandle.current().pid());
    }
}
