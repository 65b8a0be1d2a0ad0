package io.rolegate.engine.api.model;

import java.util.List;
import java.util.Set;

/**
 * One user's part of a mapping change: the roles before and after, and the exact SQL that would run on their
 * managed role (the SCRAM verifier shown as a placeholder).
 */
public record RoleChange(String username, String role, Set<String> before, Set<String> after, boolean deniedAfter,
                         List<String> statements) {
}
