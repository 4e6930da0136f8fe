@NullMarked
package dev.symbia.assistants.provenance;

import org.jspecify.annotations.NullMarked;
