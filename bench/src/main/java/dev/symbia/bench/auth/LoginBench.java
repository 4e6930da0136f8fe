package dev.symbia.bench.auth;

import dev.symbia.bench.Defaults;
import dev.symbia.identity.crypto.Hashes;
import dev.symbia.identity.crypto.Passwords;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The CPU cost of a login: identity's password check ({@link Passwords#matches} with the
 * {@link BCryptPasswordEncoder} identity configures, at {@code symbia.identity.bcrypt-cost}) against
 * the baseline of one SHA-256 of the same password ({@link Hashes#sha256}, what identity uses for
 * high-entropy tokens). The ratio is the price of making stolen password hashes expensive to guess.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoginBench {

    /** {@code configured}: identity's bound {@code symbia.identity.bcrypt-cost} (default 10); or a number. */
    @Param("configured")
    public String cost;

    private final String password = "correct horse battery staple 42";
    private BCryptPasswordEncoder encoder;
    private String hash;

    @Setup
    public void setup() {
        int rounds = "configured".equals(cost) ? Defaults.identity().bcryptCost() : Integer.parseInt(cost);
        encoder = new BCryptPasswordEncoder(rounds);
        hash = encoder.encode(password);
        if (!Passwords.matches(encoder, password, hash) || Passwords.matches(encoder, password + "x", hash)) {
            throw new IllegalStateException("the password check does not behave");
        }
    }

    /** A correct password, as at a successful login. */
    @Benchmark
    public boolean bcryptVerify() {
        return Passwords.matches(encoder, password, hash);
    }

    @Benchmark
    public String baseline_sha256() {
        return Hashes.sha256(password);
    }
}
