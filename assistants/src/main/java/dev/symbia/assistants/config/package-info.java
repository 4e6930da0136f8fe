@NullMarked
package dev.symbia.assistants.config;

import org.jspecify.annotations.NullMarked;
