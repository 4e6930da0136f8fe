@NullMarked
package dev.symbia.integrations.provider;

import org.jspecify.annotations.NullMarked;
