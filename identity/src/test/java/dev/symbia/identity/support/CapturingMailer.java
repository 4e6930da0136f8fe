package dev.symbia.identity.support;

import dev.symbia.identity.account.ResetMailer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps the last reset link per address, as a mailbox would. */
public final class CapturingMailer implements ResetMailer {

    private final Map<String, String> links = new ConcurrentHashMap<>();

    @Override
    public boolean deliversMail() {
        return true;
    }

    @Override
    public void send(String email, String resetLink) {
        links.put(email, resetLink);
    }

    public String lastToken(String email) {
        String link = links.get(email);
        return link == null ? null : link.substring(link.indexOf("token=") + 6);
    }
}
