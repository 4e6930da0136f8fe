@NullMarked
package dev.symbia.network.contract;

import org.jspecify.annotations.NullMarked;
