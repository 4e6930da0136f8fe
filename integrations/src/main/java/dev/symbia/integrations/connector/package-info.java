@NullMarked
package dev.symbia.integrations.connector;

import org.jspecify.annotations.NullMarked;
