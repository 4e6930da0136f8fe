@NullMarked
package dev.symbia.network.observe;

import org.jspecify.annotations.NullMarked;
