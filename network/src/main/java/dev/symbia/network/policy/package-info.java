@NullMarked
package dev.symbia.network.policy;

import org.jspecify.annotations.NullMarked;
