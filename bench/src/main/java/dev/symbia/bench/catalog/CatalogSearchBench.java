package dev.symbia.bench.catalog;

import dev.symbia.auth.Roles;
import dev.symbia.bench.Args;
import dev.symbia.bench.MachineCpu;
import dev.symbia.bench.ProcessCpu;
import dev.symbia.bench.Samples;
import dev.symbia.bench.stack.StackReport;
import dev.symbia.bench.ServiceProcess;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Catalog search and list latency over a large registry, through the service's HTTP API against a baseline of the
 * same SQL run directly over JDBC in the same run (issue 17: 100,000 resources in 500 orgs; target p95 ≤ 50 ms for
 * both, within 2× of the direct query).
 *
 * <p>Starts a fresh PostgreSQL, a fake identity and catalog's executable jar as a child JVM; catalog migrates and
 * bootstraps, then this process fills {@code catalog.resources} with generated rows (JDBC, {@code generate_series}):
 * one org in five makes its resources public, the rest keep the default private policy, a tenth are org-visible.
 * The caller is a member of one org. Measured, alternating HTTP and JDBC per request so both see the same machine:
 * <ul>
 *   <li>keyword search: {@code POST /api/search {"query": word}} vs the query {@code ResourceStore.search} runs with
 *       the read filter {@code Access.readFilter} builds for that member (copied here; keep them in step);</li>
 *   <li>filtered list page: {@code GET /api/resources?type=assistant&status=published&limit=50} vs
 *       {@code ResourceStore.list}'s query.</li>
 * </ul>
 * Both sides read the rows fully (the HTTP side also pays JSON, auth and Tomcat). The HTTP client is OkHttp called
 * synchronously, so the request runs on the measuring thread over one kept-alive connection like the JDBC side
 * (the JDK client hands every exchange to its selector thread and back: two thread hops the service does not
 * cause). A third row, {@code GET /health/live}, is the floor of any HTTP round trip to the service. Loopback only;
 * bounded.
 */
public final class CatalogSearchBench {

    private static final String USAGE = """
            CatalogSearchBench: catalog keyword search and filtered list p50/p95 through HTTP vs the same SQL over JDBC.

              java -cp bench/target/benchmarks.jar dev.symbia.bench.catalog.CatalogSearchBench [options]

              --jar PATH           catalog executable jar         [catalog/target/catalog.jar]
              --java-opts "OPTS"   JVM options of the child       [-Xms256m -Xmx512m]
              --database-url URL   jdbc:postgresql://…?user=…&password=… instead of an embedded one
              --resources N        generated resources            [100000]
              --orgs N             orgs they are spread over      [500]
              --queries N          measured requests per kind and side [1500]
              --warmup N           warm-up rounds (one request per kind and side each) [1000]
              --out FILE           also write the report (markdown) here
              --label TEXT         what was measured (e.g. the commit)
              --explain            print EXPLAIN ANALYZE of both direct queries (first word) before measuring
            """;

    private static final List<String> WORDS = List.of("invoice", "weather", "calculator", "translate", "summary", "ledger",
            "forecast", "pipeline", "router", "sensor", "billing", "support", "energy", "compliance", "inventory", "search");

    private static final String SEARCH_SQL = """
            SELECT r.id, r.key, r.name, r.description, r.type, r.status, r.is_bootstrap, r.tags, r.org_id, r.owner_id,
                   r.access_policy, r.metadata, r.current_version, r.created_at, r.updated_at
            FROM catalog.resources r, (SELECT websearch_to_tsquery('english', ?) || websearch_to_tsquery('simple', ?) AS q) s
            WHERE (r.search_vector @@ s.q OR r.key LIKE ?) AND %s
            ORDER BY (CASE WHEN r.key LIKE ? THEN 1 ELSE 0 END) DESC,
                     ts_rank(r.search_vector, s.q) DESC, r.updated_at DESC, r.id DESC
            LIMIT 50
            """;

    private static final String LIST_SQL = """
            SELECT r.id, r.key, r.name, r.description, r.type, r.status, r.is_bootstrap, r.tags, r.org_id, r.owner_id,
                   r.access_policy, r.metadata, r.current_version, r.created_at, r.updated_at
            FROM catalog.resources r WHERE %s AND r.type = 'assistant' AND r.status = 'published'
            ORDER BY r.updated_at DESC, r.id DESC LIMIT 51
            """;

    /** Access.readFilter for a member of one org without platform grants: platform rows, own org, other orgs. */
    private static final String READ_FILTER = "((r.org_id IS NULL AND r.read_any && ?::text[])"
            + " OR (r.org_id = ? AND r.read_any && ?::text[])"
            + " OR (r.org_id IS NOT NULL AND r.org_id <> ALL(?::text[]) AND r.visibility <> 'org' AND r.read_any && ?::text[]))";

    public static void main(String[] args) throws Exception {
        Args parsed = Args.parse(args, "explain");
        if (parsed.help()) {
            System.out.print(USAGE);
            return;
        }
        String jar = parsed.string("jar", "catalog/target/catalog.jar");
        String javaOpts = parsed.string("java-opts", "-Xms256m -Xmx512m");
        String databaseUrl = parsed.string("database-url", null);
        int resources = parsed.integer("resources", 100_000, 1000, 5_000_000);
        int orgs = parsed.integer("orgs", 500, 1, 100_000);
        int queries = parsed.integer("queries", 1500, 10, 100_000); // p95 is then the 75th-worst request, not the 15th
        int warmup = parsed.integer("warmup", 1000, 0, 1_000_000);
        String out = parsed.string("out", null);
        String label = parsed.string("label", "");
        boolean explain = parsed.flag("explain");
        parsed.rejectUnknown();

        if (databaseUrl == null) {
            System.setProperty("symbia.test.embedded-only", "true");
            TestDatabase database = TestPostgres.freshDatabase();
            databaseUrl = database.jdbcUrl() + "?user=" + database.username() + "&password=" + database.password();
        }
        Path work = Path.of(Files.isDirectory(Path.of("bench")) ? "bench/target" : "target", "catalog-search");
        String org = "org-7";
        StringBuilder report = new StringBuilder();
        String loadAtStart = MachineCpu.loadAverage();
        try (TestIdentity identity = TestIdentity.create(); Connection db = DriverManager.getConnection(databaseUrl)) {
            String token = identity.user("bench-member").member(org, "member").token();
            int port = ServiceProcess.freePort();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SYMBIA_ENV", "development");
            env.put("CATALOG_PORT", String.valueOf(port));
            env.put("DATABASE_URL", databaseUrl);
            env.put("IDENTITY_SERVICE_URL", identity.url());
            env.put("SYMBIA_TELEMETRY_EXPORT_ENABLED", "false");
            env.put("NETWORK_SERVICE_URL", "http://127.0.0.1:" + ServiceProcess.freePort());
            try (ServiceProcess catalog = ServiceProcess.jar("catalog", Path.of(jar), javaOpts, env, null, work)) {
                URI base = URI.create("http://127.0.0.1:" + port);
                catalog.awaitReady(base.resolve("/health/ready"));
                long seeded = seed(db, resources, orgs);
                try (Statement session = db.createStatement()) {
                    // The service's session setting (catalog application.yml), so both sides run the same plans.
                    session.execute("SET plan_cache_mode = force_custom_plan");
                }
                OkHttpClient http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(1, 5, java.util.concurrent.TimeUnit.MINUTES))
                        .build();
                MediaType jsonType = MediaType.get("application/json");

                Set<String> common = new LinkedHashSet<>(List.of("public", "authenticated", "org:" + org, "role:member:" + org));
                Set<String> inOrg = new LinkedHashSet<>(common);
                inOrg.addAll(Roles.orgCapabilities("member"));
                if (explain) {
                    explain(db, "EXPLAIN (ANALYZE, BUFFERS) " + String.format(SEARCH_SQL, READ_FILTER), WORDS.get(0), org, common,
                            inOrg, true);
                    explain(db, "EXPLAIN (ANALYZE, BUFFERS) " + String.format(LIST_SQL, READ_FILTER), null, org, common, inOrg,
                            false);
                }
                Samples searchHttp = new Samples();
                Samples searchJdbc = new Samples();
                Samples listHttp = new Samples();
                Samples listJdbc = new Samples();
                Samples floor = new Samples();
                int[] searchRows = new int[2];
                int[] listRows = new int[2];
                for (int round = 0; round < 2; round++) {
                    boolean measure = round == 1;
                    // The warm-up lets the JIT compile the service's request path as a busy service's is (it compiles
                    // by invocation counts: a few dozen requests measured interpreted and C1 code).
                    int n = measure ? queries : warmup;
                    for (int i = 0; i < n; i++) {
                        String word = WORDS.get(i % WORDS.size());
                        long t0 = System.nanoTime();
                        call(http, new Request.Builder().url(base.resolve("/api/search").toString())
                                .header("Authorization", "Bearer " + token)
                                .post(RequestBody.create("{\"query\":\"" + word + "\"}", jsonType)).build());
                        long t1 = System.nanoTime();
                        int direct = jdbc(db, String.format(SEARCH_SQL, READ_FILTER), word, org, common, inOrg, true);
                        long t2 = System.nanoTime();
                        call(http, new Request.Builder().url(base.resolve("/api/resources?type=assistant&status=published&limit=50")
                                .toString()).header("Authorization", "Bearer " + token).get().build());
                        long t3 = System.nanoTime();
                        int listed = jdbc(db, String.format(LIST_SQL, READ_FILTER), null, org, common, inOrg, false);
                        long t4 = System.nanoTime();
                        call(http, new Request.Builder().url(base.resolve("/health/live").toString()).get().build());
                        long t5 = System.nanoTime();
                        if (measure) {
                            searchHttp.add(t1 - t0);
                            searchJdbc.add(t2 - t1);
                            listHttp.add(t3 - t2);
                            listJdbc.add(t4 - t3);
                            floor.add(t5 - t4);
                            searchRows[0] += direct;
                            listRows[0] += listed;
                            searchRows[1]++;
                            listRows[1]++;
                        }
                    }
                }
                // The service's own CPU per request by kind (schedstat, ns), each kind run on its own: on a shared
                // machine latency mostly measures the neighbours, CPU per request measures the service.
                Request searchRequest = new Request.Builder().url(base.resolve("/api/search").toString())
                        .header("Authorization", "Bearer " + token)
                        .post(RequestBody.create("{\"query\":\"" + WORDS.get(1) + "\"}", jsonType)).build();
                Request listRequest = new Request.Builder().url(base.resolve("/api/resources?type=assistant&status=published&limit=50")
                        .toString()).header("Authorization", "Bearer " + token).get().build();
                Request liveRequest = new Request.Builder().url(base.resolve("/health/live").toString()).get().build();
                PerRequest cpuSearch = cpuPerRequest(http, catalog.pid(), searchRequest, queries);
                PerRequest cpuList = cpuPerRequest(http, catalog.pid(), listRequest, queries);
                PerRequest cpuLive = cpuPerRequest(http, catalog.pid(), liveRequest, queries);

                report.append("## Catalog search and list (").append(Instant.now()).append(")\n\n");
                if (!label.isBlank()) {
                    report.append("- Label: ").append(label).append('\n');
                }
                report.append("- ").append(seeded).append(" resources in ").append(orgs)
                        .append(" orgs (+ bootstrap); caller: member of one org; ").append(queries)
                        .append(" measured requests per kind and side, after ").append(warmup)
                        .append(" warm-up rounds; HTTP and JDBC alternate.\n");
                report.append("- Rows per request (JDBC): search ").append(searchRows[0] / Math.max(1, searchRows[1]))
                        .append(", list ").append(listRows[0] / Math.max(1, listRows[1])).append(" (limit 50/51).\n");
                report.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPU(s), load average at start ")
                        .append(loadAtStart).append(", at the end ").append(MachineCpu.loadAverage()).append(".\n\n");
                report.append("| query | HTTP p50 | HTTP p95 | JDBC p50 | JDBC p95 | p95 ratio | target (p95 ≤ 50 ms, ≤ 2×) |\n");
                report.append("|---|---|---|---|---|---|---|\n");
                row(report, "keyword search", searchHttp, searchJdbc);
                row(report, "filtered list page", listHttp, listJdbc);
                report.append("\nHTTP floor (`GET /health/live`, no auth, no database): p50 ").append(Samples.ms(floor.percentile(50)))
                        .append(" ms, p95 ").append(Samples.ms(floor.percentile(95))).append(" ms.\n");
                report.append(String.format(Locale.ROOT, "%nCatalog CPU per request (schedstat; %d requests of one kind in a row): "
                        + "search %.0f µs, list %.0f µs, `/health/live` %.0f µs.%n", queries, cpuSearch.cpu() / 1e3,
                        cpuList.cpu() / 1e3, cpuLive.cpu() / 1e3));
                report.append(String.format(Locale.ROOT, "%nThe same without the JIT's compiler threads: search %.0f µs, list %.0f µs,"
                        + " `/health/live` %.0f µs. Times a catalog thread was put on a CPU, per request (thread hand-offs and"
                        + " wake-ups; schedstat's third field): search %.1f, list %.1f, `/health/live` %.1f.%n",
                        cpuSearch.cpuWithoutJit() / 1e3, cpuList.cpuWithoutJit() / 1e3, cpuLive.cpuWithoutJit() / 1e3,
                        cpuSearch.slices(), cpuList.slices(), cpuLive.slices()));
                report.append("\nLog: `").append(catalog.log()).append("`.\n");
            }
        }
        StackReport.publish(report, out);
        System.exit(0);
    }

    private static void row(StringBuilder report, String name, Samples http, Samples jdbc) {
        double p95 = http.percentile(95);
        double base = jdbc.percentile(95);
        boolean met = p95 <= 50e6 && p95 <= 2 * base;
        report.append("| ").append(name).append(" | ").append(Samples.ms(http.percentile(50))).append(" | ")
                .append(Samples.ms(p95)).append(" | ").append(Samples.ms(jdbc.percentile(50))).append(" | ")
                .append(Samples.ms(base)).append(" | ").append(Samples.ratio(p95, base)).append(" | ")
                .append(met ? "met" : "**not met**").append(" |\n");
    }

    /** Per request: the service's CPU ns, the same without JIT compiler threads, and times its threads got a CPU. */
    private record PerRequest(double cpu, double cpuWithoutJit, double slices) {
    }

    /** The service's CPU and scheduling per request over {@code n} of the same request in a row. */
    private static PerRequest cpuPerRequest(OkHttpClient http, long pid, Request request, int n) throws IOException {
        long slices = ProcessCpu.runs(pid);
        long withoutJit = ProcessCpu.nanosWithoutJit(pid);
        long before = ProcessCpu.nanos(pid);
        for (int i = 0; i < n; i++) {
            call(http, request);
        }
        return new PerRequest((double) (ProcessCpu.nanos(pid) - before) / n,
                (double) (ProcessCpu.nanosWithoutJit(pid) - withoutJit) / n, (double) (ProcessCpu.runs(pid) - slices) / n);
    }


    /** One exchange, body read fully on this thread. */
    private static void call(OkHttpClient http, Request request) throws IOException {
        try (Response response = http.newCall(request).execute()) {
            String body = response.body().string();
            if (response.code() != 200) {
                throw new IllegalStateException(request.url() + " answered " + response.code() + ": " + body);
            }
        }
    }

    private static void explain(Connection db, String sql, String word, String org, Set<String> common, Set<String> inOrg,
            boolean search) throws Exception {
        try (PreparedStatement statement = prepare(db, sql, word, org, common, inOrg, search); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                System.out.println(rs.getString(1));
            }
        }
    }

    private static int jdbc(Connection db, String sql, String word, String org, Set<String> common, Set<String> inOrg,
            boolean search) throws Exception {
        try (PreparedStatement statement = prepare(db, sql, word, org, common, inOrg, search)) {
            int rows = 0;
            try (ResultSet rs = statement.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int c = 1; c <= columns; c++) {
                        rs.getString(c); // every column, as the service reads each row whole
                    }
                    rows++;
                }
            }
            return rows;
        }
    }

    private static PreparedStatement prepare(Connection db, String sql, String word, String org, Set<String> common,
            Set<String> inOrg, boolean search) throws Exception {
        PreparedStatement statement = db.prepareStatement(sql);
        {
            int i = 1;
            String prefix = word == null ? null : word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            if (search) {
                statement.setString(i++, word);
                statement.setString(i++, word);
                statement.setString(i++, prefix);
            }
            statement.setArray(i++, array(db, common));
            statement.setString(i++, org);
            statement.setArray(i++, array(db, inOrg));
            statement.setArray(i++, array(db, Set.of(org)));
            statement.setArray(i++, array(db, common));
            if (search) {
                statement.setString(i, prefix);
            }
        }
        return statement;
    }

    private static Array array(Connection db, Set<String> values) throws Exception {
        return db.createArrayOf("text", values.toArray());
    }

    /** Generated rows straight into catalog.resources (the service computes the same columns from a policy). */
    private static long seed(Connection db, int resources, int orgs) throws Exception {
        String words = "ARRAY['" + String.join("','", WORDS) + "']";
        try (Statement statement = db.createStatement()) {
            statement.execute(String.format(Locale.ROOT, """
                    INSERT INTO catalog.resources (id, key, name, description, type, status, tags, org_id, owner_id,
                        access_policy, visibility, read_any, metadata, updated_at)
                    SELECT gen_random_uuid(), 'bench/' || i, initcap(w1) || ' ' || initcap(w2) || ' ' || i,
                           'Handles ' || w1 || ' and ' || w2 || ' requests for team ' || (i %% %2$d),
                           (ARRAY['component','graph','assistant','integration','context','app'])[1 + i %% 6],
                           (ARRAY['draft','published','published','deprecated'])[1 + i %% 4],
                           ARRAY[w1, w2], 'org-' || (i %% %2$d), 'bench',
                           '{"visibility":"private","actions":{}}'::jsonb,
                           CASE WHEN (i %% %2$d) %% 5 = 0 THEN 'public' WHEN i %% 10 = 3 THEN 'org' ELSE 'private' END,
                           CASE WHEN (i %% %2$d) %% 5 = 0 THEN ARRAY['public']
                                WHEN i %% 10 = 3 THEN ARRAY['org:org-' || (i %% %2$d)]
                                ELSE ARRAY['role:admin', 'cap:registry.write'] END,
                           '{}'::jsonb, now() - make_interval(secs => i)
                    FROM generate_series(1, %1$d) AS i,
                         LATERAL (SELECT (%3$s)[1 + (i * 7) %% 16] AS w1, (%3$s)[1 + (i * 13 + 5) %% 16] AS w2) AS w
                    """, resources, orgs, words));
            statement.execute("ANALYZE catalog.resources");
        }
        return resources;
    }

    private CatalogSearchBench() {
    }
}
