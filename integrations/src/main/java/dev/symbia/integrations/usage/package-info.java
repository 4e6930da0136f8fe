@NullMarked
package dev.symbia.integrations.usage;

import org.jspecify.annotations.NullMarked;
