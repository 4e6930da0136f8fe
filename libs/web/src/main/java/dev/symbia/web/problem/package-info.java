@NullMarked
package dev.symbia.web.problem;

import org.jspecify.annotations.NullMarked;
