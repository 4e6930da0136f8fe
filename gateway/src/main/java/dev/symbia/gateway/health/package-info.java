@NullMarked
package dev.symbia.gateway.health;

import org.jspecify.annotations.NullMarked;
