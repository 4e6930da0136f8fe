@NullMarked
package dev.symbia.assistants.handoff;

import org.jspecify.annotations.NullMarked;
