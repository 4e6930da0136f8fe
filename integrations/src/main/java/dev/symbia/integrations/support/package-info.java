@NullMarked
package dev.symbia.integrations.support;

import org.jspecify.annotations.NullMarked;
