@NullMarked
package dev.symbia.auth;

import org.jspecify.annotations.NullMarked;
