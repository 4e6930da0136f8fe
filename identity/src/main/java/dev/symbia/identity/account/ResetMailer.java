package dev.symbia.identity.account;

/** Delivers a password-reset link. The token must never be logged outside development. */
public interface ResetMailer {

    /** Whether a reset mail can actually reach the user (SMTP configured). */
    boolean deliversMail();

    void send(String email, String resetLink);
}
