@NullMarked
package dev.symbia.auth.telemetry;

import org.jspecify.annotations.NullMarked;
