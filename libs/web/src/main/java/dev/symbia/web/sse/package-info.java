@NullMarked
package dev.symbia.web.sse;

import org.jspecify.annotations.NullMarked;
