@NullMarked
package dev.symbia.bench.auth;

import org.jspecify.annotations.NullMarked;
