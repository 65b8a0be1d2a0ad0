package io.rolegate.engine.provisioning;

/** A role with the directory user's name exists but was not created by Rolegate: it is left alone. */
public final class UnmanagedRoleException extends RuntimeException {
    private final String role;

    public UnmanagedRoleException(String role) {
        super("rolegate: a PostgreSQL role named \"" + role + "\" already exists and is not managed by Rolegate;"
                + " it is left untouched, so this user cannot log in through the proxy", null, false, false);
        this.role = role;
    }

    public String role() {
        return role;
    }
}
