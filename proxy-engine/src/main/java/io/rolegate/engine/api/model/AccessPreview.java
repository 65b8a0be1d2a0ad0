package io.rolegate.engine.api.model;

import java.util.Map;
import java.util.Set;

/**
 * What a directory user would get if they logged in now, and why: "alice would get dba_role; because member of
 * cn=dba via cn=data-team". Computed from the directory and the current mappings and policies; changes nothing.
 *
 * @param sqlState null when allowed; otherwise the SQLSTATE the login would be refused with
 */
public record AccessPreview(String username, boolean allowed, Set<String> roles, Map<String, String> settings,
                            String explanation, String sqlState, String message) {
}
