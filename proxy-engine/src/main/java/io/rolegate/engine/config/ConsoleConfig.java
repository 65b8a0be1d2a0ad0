package io.rolegate.engine.config;

/**
 * {@code console:} who may use the console of a directory-mode engine. Console users log in with their directory
 * account; members of {@code adminGroup} (nested membership counts) may change mappings and end sessions, members of
 * {@code readOnlyGroup} may look, members of {@code auditorGroup} may look inside sessions (protocol traces, session
 * recordings). Anyone else is refused; without the section nobody can log in, which is the safe reading of a missing
 * section. Administering does not imply auditing: security teams keep the two apart.
 *
 * @param adminGroup    DN of the group whose members administer; null when none is configured
 * @param readOnlyGroup DN of the group whose members may only look; null when none is configured
 * @param auditorGroup  DN of the group whose members may trace sessions and read recordings; null when none is
 *                      configured (then nobody may)
 */
public record ConsoleConfig(String adminGroup, String readOnlyGroup, String auditorGroup) {

    /** Without an auditor group: nobody may trace sessions or read recordings. */
    public ConsoleConfig(String adminGroup, String readOnlyGroup) {
        this(adminGroup, readOnlyGroup, null);
    }

    public static ConsoleConfig none() {
        return new ConsoleConfig(null, null, null);
    }

    /** Whether any console group is configured (then console users log in with their directory account). */
    public boolean anyGroup() {
        return adminGroup != null || readOnlyGroup != null || auditorGroup != null;
    }
}
