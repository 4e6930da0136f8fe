@NullMarked
package dev.symbia.web.request;

import org.jspecify.annotations.NullMarked;
