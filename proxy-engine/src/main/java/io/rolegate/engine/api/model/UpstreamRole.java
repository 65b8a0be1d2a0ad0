package io.rolegate.engine.api.model;

import java.util.List;

/**
 * A PostgreSQL role as the console shows it: a drop target for directory groups.
 *
 * @param managed      created and kept by Rolegate (a per-user login role)
 * @param mappedGroups directory groups whose members get this role
 */
public record UpstreamRole(String name, boolean canLogin, boolean managed, List<String> mappedGroups) {
}
