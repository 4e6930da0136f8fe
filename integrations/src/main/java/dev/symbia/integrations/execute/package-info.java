@NullMarked
package dev.symbia.integrations.execute;

import org.jspecify.annotations.NullMarked;
