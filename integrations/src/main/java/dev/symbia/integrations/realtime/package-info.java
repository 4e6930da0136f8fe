@NullMarked
package dev.symbia.integrations.realtime;

import org.jspecify.annotations.NullMarked;
