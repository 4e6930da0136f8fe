package dev.symbia.network.delivery;

import java.util.Map;

/**
 * Headers the network sends with an HTTP delivery, asked for on every attempt so a renewed token is
 * used. The receiving relay verifies the envelope's signature either way; the network's service token
 * lets the receiver's {@code /api/internal/**} allow-list admit it. May throw an unchecked exception
 * when no credential can be had right now: the attempt then fails and is retried like a lost connection.
 */
@FunctionalInterface
public interface DeliveryCredentials {

    Map<String, String> headers();
}
