@NullMarked
package dev.symbia.web.health;

import org.jspecify.annotations.NullMarked;
