@NullMarked
package dev.symbia.identity.supabase;

import org.jspecify.annotations.NullMarked;
