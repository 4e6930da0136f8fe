@NullMarked
package dev.symbia.gateway.problem;

import org.jspecify.annotations.NullMarked;
