@NullMarked
package dev.symbia.integrations.credential;

import org.jspecify.annotations.NullMarked;
