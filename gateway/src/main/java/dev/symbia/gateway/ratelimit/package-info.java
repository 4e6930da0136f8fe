@NullMarked
package dev.symbia.gateway.ratelimit;

import org.jspecify.annotations.NullMarked;
