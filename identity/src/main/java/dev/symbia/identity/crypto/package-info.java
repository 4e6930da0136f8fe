@NullMarked
package dev.symbia.identity.crypto;

import org.jspecify.annotations.NullMarked;
