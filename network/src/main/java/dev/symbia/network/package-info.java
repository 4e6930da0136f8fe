@NullMarked
package dev.symbia.network;

import org.jspecify.annotations.NullMarked;
