package dev.symbia.bench.network;

import dev.symbia.bench.Samples;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Events in flight, by id: when each was sent, delivered to the receiver and acknowledged to the
 * sender. Sockets' reader threads stamp them; a {@link Phase} reads them once it is over.
 */
final class Flights {

    private final Map<String, Flight> byId = new ConcurrentHashMap<>();

    /**
     * One published event. {@code window} (closed loop) gets its permit back once the event is done:
     * acked and delivered (or refused), so neither the sender's nor the receiver's side can queue up
     * without bound.
     */
    static final class Flight {
        final long sent;
        final Semaphore window;
        final AtomicBoolean released = new AtomicBoolean();
        volatile long delivered;
        volatile long acked;
        volatile boolean ok;
        volatile String status;

        Flight(long sent, Semaphore window) {
            this.sent = sent;
            this.window = window;
        }

        boolean done() {
            return acked != 0 && (delivered != 0 || !ok || !"delivered".equals(status));
        }

        /** When it was done: the later of delivery and ack. */
        long completed() {
            return Math.max(delivered, acked);
        }

        void releaseIfDone() {
            if (window != null && done() && released.compareAndSet(false, true)) {
                window.release();
            }
        }
    }

    /** Stamps the moment right before the frame is handed to the socket. */
    Flight sending(String id, Phase phase, Semaphore window) {
        Flight flight = new Flight(System.nanoTime(), window);
        byId.put(id, flight);
        phase.flights.add(flight);
        return flight;
    }

    void delivered(String id, long at) {
        Flight flight = byId.get(id);
        if (flight != null && flight.delivered == 0) {
            flight.delivered = at;
            flight.releaseIfDone();
            if (flight.acked != 0) {
                byId.remove(id);
            }
        }
    }

    void acked(String id, boolean ok, String status, long at) {
        Flight flight = id == null ? null : byId.get(id);
        if (flight == null || flight.acked != 0) {
            return;
        }
        flight.ok = ok;
        flight.status = status;
        flight.acked = at;
        flight.releaseIfDone();
        if (flight.delivered != 0 || !ok) {
            byId.remove(id);
        }
    }

    /** Everything one side did in one measurement; CPU and wall time add up over its rounds. */
    static final class Phase {
        final Queue<Flight> flights = new ConcurrentLinkedQueue<>();
        long wallNanos;
        long childCpuNanos;
        /** CPU time of the pinned CPU(s) used by anything but the child measured. */
        long othersOnPinnedNanos;
        long postgresCpuNanos;
        long clientCpuNanos;
        /** Busy time of the CPU(s) this JVM and PostgreSQL are pinned to, whoever used it. */
        long clientSideBusyNanos;
        /** For closed-loop phases: only events sent inside [from, to) are measured. */
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;

        boolean complete() {
            return flights.stream().allMatch(Flight::done);
        }

        /** Events done (acked and delivered) inside the measured interval. */
        long doneInWindow() {
            return flights.stream().filter(Flight::done).filter(f -> f.completed() >= from && f.completed() < to).count();
        }

        Samples delivery() {
            Samples samples = new Samples();
            measured().filter(f -> f.delivered != 0).forEach(f -> samples.add(f.delivered - f.sent));
            return samples;
        }

        Samples ack() {
            Samples samples = new Samples();
            measured().filter(f -> f.acked != 0 && f.ok).forEach(f -> samples.add(f.acked - f.sent));
            return samples;
        }

        long count() {
            return measured().count();
        }

        /** Events that were not delivered and acknowledged as delivered, by what happened instead. */
        Map<String, Integer> problems() {
            Map<String, Integer> problems = new TreeMap<>();
            flights.forEach(f -> {
                String problem = f.acked == 0 ? "no ack"
                        : !f.ok ? "refused: " + f.status
                        : !"delivered".equals(f.status) ? "ack " + f.status
                        : f.delivered == 0 ? "not delivered" : null;
                if (problem != null) {
                    problems.merge(problem, 1, Integer::sum);
                }
            });
            return problems;
        }

        String problemSummary() {
            Map<String, Integer> problems = problems();
            if (problems.isEmpty()) {
                return "0";
            }
            StringBuilder out = new StringBuilder();
            problems.forEach((kind, n) -> out.append(kind).append(" ×").append(n).append(", "));
            return out.substring(0, out.length() - 2);
        }

        private java.util.stream.Stream<Flight> measured() {
            return flights.stream().filter(f -> f.sent >= from && f.sent < to);
        }
    }
}
