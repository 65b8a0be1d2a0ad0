package io.rolegate.engine.policy;

import io.rolegate.engine.directory.AuthResult;

import java.util.Optional;

/** The client-facing refusal for each way a directory login can fail. */
public final class AuthDenials {
    private AuthDenials() {
    }

    /** Empty for {@link AuthResult.Authenticated}; the caller then asks {@link PolicyEngine#decide}. */
    public static Optional<Decision.Deny> of(AuthResult result) {
        if (result instanceof AuthResult.InvalidCredentials bad) {
            return Optional.of(wrongPassword(bad.username(), "directory refused the password"));
        }
        if (result instanceof AuthResult.NoSuchUser missing) {
            // Same words as a wrong password: the client must not learn which names exist.
            return Optional.of(wrongPassword(missing.username(), "no such user: " + missing.detail()));
        }
        if (result instanceof AuthResult.AccountNotUsable unusable) {
            return Optional.of(PolicyEngine.deny(DenyReason.ACCOUNT_NOT_USABLE, "account "
                    + PolicyEngine.quoted(unusable.user().username()) + " may not log in: " + unusable.reason(),
                    "directory: " + unusable.reason()));
        }
        if (result instanceof AuthResult.DirectoryUnavailable down) {
            String why = down.noAnswerWithin() == null ? ""
                    : ": the directory did not answer within " + spoken(down.noAnswerWithin());
            return Optional.of(PolicyEngine.deny(DenyReason.DIRECTORY_UNAVAILABLE,
                    "directory unavailable" + why + "; try again later or ask the DBA",
                    "directory unavailable: " + down.cause()));
        }
        return Optional.empty();
    }

    private static String spoken(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static Decision.Deny wrongPassword(String username, String explanation) {
        return PolicyEngine.deny(DenyReason.WRONG_PASSWORD, "password authentication failed for user "
                + PolicyEngine.quoted(username), explanation);
    }
}
