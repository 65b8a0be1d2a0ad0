package io.rolegate.console.directory;

import io.rolegate.engine.api.DirectoryBrowser;
import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.DirectoryGroupMembers;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.UserLookup;
import io.rolegate.engine.api.model.UserSummary;

import java.util.List;

/**
 * What the directory view reads: the engine's directory (in this process or attached), fixed answers in
 * view-model tests. Every
 * search is the engine's (it builds the LDAP filters); these calls block.
 */
public interface DirectorySource {
    List<DirectoryGroup> groups(String nameContains, int limit);

    DirectoryGroupMembers members(String groupDn);

    UserLookup lookup(String username);

    /** The user whose entry is at {@code dn}. */
    UserLookup lookupAt(String dn);

    /** Users whose name, full name or mail starts with {@code text}, or {@code attribute=start}. */
    List<UserSummary> findUsers(String text, int limit);

    /** Organizational units where users live. */
    List<String> units();

    List<UserSummary> usersIn(String unitDn, int limit);

    List<Mapping> mappings();

    static DirectorySource of(DirectoryBrowser directory) {
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
            public UserLookup lookupAt(String dn) {
                return directory.lookupUserAt(dn);
            }

            @Override
            public List<UserSummary> findUsers(String text, int limit) {
                return directory.findUsers(text, limit);
            }

            @Override
            public List<String> units() {
                return directory.userUnits();
            }

            @Override
            public List<UserSummary> usersIn(String unitDn, int limit) {
                return directory.usersIn(unitDn, limit);
            }

            @Override
            public List<Mapping> mappings() {
                return directory.mappings();
            }
        };
    }
}
