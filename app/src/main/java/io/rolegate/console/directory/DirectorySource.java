package io.rolegate.console.directory;

import io.rolegate.engine.api.EngineDirectory;
import io.rolegate.engine.directory.GroupMembers;
import io.rolegate.engine.directory.GroupSummary;
import io.rolegate.engine.directory.LookupResult;
import io.rolegate.engine.api.model.Mapping;

import java.util.List;

/** What the directory view reads: the engine's directory in the console, fixed answers in view-model tests. */
public interface DirectorySource {
    List<GroupSummary> groups(String nameContains, int limit);

    GroupMembers members(String groupDn);

    LookupResult lookup(String username);

    List<Mapping> mappings();

    static DirectorySource of(EngineDirectory directory) {
        return new DirectorySource() {
            @Override
            public List<GroupSummary> groups(String nameContains, int limit) {
                return directory.directoryGroups(nameContains, limit);
            }

            @Override
            public GroupMembers members(String groupDn) {
                return directory.groupMembers(groupDn);
            }

            @Override
            public LookupResult lookup(String username) {
                return directory.lookupUser(username);
            }

            @Override
            public List<Mapping> mappings() {
                return directory.mappings();
            }
        };
    }
}
