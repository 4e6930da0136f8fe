@NullMarked
package dev.symbia.identity.org;

import org.jspecify.annotations.NullMarked;
