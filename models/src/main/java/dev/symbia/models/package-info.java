@NullMarked
package dev.symbia.models;

import org.jspecify.annotations.NullMarked;
