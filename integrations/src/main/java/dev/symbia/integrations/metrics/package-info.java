@NullMarked
package dev.symbia.integrations.metrics;

import org.jspecify.annotations.NullMarked;
