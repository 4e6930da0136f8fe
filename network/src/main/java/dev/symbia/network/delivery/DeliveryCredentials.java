package dev.symbia.network.delivery;

import java.util.Map;

/**
 * Headers the network sends with an HTTP delivery, asked for on every delivery so a renewed token is
 * used. The receiving relay verifies the envelope's signature either way; a service token lets the
 * receiver's {@code /api/internal/**} allow-list admit the network.
 */
@FunctionalInterface
public interface DeliveryCredentials {

    Map<String, String> headers();
}
