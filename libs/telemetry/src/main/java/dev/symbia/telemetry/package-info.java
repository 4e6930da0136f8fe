@NullMarked
package dev.symbia.telemetry;

import org.jspecify.annotations.NullMarked;
