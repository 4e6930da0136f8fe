@NullMarked
package dev.symbia.db.batch;

import org.jspecify.annotations.NullMarked;
