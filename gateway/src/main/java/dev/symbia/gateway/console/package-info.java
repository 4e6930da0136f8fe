@NullMarked
package dev.symbia.gateway.console;

import org.jspecify.annotations.NullMarked;
