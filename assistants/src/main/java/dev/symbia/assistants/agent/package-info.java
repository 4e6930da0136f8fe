@NullMarked
package dev.symbia.assistants.agent;

import org.jspecify.annotations.NullMarked;
