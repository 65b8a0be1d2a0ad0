package io.rolegate.engine.directory;

/** The outcome of looking a user up without a password (console, re-evaluation). */
public sealed interface LookupResult
        permits LookupResult.Found, AuthResult.NoSuchUser, AuthResult.DirectoryUnavailable {

    /** The user, whatever their account state; the caller decides what an unusable account means. */
    record Found(DirectoryUser user) implements LookupResult {
    }
}
