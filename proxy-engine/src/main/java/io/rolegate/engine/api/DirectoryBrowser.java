package io.rolegate.engine.api;

import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.DirectoryGroupMembers;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.UserLookup;
import io.rolegate.engine.api.model.UserSummary;

import java.util.List;

/**
 * The directory as the console's Directory view browses it: groups, their members, users by name or unit, one
 * user's entry with the groups it reaches and its account state. The engine builds every LDAP filter (a typed text
 * is a value, never filter syntax). {@link EngineDirectory} in this process; {@code api.remote.RemoteEngine}'s over
 * the admin API. Reading needs a console login, nothing more (as in the in-process console). Blocking calls (LDAP).
 */
public interface DirectoryBrowser {
    /** Groups whose name contains {@code text}, at most {@code limit}. */
    List<DirectoryGroup> directoryGroups(String text, int limit);

    /** A group's direct members. */
    DirectoryGroupMembers groupMembers(String groupDn);

    /** A user's entry, groups (with how each was reached) and account state. */
    UserLookup lookupUser(String username);

    /** The user whose entry is at {@code dn}. */
    UserLookup lookupUserAt(String dn);

    /** Users whose login name, full name or mail starts with {@code text}, or {@code attribute=start}. */
    List<UserSummary> findUsers(String text, int limit);

    /** The organizational units at and under the user base, by DN. */
    List<String> userUnits();

    /** The users directly in the unit {@code unitDn}. */
    List<UserSummary> usersIn(String unitDn, int limit);

    /** The group-to-role mappings in force (the view marks mapped groups). */
    List<Mapping> mappings();
}
