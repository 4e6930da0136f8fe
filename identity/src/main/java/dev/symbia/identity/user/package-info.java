@NullMarked
package dev.symbia.identity.user;

import org.jspecify.annotations.NullMarked;
