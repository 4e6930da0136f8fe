@NullMarked
package dev.symbia.network.registry;

import org.jspecify.annotations.NullMarked;
