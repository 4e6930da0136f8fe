@NullMarked
package dev.symbia.integrations;

import org.jspecify.annotations.NullMarked;
