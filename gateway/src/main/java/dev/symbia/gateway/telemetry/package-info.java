@NullMarked
package dev.symbia.gateway.telemetry;

import org.jspecify.annotations.NullMarked;
