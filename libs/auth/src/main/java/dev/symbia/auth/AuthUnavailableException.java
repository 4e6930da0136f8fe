package dev.symbia.auth;

/** The credential could not be checked because identity did not answer; the caller gets a 503. */
public class AuthUnavailableException extends Exception {

    public AuthUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
