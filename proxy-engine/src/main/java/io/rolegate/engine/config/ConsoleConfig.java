package io.rolegate.engine.config;

/**
 * {@code console:} who may use the console of a directory-mode engine. Console users log in with their directory
 * account; members of {@code adminGroup} (nested membership counts) may change mappings and end sessions, members of
 * {@code readOnlyGroup} may look. Anyone else is refused; without the section nobody can log in, which is the safe
 * reading of a missing section.
 *
 * @param adminGroup    DN of the group whose members administer; null when none is configured
 * @param readOnlyGroup DN of the group whose members may only look; null when none is configured
 */
public record ConsoleConfig(String adminGroup, String readOnlyGroup) {
    public static ConsoleConfig none() {
        return new ConsoleConfig(null, null);
    }
}
