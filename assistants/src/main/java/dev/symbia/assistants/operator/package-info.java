@NullMarked
package dev.symbia.assistants.operator;

import org.jspecify.annotations.NullMarked;
