package dev.symbia.network.routing;

import dev.symbia.network.trace.Trace;
import dev.symbia.relay.Envelope;

/** Published after an event was routed and its trace stored: what observers (watch streams) consume. */
public record EventRouted(Envelope envelope, Trace trace) {
}
