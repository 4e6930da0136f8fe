@NullMarked
package dev.symbia.integrations.deploy;

import org.jspecify.annotations.NullMarked;
