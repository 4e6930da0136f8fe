@NullMarked
package dev.symbia.identity.ratelimit;

import org.jspecify.annotations.NullMarked;
