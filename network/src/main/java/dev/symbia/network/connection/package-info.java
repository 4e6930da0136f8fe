@NullMarked
package dev.symbia.network.connection;

import org.jspecify.annotations.NullMarked;
