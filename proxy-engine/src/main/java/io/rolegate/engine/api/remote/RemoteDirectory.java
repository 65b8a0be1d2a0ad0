package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.DirectoryBrowser;
import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.DirectoryGroupMembers;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.UserLookup;
import io.rolegate.engine.api.model.UserSummary;

import java.util.List;
import java.util.function.Supplier;

/** The directory of a remote engine, as its Directory view browses it: {@code GET /directory/…}. */
final class RemoteDirectory implements DirectoryBrowser {
    private static final int MAX_ROWS = 1000;
    private final ApiCalls calls;
    private final Supplier<String> token;
    private final RemoteMappings mappings;

    RemoteDirectory(ApiCalls calls, Supplier<String> token, RemoteMappings mappings) {
        this.calls = calls;
        this.token = token;
        this.mappings = mappings;
    }

    @Override
    public List<DirectoryGroup> directoryGroups(String text, int limit) {
        return mappings.directoryGroups(text, limit);
    }

    @Override
    public DirectoryGroupMembers groupMembers(String groupDn) {
        return ApiJson.answer(calls.get("/directory/group-members?dn=" + ApiCalls.encode(groupDn), token.get()),
                new ApiJson.JavaTypeRef<DirectoryGroupMembers>() { });
    }

    @Override
    public UserLookup lookupUser(String username) {
        return user("name=" + ApiCalls.encode(username));
    }

    @Override
    public UserLookup lookupUserAt(String dn) {
        return user("dn=" + ApiCalls.encode(dn));
    }

    private UserLookup user(String query) {
        return ApiJson.answer(calls.get("/directory/user?" + query, token.get()),
                new ApiJson.JavaTypeRef<ApiViews.User>() { }).toLookup();
    }

    @Override
    public List<UserSummary> findUsers(String text, int limit) {
        return ApiJson.answer(calls.get("/directory/users?text=" + ApiCalls.encode(text) + "&limit="
                + Math.min(limit, MAX_ROWS), token.get()), new ApiJson.JavaTypeRef<List<UserSummary>>() { });
    }

    @Override
    public List<String> userUnits() {
        return ApiJson.answer(calls.get("/directory/units", token.get()), new ApiJson.JavaTypeRef<List<String>>() { });
    }

    @Override
    public List<UserSummary> usersIn(String unitDn, int limit) {
        return ApiJson.answer(calls.get("/directory/unit-users?dn=" + ApiCalls.encode(unitDn) + "&limit="
                + Math.min(limit, MAX_ROWS), token.get()), new ApiJson.JavaTypeRef<List<UserSummary>>() { });
    }

    @Override
    public List<Mapping> mappings() {
        return mappings.mappings();
    }
}
