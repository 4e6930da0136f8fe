@NullMarked
package dev.symbia.test.service;

import org.jspecify.annotations.NullMarked;
