package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AccessPreview;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.RoleChange;
import io.rolegate.engine.api.model.UpstreamRole;

import java.util.List;

/**
 * What the console's mapping view asks of an engine, in this process ({@link EngineDirectory}) or over the remote
 * admin API: the mappings, the roles and groups to draw them between, the dry run, the apply and a person's access.
 * Every call blocks (LDAP, JDBC, or a round trip): call from background tasks only.
 */
public interface MappingAdmin {
    List<Mapping> mappings();

    /** PostgreSQL roles (not pg_*) with their managed flag and mapped groups. */
    List<UpstreamRole> upstreamRoles();

    /** Directory groups whose name contains {@code text}, with member counts. */
    List<DirectoryGroup> directoryGroups(String text, int limit);

    /** Who would gain or lose which roles under {@code proposed}, with the SQL; changes nothing. */
    List<RoleChange> planMappings(List<Mapping> proposed);

    /** Applies {@code proposed} for {@code who}, an administrator (else PermissionDenied); audited, enforced. */
    List<RoleChange> applyMappings(List<Mapping> proposed, ConsoleIdentity who, String comment);

    /** What {@code username} would get at login now, and why. */
    AccessPreview previewAccess(String username);
}
