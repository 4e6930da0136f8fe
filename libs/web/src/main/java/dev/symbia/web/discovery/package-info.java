@NullMarked
package dev.symbia.web.discovery;

import org.jspecify.annotations.NullMarked;
