package dev.symbia.bench.logging;

import dev.symbia.bench.Args;
import dev.symbia.bench.MachineCpu;
import dev.symbia.bench.PostgresCpu;
import dev.symbia.bench.Samples;
import dev.symbia.bench.ServiceProcess;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingest throughput and query latency of the logging service.
 *
 * <p>This process starts a fresh PostgreSQL ({@link TestPostgres}), a fake identity
 * ({@link TestIdentity}: JWKS, and the token of a user who is admin of one org) and logging's
 * executable jar as a child JVM. Ingest: the same rows ({@link LogRows}) in batches from several
 * concurrent senders through {@code POST /api/logs/ingest}, OTLP/HTTP JSON and OTLP/HTTP protobuf
 * ({@code POST /v1/logs}), against a baseline of plain JDBC batch INSERTs of the same rows into a
 * scratch copy of {@code logging.log_entries} (same columns, defaults and indexes) in the same
 * database. Then the table is filled to {@code --rows} through the JSON ingest API, and typical
 * queries are timed through the HTTP API against an authenticated floor request. Loopback only;
 * bounded in rows and requests. Run with {@code --help} for the options.
 */
public final class LoggingIngestBench {

    private static final String USAGE = """
            LoggingIngestBench: logging ingest records/s (JSON, OTLP/JSON, OTLP protobuf) vs plain JDBC, and query
            latency p50/p99 over a large table.

              java -cp bench/target/benchmarks.jar dev.symbia.bench.logging.LoggingIngestBench [options]

            Setup (a fresh embedded PostgreSQL, a fake identity, logging as a child JVM on every CPU):
              --jar PATH             logging executable jar            [logging/target/logging.jar]
              --java-opts "OPTS"     JVM options of the child          [-Xms512m -Xmx1g]
              --database-url URL     jdbc:postgresql://…?user=…&password=… instead of an embedded one
            Ingest:
              --batch N              records per request / JDBC batch  [1000]
              --concurrency N        concurrent senders (logging admits 8 ingest requests at once) [4]
              --ingest-records N     records per measured path         [100000]
              --warmup-records N     records per path before measuring [20000]
            Queries:
              --rows N               rows in log_entries before the queries (filled through the JSON ingest API) [1000000]
              --queries N            measured requests per query kind  [200]
              --out FILE             also write the report (markdown) here
              --label TEXT           what was measured, for the report (e.g. the commit)
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration SPAN = Duration.ofHours(24);

    private final Options options;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String databaseUrl;
    private URI base;
    private Supplier<String> token;
    private ServiceProcess logging;
    private PostgresCpu postgres;

    private LoggingIngestBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Args parsed = Args.parse(args);
        if (parsed.help()) {
            System.out.print(USAGE);
            return;
        }
        Options options = Options.from(parsed);
        String report = new LoggingIngestBench(options).run();
        System.out.println();
        System.out.print(report);
        if (options.out != null) {
            Path out = Path.of(options.out);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, report);
            System.out.println("Report written to " + out.toAbsolutePath().normalize());
        }
        System.exit(0);
    }

    private String run() throws Exception {
        databaseUrl = options.databaseUrl;
        if (databaseUrl == null) {
            System.setProperty("symbia.test.embedded-only", "true");
            log("starting an embedded PostgreSQL (TestPostgres)");
            TestDatabase database = TestPostgres.freshDatabase();
            databaseUrl = database.jdbcUrl() + "?user=" + database.username() + "&password=" + database.password();
        }
        Path work = Path.of(Files.isDirectory(Path.of("bench")) ? "bench/target" : "target", "logging-ingest");
        StringBuilder report = new StringBuilder();
        UUID org = UUID.randomUUID();
        try (TestIdentity identity = TestIdentity.create();
             Connection db = DriverManager.getConnection(databaseUrl)) {
            postgres = PostgresCpu.of(db);
            token = new Supplier<>() {
                private String value;
                private long minted;

                @Override
                public synchronized String get() {
                    // Minted up front and renewed well before its 15 min expire: no signing during a measurement.
                    if (value == null || System.nanoTime() - minted > Duration.ofMinutes(5).toNanos()) {
                        value = identity.user("bench-user").member(org.toString(), "admin").token();
                        minted = System.nanoTime();
                    }
                    return value;
                }
            };
            int port = ServiceProcess.freePort();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SYMBIA_ENV", "development");
            env.put("LOGGING_PORT", String.valueOf(port));
            env.put("DATABASE_URL", databaseUrl);
            env.put("IDENTITY_SERVICE_URL", identity.url());
            env.put("SYMBIA_TELEMETRY_EXPORT_ENABLED", "false");
            // logging's relay stays on but points at a closed port: never into a network someone else runs here.
            env.put("NETWORK_SERVICE_URL", "http://127.0.0.1:" + ServiceProcess.freePort());
            try (ServiceProcess child = ServiceProcess.jar("logging", Path.of(options.jar), options.javaOpts, env, null, work)) {
                logging = child;
                base = URI.create("http://127.0.0.1:" + port);
                child.awaitReady(base.resolve("/health/ready"));
                header(report, org);
                measure(report, db, org);
                report.append("\nLoad average at the end: ").append(MachineCpu.loadAverage()).append(". Log: `").append(child.log())
                        .append("`.\n");
            }
        }
        return report.toString();
    }

    private void measure(StringBuilder report, Connection db, UUID org) throws Exception {
        int batch = options.batch;
        int perPath = roundUp(options.ingestRecords, batch);
        int warmup = roundUp(options.warmupRecords, batch);
        long rowsTotal = Math.max(options.rows, 3L * warmup + 3L * perPath);
        LogRows rows = new LogRows(Instant.now(), SPAN, rowsTotal);
        JsonNode stream = send(post("/api/logs/streams", "application/json",
                JSON.writeValueAsBytes(Map.of("name", "bench", "source", "bench", "description", "LoggingIngestBench"))),
                201).json();
        UUID streamId = UUID.fromString(stream.get("id").asString());

        // Warm-up of every path (its rows are the first rows of the table), and of the JDBC baseline.
        long next = 0;
        log("warm-up: %d records per path", warmup);
        next = ingest("warm-up json", Channel.JSON_API, rows, streamId, next, warmup, false).end;
        next = ingest("warm-up otlp json", Channel.OTLP_JSON, rows, streamId, next, warmup, false).end;
        next = ingest("warm-up otlp protobuf", Channel.OTLP_PROTOBUF, rows, streamId, next, warmup, false).end;
        try (Statement statement = db.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS bench_scratch");
            statement.execute("DROP TABLE IF EXISTS bench_scratch.log_entries");
            // Same columns, defaults, generated tsvector and indexes as the service's table.
            statement.execute("CREATE TABLE bench_scratch.log_entries (LIKE logging.log_entries INCLUDING ALL)");
        }
        jdbc("warm-up jdbc", rows, org, streamId, 0, warmup);
        try (Statement statement = db.createStatement()) {
            statement.execute("TRUNCATE bench_scratch.log_entries");
        }

        // Measured: the baseline and the JSON API write the very same rows; OTLP the next ones.
        log("measuring: %d records per path, batches of %d, %d concurrent senders", perPath, batch, options.concurrency);
        Result baseline = jdbc("plain JDBC batch INSERT", rows, org, streamId, next, perPath);
        Result json = ingest("POST /api/logs/ingest (JSON)", Channel.JSON_API, rows, streamId, next, perPath, true);
        next = json.end;
        Result otlpJson = ingest("POST /v1/logs (OTLP/JSON)", Channel.OTLP_JSON, rows, streamId, next, perPath, true);
        next = otlpJson.end;
        Result otlpProto = ingest("POST /v1/logs (OTLP protobuf)", Channel.OTLP_PROTOBUF, rows, streamId, next, perPath, true);
        next = otlpProto.end;
        try (Statement statement = db.createStatement()) {
            statement.execute("DROP SCHEMA bench_scratch CASCADE");
        }

        report.append("\n### Ingest (").append(perPath).append(" records per path, batches of ").append(batch).append(", ")
                .append(options.concurrency).append(" concurrent senders)\n\n");
        report.append("| path | records/s | ÷ JDBC baseline | request p50 (ms) | request p99 (ms) | 429/503 retried | errors | logging CPU | PostgreSQL CPU | this JVM CPU | other processes |\n");
        report.append("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
        for (Result result : List.of(baseline, json, otlpJson, otlpProto)) {
            report.append("| ").append(result.name)
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f", result.rate()))
                    .append(" | ").append(result == baseline ? "1" : String.format(Locale.ROOT, "%.2f", result.rate() / baseline.rate()))
                    .append(" | ").append(Samples.ms(result.latency.percentile(50)))
                    .append(" | ").append(Samples.ms(result.latency.percentile(99)))
                    .append(" | ").append(result.retries)
                    .append(" | ").append(result.errorSummary())
                    .append(" | ").append(share(result.serviceCpu, result.wallNanos))
                    .append(" | ").append(share(result.postgresCpu, result.wallNanos))
                    .append(" | ").append(share(result.clientCpu, result.wallNanos))
                    .append(" | ").append(share(result.otherCpu, result.wallNanos))
                    .append(" |\n");
        }
        report.append("\nRequest bodies are built before each measurement, so the client only sends. The JDBC baseline is this JVM "
                + "inserting the JSON path's rows, row by row in a JDBC batch (`addBatch`/`executeBatch`, one transaction per "
                + "batch, pgjdbc defaults), over one connection per sender into `bench_scratch.log_entries`, created `LIKE "
                + "logging.log_entries INCLUDING ALL` (same defaults, generated `tsvector` and five indexes, GIN included), "
                + "then dropped. CPU columns are shares of one core (logging may use every CPU); *other processes* is the machine's "
                + "busy time (`/proc/stat`) minus these three: work outside the bench that competed for the CPUs.\n");

        // Fill to --rows through the JSON API: the rows and indexes are exactly what the service writes.
        long fillFrom = next;
        if (next < options.rows) {
            log("filling log_entries to %d rows through POST /api/logs/ingest", options.rows);
            Result fill = ingest("fill", Channel.JSON_API, rows, streamId, next, options.rows - next, false);
            next = fill.end;
            report.append("\nFill: ").append(next - fillFrom).append(" more rows through `POST /api/logs/ingest` (bodies built "
                    + "while sending) at ").append(String.format(Locale.ROOT, "%.0f", fill.rate())).append(" records/s; ")
                    .append(fill.retries).append(" retried after 429/503, errors: ").append(fill.errorSummary()).append(".\n");
        }
        long analyzeStarted = System.nanoTime();
        long count;
        try (Statement statement = db.createStatement()) {
            // As autovacuum would soon after a bulk load; without it the planner guesses from stale statistics.
            statement.execute("ANALYZE logging.log_entries");
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM logging.log_entries WHERE org_id = '" + org + "'")) {
                rs.next();
                count = rs.getLong(1);
            }
        }
        String size = tableSize(db);
        report.append("\nTable before the queries: ").append(count).append(" rows of the bench org in `logging.log_entries` (")
                .append(size).append("), timestamps evenly over the ").append(SPAN.toHours()).append(" h before the run; `ANALYZE` ")
                .append("run once after loading (").append(String.format(Locale.ROOT, "%.1f", (System.nanoTime() - analyzeStarted) / 1e9))
                .append(" s with the count).\n");
        queries(report, rows, next);
    }

    // ---- ingest ----

    private enum Channel {
        JSON_API("/api/logs/ingest", "application/json"),
        OTLP_JSON("/v1/logs", "application/json"),
        OTLP_PROTOBUF("/v1/logs", "application/x-protobuf");

        final String path;
        final String contentType;

        Channel(String path, String contentType) {
            this.path = path;
            this.contentType = contentType;
        }

        byte[] body(LogRows rows, UUID streamId, long from, long to) {
            return switch (this) {
                case JSON_API -> rows.ingestJson(streamId, from, to);
                case OTLP_JSON -> rows.otlpJson(from, to);
                case OTLP_PROTOBUF -> rows.otlpProtobuf(from, to);
            };
        }
    }

    /** One measured (or not) stretch of work: {@code records} rows in {@code batches} parts. */
    private static final class Result {
        final String name;
        final long records;
        long end;
        long wallNanos;
        final Samples latency = new Samples();
        int retries;
        final Map<String, Integer> errors = new TreeMap<>();
        long serviceCpu = -1;
        long otherCpu = -1;
        long postgresCpu = -1;
        long clientCpu = -1;

        Result(String name, long records) {
            this.name = name;
            this.records = records;
        }

        double rate() {
            return records / (wallNanos / 1e9);
        }

        String errorSummary() {
            if (errors.isEmpty()) {
                return "0";
            }
            StringBuilder out = new StringBuilder();
            errors.forEach((kind, n) -> out.append(kind).append(" ×").append(n).append(", "));
            return out.substring(0, out.length() - 2);
        }
    }

    /** What one batch did: its final status (after retries), time of the final attempt, retries. */
    private record Outcome(String error, long nanos, int retries) {
    }

    private Result ingest(String name, Channel path, LogRows rows, UUID streamId, long from, long records, boolean prebuild)
            throws Exception {
        int batch = options.batch;
        int batches = (int) ((records + batch - 1) / batch);
        List<byte[]> bodies = new ArrayList<>();
        if (prebuild) {
            for (int b = 0; b < batches; b++) {
                bodies.add(path.body(rows, streamId, from + (long) b * batch, Math.min(from + records, from + (long) (b + 1) * batch)));
            }
        }
        Result result = new Result(name, records);
        result.end = from + records;
        run(result, batches, b -> {
            byte[] body = prebuild ? bodies.get(b)
                    : path.body(rows, streamId, from + (long) b * batch, Math.min(from + records, from + (long) (b + 1) * batch));
            int expected = (int) (Math.min(from + records, from + (long) (b + 1) * batch) - (from + (long) b * batch));
            return postWithRetry(path, body, expected);
        });
        return result;
    }

    private Outcome postWithRetry(Channel path, byte[] body, int expected) {
        int retries = 0;
        while (true) {
            long started = System.nanoTime();
            HttpResponse<byte[]> response;
            try {
                response = http.send(post(path.path, path.contentType, body), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                return new Outcome("client: " + e.getClass().getSimpleName(), System.nanoTime() - started, retries);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome("interrupted", 0, retries);
            }
            long nanos = System.nanoTime() - started;
            int status = response.statusCode();
            if ((status == 429 || status == 503) && retries < 100) {
                // The service's backpressure: wait as told (capped, so a bench never stalls) and send again.
                retries++;
                long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
                sleep(Math.min(seconds * 1000, 2000));
                continue;
            }
            if (status != 200) {
                return new Outcome("HTTP " + status, nanos, retries);
            }
            return new Outcome(accepted(path, response.body(), expected), nanos, retries);
        }
    }

    /** Null when every record was stored; else what was not. */
    private static String accepted(Channel path, byte[] body, int expected) {
        try {
            if (path == Channel.OTLP_PROTOBUF) {
                long rejected = ExportLogsServiceResponse.parseFrom(body).getPartialSuccess().getRejectedLogRecords();
                return rejected == 0 ? null : "partial success";
            }
            JsonNode json = JSON.readTree(body);
            if (path == Channel.JSON_API) {
                return json.path("count").asInt(-1) == expected ? null : "count " + json.path("count").asInt(-1);
            }
            return json.path("partialSuccess").path("rejectedLogRecords").asLong(0) == 0 ? null : "partial success";
        } catch (IOException | RuntimeException e) {
            return "unreadable answer";
        }
    }

    private Result jdbc(String name, LogRows rows, UUID org, UUID streamId, long from, long records)
            throws Exception {
        int batch = options.batch;
        int batches = (int) ((records + batch - 1) / batch);
        List<List<LogRows.Row>> prepared = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<LogRows.Row> part = new ArrayList<>(batch);
            for (long i = from + (long) b * batch; i < Math.min(from + records, from + (long) (b + 1) * batch); i++) {
                part.add(rows.row(i));
            }
            prepared.add(part);
        }
        // One connection per sender, like the service's pool.
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < options.concurrency; i++) {
            Connection connection = DriverManager.getConnection(databaseUrl);
            connection.setAutoCommit(false);
            connections.add(connection);
        }
        ThreadLocal<Connection> mine = new ThreadLocal<>();
        AtomicInteger handedOut = new AtomicInteger();
        Result result = new Result(name, records);
        result.end = from + records;
        try {
            run(result, batches, b -> {
                Connection connection = mine.get();
                if (connection == null) {
                    connection = connections.get(handedOut.getAndIncrement());
                    mine.set(connection);
                }
                long started = System.nanoTime();
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO bench_scratch.log_entries
                            (id, org_id, stream_id, ts, level, severity, service, message, trace_id, span_id, attributes, resource)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""")) {
                    for (LogRows.Row row : prepared.get(b)) {
                        insert.setObject(1, UUID.randomUUID());
                        insert.setObject(2, org);
                        insert.setObject(3, streamId);
                        insert.setObject(4, OffsetDateTime.ofInstant(row.ts(), ZoneOffset.UTC));
                        insert.setString(5, row.level());
                        insert.setShort(6, (short) row.severity());
                        insert.setString(7, row.service());
                        insert.setString(8, row.message());
                        insert.setString(9, row.traceId());
                        insert.setString(10, row.spanId());
                        insert.setString(11, LogRows.json(row.metadata()));
                        insert.setString(12, "{}");
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                    return new Outcome(null, System.nanoTime() - started, 0);
                } catch (SQLException e) {
                    return new Outcome("SQL " + e.getSQLState(), System.nanoTime() - started, 0);
                }
            });
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
        return result;
    }

    /** Runs {@code batches} tasks on {@code --concurrency} threads; fills wall time, latencies, errors and CPU. */
    private void run(Result result, int batches, Function<Integer, Outcome> task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Future<List<Outcome>>> futures = new ArrayList<>();
        Cpu before = Cpu.now(logging, postgres);
        long started = System.nanoTime();
        try (ExecutorService senders = Executors.newFixedThreadPool(options.concurrency)) {
            for (int t = 0; t < options.concurrency; t++) {
                futures.add(senders.submit(() -> {
                    List<Outcome> outcomes = new ArrayList<>();
                    for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                        outcomes.add(task.apply(b));
                    }
                    return outcomes;
                }));
            }
        }
        result.wallNanos = System.nanoTime() - started;
        Cpu after = Cpu.now(logging, postgres);
        result.serviceCpu = Cpu.delta(after.service, before.service);
        result.otherCpu = after.others(before);
        result.postgresCpu = Cpu.delta(after.postgres, before.postgres);
        result.clientCpu = Cpu.delta(after.client, before.client);
        for (Future<List<Outcome>> future : futures) {
            try {
                for (Outcome outcome : future.get()) {
                    result.retries += outcome.retries();
                    if (outcome.error() == null) {
                        result.latency.add(outcome.nanos());
                    } else {
                        result.errors.merge(outcome.error(), 1, Integer::sum);
                    }
                }
            } catch (ExecutionException e) {
                result.errors.merge("sender: " + e.getCause(), 1, Integer::sum);
            }
        }
        log("%s: %d records in %.1f s = %.0f records/s%s", result.name, result.records, result.wallNanos / 1e9, result.rate(),
                result.errors.isEmpty() ? "" : ", errors " + result.errorSummary());
    }

    // ---- queries ----

    /** One kind of query: how to make the next request of it, given a random source and the previous page's cursor. */
    private record QueryKind(String name, String shape, Function<QueryState, HttpRequest> request) {
    }

    /** What the query phase carries from one request to the next. */
    private static final class QueryState {
        final Random random;
        final LogRows rows;
        final long loaded;
        String service;
        String cursor;

        QueryState(Random random, LogRows rows, long loaded) {
            this.random = random;
            this.rows = rows;
            this.loaded = loaded;
        }

        String anyService() {
            return LogRows.SERVICES.get(random.nextInt(LogRows.SERVICES.size()));
        }

        /** A window of {@code length} at a random place among the loaded rows' timestamps. */
        Instant[] window(Duration length) {
            Instant first = rows.time(0);
            Instant last = rows.time(loaded - 1);
            long room = Math.max(1, Duration.between(first, last).minus(length).toSeconds());
            Instant from = first.plusSeconds((long) (random.nextDouble() * room));
            return new Instant[] {from, from.plus(length)};
        }
    }

    private void queries(StringBuilder report, LogRows rows, long loaded) throws InterruptedException {
        QueryState state = new QueryState(new Random(42), rows, loaded);
        List<QueryKind> kinds = List.of(
                new QueryKind("floor: GET /api/logs/streams", "authenticated request, a few rows, no log_entries scan",
                        s -> HttpRequest.newBuilder(base.resolve("/api/logs/streams")).timeout(Duration.ofSeconds(60))
                                .header("Authorization", "Bearer " + token.get()).GET().build()),
                new QueryKind("newest page of a service", "{services:[s], limit:100}", s -> {
                    s.service = s.anyService();
                    return query(Map.of("services", List.of(s.service), "limit", 100));
                }),
                new QueryKind("next page (cursor)", "{services:[s], limit:100, cursor} after the previous", s ->
                        query(s.cursor == null ? Map.of("services", List.of(s.service), "limit", 100)
                                : Map.of("services", List.of(s.service), "limit", 100, "cursor", s.cursor))),
                new QueryKind("level = error", "{level:error, limit:100}", s -> query(Map.of("level", "error", "limit", 100))),
                new QueryKind("service + at least warn", "{services:[s], minLevel:warn, limit:100}",
                        s -> query(Map.of("services", List.of(s.anyService()), "minLevel", "warn", "limit", 100))),
                new QueryKind("time range 5 min", "{startTime, endTime: 5 min anywhere in the 24 h, limit:100}", s -> {
                    Instant[] w = s.window(Duration.ofMinutes(5));
                    return query(Map.of("startTime", w[0].toString(), "endTime", w[1].toString(), "limit", 100));
                }),
                new QueryKind("time range 1 h + service + error", "{services:[s], level:error, 1 h window, limit:100}", s -> {
                    Instant[] w = s.window(Duration.ofHours(1));
                    return query(Map.of("services", List.of(s.anyService()), "level", "error", "startTime", w[0].toString(),
                            "endTime", w[1].toString(), "limit", 100));
                }),
                new QueryKind("trace id", "{traceId} of a random loaded trace (8 rows)", s -> query(Map.of("traceId",
                        LogRows.traceId((long) (s.random.nextDouble() * (s.loaded / LogRows.ROWS_PER_TRACE)))))),
                new QueryKind("text search, common word", "{search:\"" + LogRows.COMMON_WORD + "\" (3% of rows), limit:100}",
                        s -> query(Map.of("search", LogRows.COMMON_WORD, "limit", 100))),
                new QueryKind("text search, rare word", "{search:\"" + LogRows.RARE_WORD + "\" (0.1% of rows), limit:100}",
                        s -> query(Map.of("search", LogRows.RARE_WORD, "limit", 100))),
                new QueryKind("text search + service + 1 h", "{search:\"" + LogRows.COMMON_WORD + "\", services:[s], 1 h window, limit:100}",
                        s -> {
                            Instant[] w = s.window(Duration.ofHours(1));
                            return query(Map.of("search", LogRows.COMMON_WORD, "services", List.of(s.anyService()),
                                    "startTime", w[0].toString(), "endTime", w[1].toString(), "limit", 100));
                        }),
                new QueryKind("aggregation: summarize newest 500 of a service",
                        "POST /api/assistant/summarize {services:[s], limit:500}: counts by level and service, patterns",
                        s -> request("/api/assistant/summarize", Map.of("services", List.of(s.anyService()), "limit", 500))));

        int warmup = 10;
        int n = options.queries;
        List<Samples> latencies = new ArrayList<>();
        List<long[]> counts = new ArrayList<>(); // rows returned (sum), errors
        Map<String, Integer> statuses = new TreeMap<>();
        kinds.forEach(k -> {
            latencies.add(new Samples());
            counts.add(new long[2]);
        });
        log("queries: %d kinds × (%d warm-up + %d measured), round robin", kinds.size(), warmup, n);
        Cpu before = null;
        long started = 0;
        for (int i = 0; i < warmup + n; i++) {
            if (i == warmup) {
                before = Cpu.now(logging, postgres);
                started = System.nanoTime();
            }
            for (int k = 0; k < kinds.size(); k++) {
                QueryKind kind = kinds.get(k);
                HttpRequest request = kind.request().apply(state);
                long t0 = System.nanoTime();
                HttpResponse<String> response;
                try {
                    response = http.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    statuses.merge(kind.name() + ": client " + e.getClass().getSimpleName(), 1, Integer::sum);
                    continue;
                }
                long nanos = System.nanoTime() - t0;
                if (response.statusCode() != 200) {
                    statuses.merge(kind.name() + ": HTTP " + response.statusCode(), 1, Integer::sum);
                    if (i >= warmup) {
                        counts.get(k)[1]++;
                    }
                    continue;
                }
                JsonNode body = JSON.readTree(response.body());
                if (k == 1 || k == 2) {
                    state.cursor = body.path("nextCursor").asString(null);
                }
                if (i >= warmup) {
                    latencies.get(k).add(nanos);
                    counts.get(k)[0] += body.isArray() ? body.size() : body.has("rowCount") ? body.get("rowCount").asLong()
                            : body.path("total").asLong();
                }
            }
        }
        long wall = System.nanoTime() - started;
        Cpu after = Cpu.now(logging, postgres);

        report.append("\n### Queries through the HTTP API (").append(n).append(" measured per kind after ").append(warmup)
                .append(" warm-up, one at a time, kinds round robin; `POST /api/logs/query` unless said)\n\n");
        report.append("| query | request | rows returned (mean) | p50 (ms) | p99 (ms) | Δ p50 vs floor | Δ p99 vs floor | errors |\n");
        report.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        Samples floor = latencies.get(0);
        for (int k = 0; k < kinds.size(); k++) {
            Samples s = latencies.get(k);
            report.append("| ").append(kinds.get(k).name()).append(" | `").append(kinds.get(k).shape()).append("` | ")
                    .append(s.size() == 0 ? "–" : String.format(Locale.ROOT, "%.1f", (double) counts.get(k)[0] / s.size()))
                    .append(" | ").append(Samples.ms(s.percentile(50))).append(" | ").append(Samples.ms(s.percentile(99)))
                    .append(" | ").append(k == 0 ? "–" : Samples.deltaMs(s.percentile(50), floor.percentile(50)))
                    .append(" | ").append(k == 0 ? "–" : Samples.deltaMs(s.percentile(99), floor.percentile(99)))
                    .append(" | ").append(counts.get(k)[1]).append(" |\n");
        }
        report.append("\nThe floor is an authenticated request that touches no log rows (token check, org scoping, JSON): "
                + "Δ is what each query adds to it. Over the measured queries logging used ")
                .append(share(Cpu.delta(after.service, before.service), wall)).append(", PostgreSQL ")
                .append(share(Cpu.delta(after.postgres, before.postgres), wall)).append(" and other processes ")
                .append(share(after.others(before), wall)).append(" of a core. The logs API has no "
                        + "server-side aggregation over all rows (metrics have one, over metric points): the closest is the "
                        + "local analysis, which counts by level and service and groups patterns over the newest ≤ 500 rows.\n");
        if (!statuses.isEmpty()) {
            report.append("\nNon-200 answers: ").append(statuses).append(".\n");
        }
    }

    private HttpRequest query(Map<String, Object> body) {
        return request("/api/logs/query", body);
    }

    private HttpRequest request(String path, Map<String, Object> body) {
        return post(path, "application/json", JSON.writeValueAsBytes(body));
    }

    // ---- HTTP ----

    private HttpRequest post(String path, String contentType, byte[] body) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token.get()).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private record Answer(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Answer send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return new Answer(response.statusCode(), response.body());
    }

    // ---- report helpers ----

    private void header(StringBuilder report, UUID org) {
        report.append("## LoggingIngestBench — ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append("\n\n");
        report.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs visible to the JVM (")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append("), Java ")
                .append(Runtime.version()).append("; load average at the start: ").append(MachineCpu.loadAverage())
                .append("; this JVM, PostgreSQL and logging share them (nothing pinned).\n");
        report.append("- Logging: child JVM `").append(options.javaOpts).append(" -jar logging.jar` (SYMBIA_ENV=development, "
                + "telemetry export off, relay pointed at a closed port, defaults otherwise: 8 ingest requests admitted at once, "
                + "pool of 10 connections); PostgreSQL: ").append(options.databaseUrl == null
                        ? "embedded (TestPostgres: fsync and synchronous_commit off)" : "given by --database-url").append(".\n");
        report.append("- Caller: a user who is admin of one org (").append(org).append("), ES256 access token from TestIdentity; "
                + "every row lands in that org.\n");
        report.append("- Rows: deterministic (`LogRows`): 10 services, levels debug 15% / info 70% / warn 10% / error 4.5% / "
                + "fatal 0.5%, message templates (\"").append(LogRows.COMMON_WORD).append("\" in 3%, \"").append(LogRows.RARE_WORD)
                .append("\" in 0.1%), 8 rows per trace id, a span id, three metadata attributes; JSON rows go to one stream, "
                        + "OTLP rows to `service.<name>` streams.\n");
        if (options.label != null) {
            report.append("- Build measured: ").append(options.label).append(".\n");
        }
    }

    private static String tableSize(Connection db) {
        try (Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_size_pretty(pg_table_size('logging.log_entries')), "
                     + "pg_size_pretty(pg_indexes_size('logging.log_entries'))")) {
            rs.next();
            return "table " + rs.getString(1) + ", indexes " + rs.getString(2);
        } catch (SQLException e) {
            return "size unknown";
        }
    }

    private static String share(long cpuNanos, long wallNanos) {
        return cpuNanos < 0 || wallNanos <= 0 ? "–" : String.format(Locale.ROOT, "%.0f%%", 100.0 * cpuNanos / wallNanos);
    }

    private static int roundUp(int records, int batch) {
        return (records + batch - 1) / batch * batch;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[logging-ingest] " + format + "%n", args);
    }

    /** CPU counters at one moment: the logging child, PostgreSQL and this JVM. */
    private record Cpu(long service, long machine, long postgres, long client) {

        static Cpu now(ServiceProcess service, PostgresCpu postgres) {
            long self = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
            return new Cpu(service.cpuNanos(), MachineCpu.busyNanos(null), postgres == null ? -1 : postgres.nanos(), self);
        }

        /** CPU the rest of the machine used between {@code before} and this: busy time minus the bench's processes. */
        long others(Cpu before) {
            if (machine < 0 || before.machine < 0 || service < 0 || postgres < 0 || client < 0) {
                return -1;
            }
            return Math.max(0, (machine - before.machine) - (service - before.service) - (postgres - before.postgres)
                    - (client - before.client));
        }

        static long delta(long after, long before) {
            return after < 0 || before < 0 ? -1 : after - before;
        }
    }

    /** Command-line options. */
    private static final class Options {
        String jar;
        String javaOpts;
        String databaseUrl;
        int batch;
        int concurrency;
        int ingestRecords;
        int warmupRecords;
        int rows;
        int queries;
        String out;
        String label;

        static Options from(Args args) {
            Options o = new Options();
            o.jar = args.string("jar", "logging/target/logging.jar");
            o.javaOpts = args.string("java-opts", "-Xms512m -Xmx1g");
            o.databaseUrl = args.string("database-url", null);
            o.batch = args.integer("batch", 1000, 1, 50_000);
            o.concurrency = args.integer("concurrency", 4, 1, 64);
            o.ingestRecords = args.integer("ingest-records", 100_000, 1, 10_000_000);
            o.warmupRecords = args.integer("warmup-records", 20_000, 0, 10_000_000);
            o.rows = args.integer("rows", 1_000_000, 0, 100_000_000);
            o.queries = args.integer("queries", 200, 1, 100_000);
            o.out = args.string("out", null);
            o.label = args.string("label", null);
            args.rejectUnknown();
            return o;
        }
    }
}
