@NullMarked
package dev.symbia.identity.agent;

import org.jspecify.annotations.NullMarked;
