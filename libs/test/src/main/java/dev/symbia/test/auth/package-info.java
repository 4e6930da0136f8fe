@NullMarked
package dev.symbia.test.auth;

import org.jspecify.annotations.NullMarked;
