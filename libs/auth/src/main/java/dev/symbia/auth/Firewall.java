package dev.symbia.auth;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's {@link StrictHttpFirewall} with its defaults, but its header and parameter checks as plain loops:
 * the stock ones run a regular expression over every header name and value each time the request is asked for one
 * (a dozen times per request). Same rule: every code point assigned and not an ISO control; a header value may
 * also hold tabs.
 */
final class Firewall {

    private Firewall() {
    }

    static StrictHttpFirewall strict() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(name -> printable(name, false));
        firewall.setAllowedHeaderValues(value -> printable(value, true));
        firewall.setAllowedParameterNames(name -> printable(name, false));
        return firewall;
    }

    /** {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, or with tabs too, without a regex. */
    static boolean printable(String text, boolean tabs) {
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c < 0x80) { // ASCII: every character is assigned; controls are 0x00-0x1f and 0x7f
                if ((c < 0x20 && !(tabs && c == '\t')) || c == 0x7f) {
                    return false;
                }
                i++;
                continue;
            }
            int codePoint = text.codePointAt(i);
            if (!Character.isDefined(codePoint) || Character.isISOControl(codePoint)) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
