package dev.symbia.network.trace;

import dev.symbia.network.config.NetworkProperties;
import dev.symbia.relay.Envelope;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes routed events with their traces in batches, off the delivery path (issue 26), as logging's ingest
 * does: routing {@link #append appends} to a bounded queue and goes on; one thread takes the first queued
 * event, lets up to {@code symbia.network.history.write-linger} (10 ms) pass for more to join it (at most
 * {@value #MAX_BATCH}), and writes them in one transaction of one multi-row insert (an event and its trace
 * are one row of {@code history}, V10), then tells
 * {@code onStored} (the other replicas, through {@link HistoryFanout}). The linger matters on a busy core:
 * without it the writer woke for nearly every event, and PostgreSQL paid a transaction, two inserts and a
 * notification per event (profiled in bench/README.md). A read on this replica cuts it short
 * ({@link #awaitWritten}).
 *
 * <p>Bounds and loss: the queue holds {@value #CAPACITY} events; when the database falls that far behind,
 * routing waits for room (up to {@link #FULL_WAIT}, then the event's history is dropped and counted in
 * {@code network.history.dropped} — delivery itself never depends on the write). A clean shutdown stops
 * taking events and writes everything queued before the connection pool closes. A crash (kill -9, power)
 * loses what is queued and not yet committed: events already delivered and acknowledged whose history
 * rows are missing — at most the queue, in practice the few milliseconds of events of one batch. The history
 * transaction commits with {@code synchronous_commit = off} (the commit does not wait for its WAL flush, which
 * PostgreSQL's WAL writer does within {@code 3 × wal_writer_delay}, 600 ms by default): a crash of PostgreSQL
 * itself (not of the network; a clean PostgreSQL stop flushes) may also lose the batches committed in that last
 * fraction of a second — never a half-written one, and the rest of the database stays consistent. A batch the
 * database refuses is retried three times, then dropped and counted the same way.
 *
 * <p>Reads on this replica first {@link #awaitWritten wait} for what was appended before them, so a
 * client that published and then reads its trace finds it. Another replica sees it once written.
 */
@Component
public class HistoryWriter implements SmartLifecycle {

    static final int CAPACITY = 10_000;
    static final int MAX_BATCH = 500;
    static final Duration FULL_WAIT = Duration.ofSeconds(5);
    private static final Duration READ_WAIT = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);

    private record Entry(Envelope envelope, String wire, Instant receivedAt, Trace trace) {
    }

    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong appended = new AtomicLong();
    private final Object progress = new Object();
    private volatile long processed; // written or given up, in queue order; under progress for waiters
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final long lingerNanos;
    private volatile Consumer<List<String>> onStored = ids -> { };
    private volatile Thread writer;
    private volatile boolean accepting;
    /** Set by a reader waiting for its writes: the writer stops lingering. */
    private volatile boolean flushNow;

    @Autowired
    HistoryWriter(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json, MeterRegistry meters,
            NetworkProperties properties) {
        this(jdbc, transactions, json, meters, properties.history().writeLinger());
    }

    HistoryWriter(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json, MeterRegistry meters,
            Duration linger) {
        this.lingerNanos = linger.toNanos();
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.meters = meters;
        Gauge.builder("network.history.queued", queue, BlockingQueue::size)
                .description("Routed events waiting to be written to the history").register(meters);
    }

    /** Who hears of event ids once they are stored (the cross-replica fan-out). */
    void onStored(Consumer<List<String>> consumer) {
        this.onStored = consumer;
    }

    /** Queues an accepted event ({@code wire}: as serialised) and its trace for writing; waits only when the queue is full. */
    public void append(Envelope envelope, String wire, Instant receivedAt, Trace trace) {
        Entry entry = new Entry(envelope, wire, receivedAt, trace);
        boolean queued;
        try {
            queued = queue.offer(entry) || queue.offer(entry, FULL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queued = false;
        }
        if (!queued) {
            meters.counter("network.history.dropped", "why", "queue full").increment();
            log.warn("History queue full: event {} delivered but not recorded", envelope.id());
            return;
        }
        appended.incrementAndGet();
        if (!accepting) {
            // Appended during shutdown after the writer stopped: write it here, nothing else will.
            drainAll();
        }
    }

    /** Waits until everything appended before this call is written (read-your-writes on this replica). */
    public void awaitWritten() {
        long target = appended.get();
        if (processed >= target) {
            return;
        }
        Thread thread = writer;
        if (thread == null) {
            drainAll();
        } else {
            flushNow = true;
            LockSupport.unpark(thread);
        }
        long deadline = System.nanoTime() + READ_WAIT.toNanos();
        synchronized (progress) {
            while (processed < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("History writes are behind; a read may miss the newest events");
                    return;
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void run() {
        List<Entry> batch = new ArrayList<>(MAX_BATCH);
        boolean stopping = false;
        while (!stopping && writer == Thread.currentThread()) {
            try {
                Entry first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                stopping = linger(batch);
                write(batch);
            } catch (InterruptedException e) {
                break;
            } finally {
                batch.clear();
            }
        }
    }

    /** Gathers queued events into {@code batch} for up to the linger; true when interrupted (stopping). */
    private boolean linger(List<Entry> batch) {
        long deadline = System.nanoTime() + lingerNanos;
        while (true) {
            queue.drainTo(batch, MAX_BATCH - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= MAX_BATCH || left <= 0 || flushNow) {
                flushNow = false;
                return false;
            }
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                // Stopping: this batch is still written, with the flag cleared so the database calls are not cut short.
                queue.drainTo(batch, MAX_BATCH - batch.size());
                return true;
            }
        }
    }

    /** Writes everything queued now, on the caller's thread (shutdown). */
    private synchronized void drainAll() {
        List<Entry> batch = new ArrayList<>(MAX_BATCH);
        while (queue.drainTo(batch, MAX_BATCH) > 0) {
            write(batch);
            batch.clear();
        }
    }

    private void write(List<Entry> batch) {
        List<String> stored = null;
        for (int attempt = 1; attempt <= ATTEMPTS && stored == null; attempt++) {
            try {
                stored = transactions.execute(status -> insert(batch));
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    meters.counter("network.history.dropped", "why", "database").increment(batch.size());
                    log.error("Could not record {} routed event(s) in the history: {}", batch.size(), e.getClass().getSimpleName());
                } else {
                    sleep(Duration.ofMillis(100L * attempt));
                }
            }
        }
        synchronized (progress) {
            processed += batch.size();
            progress.notifyAll();
        }
        meters.counter("network.history.written").increment(stored == null ? 0 : stored.size());
        if (stored != null && !stored.isEmpty()) {
            try {
                onStored.accept(stored);
            } catch (RuntimeException e) {
                log.debug("Could not announce stored events: {}", e.getClass().getSimpleName());
            }
        }
    }

    /**
     * One insert of one row per event, the event with its trace (V10's {@code history}); returns the ids actually
     * inserted (an id another replica stored first is not).
     */
    private List<String> insert(List<Entry> batch) {
        int n = batch.size();
        String[] ids = new String[n];
        String[] types = new String[n];
        String[] sources = new String[n];
        String[] targets = new String[n];
        String[] runs = new String[n];
        String[] boundaries = new String[n];
        String[] envelopes = new String[n];
        long[] received = new long[n];
        String[] statuses = new String[n];
        String[] errors = new String[n];
        String[] hops = new String[n];
        int[] durations = new int[n];
        long[] created = new long[n];
        for (int i = 0; i < n; i++) {
            Entry entry = batch.get(i);
            Envelope envelope = entry.envelope();
            Trace trace = entry.trace();
            ids[i] = envelope.id();
            types[i] = envelope.type();
            sources[i] = envelope.source();
            targets[i] = envelope.target();
            runs[i] = envelope.runId();
            boundaries[i] = envelope.boundary().wire();
            envelopes[i] = entry.wire();
            received[i] = micros(entry.receivedAt());
            statuses[i] = trace.status().wire();
            String error = trace.error();
            errors[i] = error == null ? null : error.length() > 500 ? error.substring(0, 500) : error;
            hops[i] = json.writeValueAsString(trace.path());
            durations[i] = (int) Math.min(Integer.MAX_VALUE, trace.totalDurationMs());
            created[i] = micros(trace.createdAt());
        }
        Set<String> inserted = new HashSet<>(jdbc.execute((Connection connection) -> {
            // Crash loss, PostgreSQL's side: see the class comment (synchronous_commit off for this transaction).
            try (Statement async = connection.createStatement()) {
                async.execute("SET LOCAL synchronous_commit = off");
            }
            // Java arrays as parameters: the driver sends them in PostgreSQL's binary array format (lengths and
            // bytes), where createArrayOf's text literal had every envelope escaped here and unescaped there.
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO history (id, type, source, target, run_id, boundary, envelope, received_at,
                                         status, error, hops, total_duration_ms, created_at)
                    SELECT id, type, source, target, run_id, boundary, CAST(envelope AS json),
                           timestamptz 'epoch' + received_us * interval '1 microsecond',
                           status, error, CAST(hops AS json), duration,
                           timestamptz 'epoch' + created_us * interval '1 microsecond'
                    FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::text[],
                                ?::bigint[], ?::varchar[], ?::varchar[], ?::text[], ?::int[], ?::bigint[])
                         AS e(id, type, source, target, run_id, boundary, envelope, received_us,
                              status, error, hops, duration, created_us)
                    ON CONFLICT (id) DO NOTHING
                    RETURNING id""")) {
                Object[] columns = {ids, types, sources, targets, runs, boundaries, envelopes, received, statuses, errors,
                        hops, durations, created};
                for (int c = 0; c < columns.length; c++) {
                    statement.setObject(c + 1, columns[c]);
                }
                List<String> rows = new ArrayList<>(n);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
                return rows;
            }
        }));
        if (inserted.size() < n) {
            // Another replica accepted the same id in the same moment (a replay across replicas, see AcceptedIds):
            // it was delivered twice; its first record (event and trace) stays.
            meters.counter("network.events.duplicate_after_delivery").increment(n - inserted.size());
            log.warn("{} event(s) were accepted by two replicas at once; the first record of each is kept", n - inserted.size());
        }
        List<String> inOrder = new ArrayList<>(inserted.size());
        for (String id : ids) {
            if (inserted.contains(id)) {
                inOrder.add(id);
            }
        }
        return inOrder;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        accepting = true;
        Thread thread = Thread.ofPlatform().daemon().name("network-history").unstarted(this::run);
        writer = thread;
        thread.start();
    }

    /**
     * Runs after the web server stopped (a lower phase stops later): no event comes in any more, so
     * everything queued is written before the pool closes.
     */
    @Override
    public void stop() {
        Thread thread = writer;
        writer = null;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        accepting = false;
        drainAll();
    }

    @Override
    public boolean isRunning() {
        return writer != null;
    }

    @Override
    public int getPhase() {
        // Below the web server's own lifecycle (SmartLifecycle.DEFAULT_PHASE - 2048): started before it, stopped after.
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
