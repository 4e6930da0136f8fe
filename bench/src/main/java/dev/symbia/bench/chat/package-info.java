@NullMarked
package dev.symbia.bench.chat;

import org.jspecify.annotations.NullMarked;
