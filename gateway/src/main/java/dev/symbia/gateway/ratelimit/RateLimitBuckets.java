package dev.symbia.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Bucket4j token buckets, one per client key: a burst of {@code capacity}, refilled greedily at
 * {@code refillPerSecond}. Either in this process's memory ({@link #inMemory}), right for one gateway
 * replica, in a Caffeine cache bounded to {@code maxClients} that forgets a bucket once it would be full
 * again anyway; or in Redis ({@link #redis}, {@code REDIS_URL}) so every replica draws from the same
 * buckets, through Bucket4j's Lettuce proxy manager (compare-and-swap, asynchronous, never blocking the
 * event loop). If Redis cannot answer, requests pass (a limiter outage must not become a platform
 * outage), and a warning is logged at most once a minute.
 */
final class RateLimitBuckets implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RateLimitBuckets.class);
    static final String REDIS_KEY_PREFIX = "symbia:gateway:rate-limit:";
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
    private static final ConsumptionProbe PASS = ConsumptionProbe.consumed(Long.MAX_VALUE, 0);

    private final BucketConfiguration configuration;
    private final Cache<String, Bucket> local;
    private final TimeMeter time;
    private final Shared shared;

    private RateLimitBuckets(BucketConfiguration configuration, Cache<String, Bucket> local, TimeMeter time, Shared shared) {
        this.configuration = configuration;
        this.local = local;
        this.time = time;
        this.shared = shared;
    }

    /** Buckets in memory; {@code time} drives both refill and forgetting (a test's clock, else the system's nano time). */
    static RateLimitBuckets inMemory(long capacity, double refillPerSecond, int maxClients, TimeMeter time) {
        Cache<String, Bucket> cache = Caffeine.newBuilder()
                .maximumSize(maxClients)
                // An untouched bucket is full again after this long: forgetting it changes nothing.
                .expireAfterAccess(timeToFill(capacity, refillPerSecond))
                .ticker(time::currentTimeNanos)
                .executor(Runnable::run)
                .build();
        return new RateLimitBuckets(configuration(capacity, refillPerSecond), cache, time, null);
    }

    static RateLimitBuckets inMemory(long capacity, double refillPerSecond, int maxClients) {
        return inMemory(capacity, refillPerSecond, maxClients, TimeMeter.SYSTEM_NANOTIME);
    }

    /** Buckets in Redis at {@code redisUrl}, shared by every gateway replica that names the same Redis. */
    static RateLimitBuckets redis(long capacity, double refillPerSecond, String redisUrl) {
        return new RateLimitBuckets(configuration(capacity, refillPerSecond), null, null,
                new Shared(RedisClient.create(), RedisURI.create(redisUrl)));
    }

    /** Takes one token from the key's bucket; the probe says how many remain, or how long until one is back. */
    Mono<ConsumptionProbe> tryConsume(String key) {
        if (shared == null) {
            return Mono.fromSupplier(() -> local.get(key, k -> Bucket.builder()
                    .addLimit(configuration.getBandwidths()[0])
                    .withCustomTimePrecision(time)
                    .build()).tryConsumeAndReturnRemaining(1));
        }
        return shared.tryConsume(REDIS_KEY_PREFIX + key, configuration);
    }

    /** Buckets currently held in memory (after pending evictions); 0 for Redis. */
    long trackedClients() {
        if (local == null) {
            return 0;
        }
        local.cleanUp();
        return local.estimatedSize();
    }

    @Override
    public void close() {
        if (shared != null) {
            shared.close();
        }
    }

    static BucketConfiguration configuration(long capacity, double refillPerSecond) {
        // One token per period rather than "n per second", so fractional rates (0.25/s) are exact.
        Duration period = Duration.ofNanos(Math.max(1, Math.round(1e9 / refillPerSecond)));
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(1, period))
                .build();
    }

    private static Duration timeToFill(long capacity, double refillPerSecond) {
        return Duration.ofNanos(Math.max(1_000_000_000L, (long) Math.ceil(capacity / refillPerSecond * 1e9)));
    }

    /** The Redis side: connects lazily and again after a failure, so the gateway starts without Redis. */
    private static final class Shared {

        private final RedisClient client;
        private final RedisURI uri;
        private final AtomicReference<CompletableFuture<AsyncProxyManager<String>>> manager = new AtomicReference<>();
        private volatile long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

        Shared(RedisClient client, RedisURI uri) {
            this.client = client;
            this.uri = uri;
            uri.setTimeout(REDIS_TIMEOUT); // connect and command timeout; Lettuce's default is a minute
        }

        Mono<ConsumptionProbe> tryConsume(String key, BucketConfiguration configuration) {
            return Mono.fromFuture(() -> manager().thenCompose(proxies -> proxies.builder()
                            .build(key, () -> CompletableFuture.completedFuture(configuration))
                            .tryConsumeAndReturnRemaining(1)), true)
                    .timeout(REDIS_TIMEOUT)
                    .onErrorResume(error -> {
                        warn(error);
                        return Mono.just(PASS);
                    });
        }

        private CompletableFuture<AsyncProxyManager<String>> manager() {
            CompletableFuture<AsyncProxyManager<String>> current = manager.get();
            if (current != null && !current.isCompletedExceptionally()) {
                return current;
            }
            CompletableFuture<AsyncProxyManager<String>> fresh = client
                    .connectAsync(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), uri)
                    .toCompletableFuture()
                    .thenApply(this::proxyManager);
            return manager.compareAndSet(current, fresh) ? fresh : manager.get();
        }

        private AsyncProxyManager<String> proxyManager(StatefulRedisConnection<String, byte[]> connection) {
            return Bucket4jLettuce.casBasedBuilder(connection)
                    // Redis forgets a bucket shortly after it would be full again, as memory does.
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1)))
                    .build()
                    .asAsync();
        }

        private void warn(Throwable error) {
            long now = System.nanoTime();
            if (now - lastWarning >= WARN_EVERY_NANOS) {
                lastWarning = now;
                log.warn("Rate limit store (Redis) unavailable, requests pass unlimited: {}", error.toString());
            }
        }

        void close() {
            client.shutdown();
        }
    }
}
