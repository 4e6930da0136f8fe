@NullMarked
package dev.symbia.identity.account;

import org.jspecify.annotations.NullMarked;
