package dev.symbia.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Busy time of the machine's CPUs from {@code /proc/stat} — everything but idle and iowait, whoever
 * used it. Subtracting what the bench's own processes used leaves what other work on the machine
 * took meanwhile: the measure of interference on a shared box.
 */
public final class MachineCpu {

    /** Linux reports /proc/stat in USER_HZ, which is 100 on every mainstream architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private MachineCpu() {
    }

    /** Busy nanoseconds so far of {@code cpus} (null: all of them); -1 if unknown. */
    public static long busyNanos(Collection<Integer> cpus) {
        try {
            long ticks = 0;
            boolean found = false;
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                int cpu = Integer.parseInt(f[0].substring(3));
                if (cpus != null && !cpus.contains(cpu)) {
                    continue;
                }
                found = true;
                // user nice system idle iowait irq softirq steal: busy = all but idle and iowait (guest is in user).
                for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                    if (i != 4 && i != 5) {
                        ticks += Long.parseLong(f[i]);
                    }
                }
            }
            return found ? ticks * NANOS_PER_TICK : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code 0}, {@code 0,2}, {@code 1-3} → the CPU numbers. */
    public static List<Integer> parseList(String list) {
        TreeSet<Integer> cpus = new TreeSet<>();
        for (String part : list.trim().split(",")) {
            String[] range = part.split("-");
            int from = Integer.parseInt(range[0].trim());
            int to = range.length > 1 ? Integer.parseInt(range[1].trim()) : from;
            for (int cpu = from; cpu <= to; cpu++) {
                cpus.add(cpu);
            }
        }
        return new ArrayList<>(cpus);
    }

    /** The CPUs this process may run on ({@code Cpus_allowed_list}), else 0..n-1. */
    public static List<Integer> allowed() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return parseList(line.substring(line.indexOf(':') + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        List<Integer> cpus = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            cpus.add(i);
        }
        return cpus;
    }

    /** The 1, 5 and 15 minute load averages, or "?". */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
