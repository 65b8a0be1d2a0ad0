package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.MappingAdmin;
import io.rolegate.engine.api.model.AccessPreview;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.RoleChange;
import io.rolegate.engine.api.model.UpstreamRole;

import java.util.List;
import java.util.function.Supplier;

/** The mappings of a remote engine: read, dry run, apply (as {@code who}), and one person's access. */
final class RemoteMappings implements MappingAdmin {
    private final ApiCalls calls;
    private final Supplier<String> token;

    RemoteMappings(ApiCalls calls, Supplier<String> token) {
        this.calls = calls;
        this.token = token;
    }

    @Override
    public List<Mapping> mappings() {
        return ApiJson.answer(calls.get("/mappings", token.get()), new ApiJson.JavaTypeRef<List<Mapping>>() { });
    }

    @Override
    public List<UpstreamRole> upstreamRoles() {
        return ApiJson.answer(calls.get("/upstream/roles", token.get()),
                new ApiJson.JavaTypeRef<List<UpstreamRole>>() { });
    }

    @Override
    public List<DirectoryGroup> directoryGroups(String text, int limit) {
        return ApiJson.answer(calls.get("/directory/groups?text=" + ApiCalls.encode(text) + "&limit="
                + Math.min(limit, 1000), token.get()), new ApiJson.JavaTypeRef<List<DirectoryGroup>>() { });
    }

    @Override
    public List<RoleChange> planMappings(List<Mapping> proposed) {
        return ApiJson.answer(calls.post("/mappings/preview", body(proposed, null), token.get()),
                new ApiJson.JavaTypeRef<Bodies.Changes>() { }).changes();
    }

    @Override
    public List<RoleChange> applyMappings(List<Mapping> proposed, ConsoleIdentity who, String comment) {
        return ApiJson.answer(calls.put("/mappings", body(proposed, comment), who.token()),
                new ApiJson.JavaTypeRef<Bodies.Changes>() { }).changes();
    }

    @Override
    public AccessPreview previewAccess(String username) {
        return ApiJson.answer(calls.get("/access-preview?user=" + ApiCalls.encode(username), token.get()),
                new ApiJson.JavaTypeRef<AccessPreview>() { });
    }

    private static Bodies.Mappings body(List<Mapping> proposed, String comment) {
        return new Bodies.Mappings(proposed.stream().map(m -> new Bodies.MappingBody(m.groupDn(), m.roles()))
                .toList(), comment);
    }
}
