@NullMarked
package dev.symbia.identity.token;

import org.jspecify.annotations.NullMarked;
