package dev.symbia.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FirewallTests {

    // StrictHttpFirewall's own patterns (spring-security-web 7), which the loops replace.
    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCodePointIsJudgedAsTheStockPatternsJudgeIt() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String text = "a" + Character.toString(codePoint) + "b";
            assertThat(Firewall.printable(text, false)).as("U+%04X in a name", codePoint).isEqualTo(NAMES.matcher(text).matches());
            assertThat(Firewall.printable(text, true)).as("U+%04X in a value", codePoint).isEqualTo(VALUES.matcher(text).matches());
        }
    }

    @Test
    void unpairedSurrogatesAndOrdinaryHeadersToo() {
        for (String text : new String[] {"", "Bearer eyJ.abc-def_1", "\uD800", "x\uDC00y", "\uD83D\uDE00", "tab\there", "nul\u0000"}) {
            assertThat(Firewall.printable(text, false)).as(text).isEqualTo(NAMES.matcher(text).matches());
            assertThat(Firewall.printable(text, true)).as(text).isEqualTo(VALUES.matcher(text).matches());
        }
        assertThat(Firewall.strict()).isNotNull();
    }
}
