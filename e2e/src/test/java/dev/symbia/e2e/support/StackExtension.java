package dev.symbia.e2e.support;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives tests the running {@link SymbiaStack} (as a parameter of type {@link SymbiaStack} or
 * {@link Gateway}). The stack is started by the first test that needs it and kept in the root
 * store, which JUnit closes at the end of the run, pass or fail, so every IT class shares one stack.
 * The first failed test prints the tail of every log: the cause is often in a service, not in the gateway.
 */
public final class StackExtension implements ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);

    /** The one stack of this run. */
    public static SymbiaStack stack(ExtensionContext context) {
        // A failed start is remembered so later classes fail fast with the same cause, not a second start.
        StartResult result = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(StartResult.class, key -> StartResult.attempt(), StartResult.class);
        return result.stackOrThrow();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == SymbiaStack.class || type == Gateway.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        SymbiaStack stack = stack(extension);
        return parameter.getParameter().getType() == Gateway.class ? new Gateway(stack.gatewayUrl()) : stack;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        StartResult result = store.get(StartResult.class, StartResult.class);
        AtomicBoolean printed = store.computeIfAbsent("log-tails-printed", key -> new AtomicBoolean(), AtomicBoolean.class);
        // Once per run: when many tests fail together the logs say the same thing each time.
        if (result != null && result.stack != null && printed.compareAndSet(false, true)) {
            System.err.println("[e2e] " + context.getUniqueId() + " failed; log tails of the stack (printed once):\n"
                    + result.stack.logTails(25));
        }
    }

    /** Closed by JUnit with the root store: that is what stops the stack at the end of the run. */
    private static final class StartResult implements AutoCloseable {
        private final SymbiaStack stack;
        private final RuntimeException failure;
        private boolean failureReported;

        private StartResult(SymbiaStack stack, RuntimeException failure) {
            this.stack = stack;
            this.failure = failure;
        }

        static StartResult attempt() {
            try {
                return new StartResult(SymbiaStack.start(), null);
            } catch (RuntimeException e) {
                return new StartResult(null, e);
            }
        }

        synchronized SymbiaStack stackOrThrow() {
            if (failure == null) {
                return stack;
            }
            if (!failureReported) {
                // start.sh's output and the log tails, once: the other tests only point here.
                failureReported = true;
                throw new IllegalStateException("the Symbia stack did not start: " + failure.getMessage(), failure);
            }
            throw new IllegalStateException("the Symbia stack did not start (see the first failing e2e test for "
                    + "start.sh's output and the logs)");
        }

        @Override
        public void close() {
            if (stack != null) {
                stack.close();
            }
        }
    }
}
