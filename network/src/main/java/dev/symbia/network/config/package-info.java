@NullMarked
package dev.symbia.network.config;

import org.jspecify.annotations.NullMarked;
