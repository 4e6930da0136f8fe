@NullMarked
package dev.symbia.identity.introspect;

import org.jspecify.annotations.NullMarked;
