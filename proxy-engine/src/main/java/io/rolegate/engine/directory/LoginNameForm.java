package io.rolegate.engine.directory;

/**
 * The ways a client may write its user name ({@code directory.loginNames}). Whatever the form, the login finds one
 * directory entry and gets that entry's role: {@code alice}, {@code alice@acme.test} and {@code ACME\alice} are the
 * same person with the same role {@code alice}.
 */
public enum LoginNameForm {
    /** The value of {@code usernameAttribute} (uid, sAMAccountName), as {@code userFilter} finds it. */
    ACCOUNT("account"),
    /** Active Directory's user principal name, {@code alice@acme.test}: found by userPrincipalName. */
    UPN("upn"),
    /** Active Directory's down-level logon name, {@code ACME\alice}: the domain must be {@code downLevelDomain}. */
    DOWN_LEVEL("downLevel");

    private final String configName;

    LoginNameForm(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static LoginNameForm parse(String text) {
        for (LoginNameForm f : values()) {
            if (f.configName.equalsIgnoreCase(text.strip()) || f.name().equalsIgnoreCase(text.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a login name form; use account, upn or downLevel");
    }

    @Override
    public String toString() {
        return configName;
    }
}
