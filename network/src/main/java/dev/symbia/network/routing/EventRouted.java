package dev.symbia.network.routing;

import dev.symbia.network.trace.Trace;
import dev.symbia.relay.Envelope;

/** An event this replica just routed and its trace (queued for the history): what {@link RoutingObserver}s get. */
public record EventRouted(Envelope envelope, Trace trace) {
}
