@NullMarked
package dev.symbia.identity.config;

import org.jspecify.annotations.NullMarked;
