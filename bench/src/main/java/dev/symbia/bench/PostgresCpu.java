package dev.symbia.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * CPU time of a local PostgreSQL server, from {@code /proc}: the postmaster's own time, the time of
 * the backends it has already reaped ({@code cutime}/{@code cstime}) and of those still running.
 * Only for a server on this machine that this user can see (the embedded one); otherwise unknown.
 */
public final class PostgresCpu {

    /** Linux reports these fields in USER_HZ, which is 100 on every mainstream architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final long postmaster;

    private PostgresCpu(long postmaster) {
        this.postmaster = postmaster;
    }

    /** The server behind {@code connection}, or null when its processes are not visible from here. */
    public static PostgresCpu of(Connection connection) {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            long backend = rs.getLong(1);
            return ProcessHandle.of(backend).flatMap(ProcessHandle::parent)
                    .map(parent -> new PostgresCpu(parent.pid()))
                    .filter(cpu -> cpu.nanos() >= 0)
                    .orElse(null);
        } catch (SQLException e) {
            return null;
        }
    }

    /** Total CPU nanoseconds of the server so far; -1 if it cannot be read. */
    public long nanos() {
        long[] own = stat(postmaster);
        if (own == null) {
            return -1;
        }
        long ticks = own[0] + own[1] + own[2] + own[3];
        for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.children().toList()).orElse(java.util.List.of())) {
            long[] times = stat(child.pid());
            if (times != null) {
                ticks += times[0] + times[1];
            }
        }
        return ticks * NANOS_PER_TICK;
    }

    /** utime, stime, cutime, cstime (fields 14–17 of /proc/pid/stat), in ticks. */
    private static long[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // The command (field 2) is in parentheses and may contain spaces: count from the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state), so field n is fields[n - 3].
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                    Long.parseLong(fields[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
