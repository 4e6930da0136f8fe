@NullMarked
package dev.symbia.integrations.stream;

import org.jspecify.annotations.NullMarked;
