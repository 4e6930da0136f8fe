@NullMarked
package dev.symbia.logging.ingest;

import org.jspecify.annotations.NullMarked;
