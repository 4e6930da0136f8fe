@NullMarked
package dev.symbia.gateway;

import org.jspecify.annotations.NullMarked;
