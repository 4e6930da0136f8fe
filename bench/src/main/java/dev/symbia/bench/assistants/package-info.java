@NullMarked
package dev.symbia.bench.assistants;

import org.jspecify.annotations.NullMarked;
