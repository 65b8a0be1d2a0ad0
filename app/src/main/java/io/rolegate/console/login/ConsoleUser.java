package io.rolegate.console.login;

import io.rolegate.engine.api.model.ConsoleIdentity;

/**
 * The person at the console: the one name every admin action is audited under, and whether they may change
 * anything. A directory-mode engine gets it from a directory login; an engine without a directory has nobody to
 * ask, so the operating-system user who started it administers it.
 *
 * @param name          what the audit log records ("alice")
 * @param mayAdminister may change mappings and end sessions
 * @param why           how they got that level, for the status bar
 * @param identity      the engine's handle on this login, passed with every change
 */
public record ConsoleUser(String name, String displayName, boolean mayAdminister, String why,
                          ConsoleIdentity identity) {

    /**
     * The login the engine issued; every admin action hands {@code identity} back to the engine, which decides by
     * its own record of it (the checks here only spare a person a refusal they can see coming).
     */
    public static ConsoleUser of(ConsoleIdentity identity) {
        return new ConsoleUser(identity.username(), identity.displayName(), identity.mayAdminister(),
                identity.reason(), identity);
    }

    /** Throws with words for a dialog when this person may not do {@code what}; the one check for every action. */
    public void requireAdmin(String what) {
        if (!mayAdminister) {
            throw new IllegalStateException(name + " is logged in read-only (" + why + "), so may not " + what
                    + ". Log in as a member of the console admin group.");
        }
    }

    /** May look inside sessions (protocol traces): a member of console.auditorGroup, as the engine decided it. */
    public boolean mayAudit() {
        return identity != null && identity.mayAudit();
    }

    public String describe() {
        return displayName + " (" + name + ") · " + (mayAdminister ? "administrator" : "read-only")
                + (mayAudit() ? " · auditor" : "");
    }
}
