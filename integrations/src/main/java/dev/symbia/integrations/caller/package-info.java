@NullMarked
package dev.symbia.integrations.caller;

import org.jspecify.annotations.NullMarked;
