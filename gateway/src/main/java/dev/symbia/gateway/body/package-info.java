@NullMarked
package dev.symbia.gateway.body;

import org.jspecify.annotations.NullMarked;
