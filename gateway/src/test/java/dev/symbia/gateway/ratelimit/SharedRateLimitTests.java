package dev.symbia.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.bucket4j.ConsumptionProbe;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Buckets in a real Redis (Debian's {@code redis-server}, started here on a free loopback port): two
 * gateway replicas draw from one bucket. Skipped when no {@code redis-server} binary is installed.
 */
class SharedRateLimitTests {

    private static Process redis;
    private static int port;

    @BeforeAll
    static void startRedis() throws Exception {
        String binary = redisServer();
        if (binary == null) {
            return;
        }
        port = freePort();
        Path dir = Files.createTempDirectory("gateway-redis");
        redis = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(SharedRateLimitTests::accepting);
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            redis.waitFor();
        }
    }

    @Test
    void replicasShareOneBucketThroughRedis() {
        assumeTrue(redis != null, "redis-server is not installed");
        String url = "redis://127.0.0.1:" + port;
        String client = "ip:" + UUID.randomUUID();
        try (RateLimitBuckets first = RateLimitBuckets.redis(3, 0.001, url);
                RateLimitBuckets second = RateLimitBuckets.redis(3, 0.001, url)) {
            assertThat(take(first, client).getRemainingTokens()).isEqualTo(2);
            assertThat(take(second, client).getRemainingTokens()).as("the other replica sees the same bucket").isEqualTo(1);
            assertThat(take(first, client).getRemainingTokens()).isZero();

            ConsumptionProbe refused = take(second, client);
            assertThat(refused.isConsumed()).isFalse();
            assertThat(RateLimitFilter.retryAfterSeconds(refused)).isBetween(990L, 1000L);
            assertThat(take(second, "ip:" + UUID.randomUUID()).isConsumed()).as("another client, another bucket").isTrue();
        }
    }

    @Test
    void anUnreachableRedisLetsRequestsPass() throws IOException {
        int closed = freePort(); // nothing listens there
        try (RateLimitBuckets buckets = RateLimitBuckets.redis(1, 0.001, "redis://127.0.0.1:" + closed)) {
            for (int i = 0; i < 3; i++) {
                assertThat(take(buckets, "ip:203.0.113.9").isConsumed()).isTrue();
            }
        }
    }

    private static ConsumptionProbe take(RateLimitBuckets buckets, String key) {
        return buckets.tryConsume(key).block(Duration.ofSeconds(5));
    }

    private static String redisServer() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, "redis-server");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        File debian = new File("/usr/bin/redis-server");
        return debian.canExecute() ? debian.getPath() : null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepting() {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
