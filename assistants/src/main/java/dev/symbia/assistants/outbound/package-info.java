@NullMarked
package dev.symbia.assistants.outbound;

import org.jspecify.annotations.NullMarked;
