@NullMarked
package dev.symbia.identity.apikey;

import org.jspecify.annotations.NullMarked;
