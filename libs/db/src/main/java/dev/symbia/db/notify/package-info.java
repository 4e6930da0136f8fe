@NullMarked
package dev.symbia.db.notify;

import org.jspecify.annotations.NullMarked;
