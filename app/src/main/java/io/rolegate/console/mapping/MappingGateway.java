package io.rolegate.console.mapping;

import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.AccessPreview;
import io.rolegate.engine.api.model.RoleChange;
import io.rolegate.engine.api.model.UpstreamRole;
import io.rolegate.engine.api.MappingAdmin;
import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.Mapping;

import java.util.List;

/** What the mapping view asks of the engine; blocking calls, made from background tasks only. */
public interface MappingGateway {
    List<Mapping> mappings();

    List<UpstreamRole> roles();

    List<DirectoryGroup> groups();

    List<RoleChange> plan(List<Mapping> proposed);

    List<RoleChange> apply(List<Mapping> proposed, ConsoleIdentity who, String comment);

    AccessPreview preview(String username);

    static MappingGateway of(MappingAdmin directory) {
        return new MappingGateway() {
            @Override
            public List<Mapping> mappings() {
                return directory.mappings();
            }

            @Override
            public List<UpstreamRole> roles() {
                return directory.upstreamRoles();
            }

            @Override
            public List<DirectoryGroup> groups() {
                return directory.directoryGroups("", 1000);
            }

            @Override
            public List<RoleChange> plan(List<Mapping> proposed) {
                return directory.planMappings(proposed);
            }

            @Override
            public List<RoleChange> apply(List<Mapping> proposed, ConsoleIdentity who, String comment) {
                return directory.applyMappings(proposed, who, comment);
            }

            @Override
            public AccessPreview preview(String username) {
                return directory.previewAccess(username);
            }
        };
    }
}
