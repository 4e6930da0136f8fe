@NullMarked
package dev.symbia.identity.audit;

import org.jspecify.annotations.NullMarked;
