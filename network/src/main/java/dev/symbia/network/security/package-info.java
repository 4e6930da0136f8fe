@NullMarked
package dev.symbia.network.security;

import org.jspecify.annotations.NullMarked;
