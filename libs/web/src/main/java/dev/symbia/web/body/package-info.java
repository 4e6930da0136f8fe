@NullMarked
package dev.symbia.web.body;

import org.jspecify.annotations.NullMarked;
