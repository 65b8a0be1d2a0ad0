package io.rolegate.engine.directory;

/**
 * The outcome of checking a login against the directory. Failures are values, not exceptions, because every one
 * of them is an expected answer that the caller turns into a specific SQLSTATE.
 */
public sealed interface AuthResult
        permits AuthResult.Authenticated, AuthResult.InvalidCredentials, AuthResult.NoSuchUser,
        AuthResult.AccountNotUsable, AuthResult.DirectoryUnavailable {

    /** The password is right and the account may log in. */
    record Authenticated(DirectoryUser user) implements AuthResult {
    }

    /** The directory refused the password (or it was empty, which LDAP would treat as an anonymous bind). */
    record InvalidCredentials(String username) implements AuthResult {
    }

    /** No entry for this login name (none, or several, which is a directory error Rolegate refuses to guess on). */
    record NoSuchUser(String username, String detail) implements AuthResult, LookupResult {
    }

    /** The account exists but the directory says it may not log in. */
    record AccountNotUsable(DirectoryUser user, AccountState state) implements AuthResult {
        public String reason() {
            return state.reason();
        }
    }

    /**
     * No directory server could answer; the caller must fail closed.
     *
     * @param noAnswerWithin set when a server took the connection but did not answer within this long (hung or
     *                       overloaded, rather than down); null otherwise
     */
    record DirectoryUnavailable(String cause, java.time.Duration noAnswerWithin) implements AuthResult, LookupResult {
        public DirectoryUnavailable(String cause) {
            this(cause, null);
        }
    }
}
