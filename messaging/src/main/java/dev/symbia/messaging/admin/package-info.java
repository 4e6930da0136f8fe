@NullMarked
package dev.symbia.messaging.admin;

import org.jspecify.annotations.NullMarked;
