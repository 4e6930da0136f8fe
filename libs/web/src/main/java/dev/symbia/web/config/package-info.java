@NullMarked
package dev.symbia.web.config;

import org.jspecify.annotations.NullMarked;
