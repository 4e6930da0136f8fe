@NullMarked
package dev.symbia.gateway.internal;

import org.jspecify.annotations.NullMarked;
