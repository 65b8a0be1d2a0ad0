package io.rolegate.console.directory;

import io.rolegate.engine.api.EngineDirectory;
import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.DirectoryGroupMembers;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.UserLookup;

import java.util.List;

/** What the directory view reads: the engine's directory in the console, fixed answers in view-model tests. */
public interface DirectorySource {
    List<DirectoryGroup> groups(String nameContains, int limit);

    DirectoryGroupMembers members(String groupDn);

    UserLookup lookup(String username);

    List<Mapping> mappings();

    static DirectorySource of(EngineDirectory directory) {
        return new DirectorySource() {
            @Override
            public List<DirectoryGroup> groups(String nameContains, int limit) {
                return directory.directoryGroups(nameContains, limit);
            }

            @Override
            public DirectoryGroupMembers members(String groupDn) {
                return directory.groupMembers(groupDn);
            }

            @Override
            public UserLookup lookup(String username) {
                return directory.lookupUser(username);
            }

            @Override
            public List<Mapping> mappings() {
                return directory.mappings();
            }
        };
    }
}
