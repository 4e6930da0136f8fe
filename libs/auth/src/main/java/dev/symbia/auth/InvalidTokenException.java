package dev.symbia.auth;

/** A credential that is malformed, unsigned, wrongly signed, expired or otherwise unacceptable. */
public class InvalidTokenException extends Exception {

    public InvalidTokenException(String message) {
        super(message);
    }

    public InvalidTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
