@NullMarked
package dev.symbia.gateway.request;

import org.jspecify.annotations.NullMarked;
