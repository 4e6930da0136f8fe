package dev.symbia.relay;

import java.util.concurrent.ThreadFactory;

/** The relay's threads are daemons: a forgotten relay never keeps a JVM alive. */
final class RelayThreads {

    private RelayThreads() {
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
