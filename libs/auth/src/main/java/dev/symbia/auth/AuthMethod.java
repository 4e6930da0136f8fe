package dev.symbia.auth;

/** How the caller proved who it is. Some actions (managing keys, changing a password) want a token. */
public enum AuthMethod {
    ACCESS_TOKEN, API_KEY
}
