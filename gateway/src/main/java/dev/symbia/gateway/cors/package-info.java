@NullMarked
package dev.symbia.gateway.cors;

import org.jspecify.annotations.NullMarked;
