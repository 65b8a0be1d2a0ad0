package io.rolegate.engine.api.model;

import java.util.Objects;

/**
 * One user in a directory search or a unit's user list (the console's directory view).
 *
 * @param dn       the user's entry, as the directory returned it
 * @param username the login name (the configured username attribute); null when the entry has none
 * @param name     full name (displayName, else cn); may be null
 * @param mail     mail address; may be null
 */
public record UserSummary(String dn, String username, String name, String mail) {
    public UserSummary {
        Objects.requireNonNull(dn, "dn");
    }
}
