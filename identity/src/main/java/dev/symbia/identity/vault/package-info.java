@NullMarked
package dev.symbia.identity.vault;

import org.jspecify.annotations.NullMarked;
