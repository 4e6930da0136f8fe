@NullMarked
package dev.symbia.network.delivery;

import org.jspecify.annotations.NullMarked;
