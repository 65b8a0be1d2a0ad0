package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.model.Mapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The JSON shapes of the remote API's request and answer bodies that are not values of the facade itself. */
final class Bodies {
    private Bodies() {
    }

    /** {@code POST /login}. The password is a char array so it can be wiped once the directory has seen it. */
    record Login(String username, char[] password) {
        @Override
        public String toString() {
            return "Login[" + username + "]";
        }
    }

    /**
     * What a login gets: the bearer token (shown this once) and the level the engine decided; {@code auditor}: a
     * member of console.auditorGroup (an older engine leaves it out: read as false).
     */
    record LoggedIn(String token, Instant expires, String username, String displayName, boolean administrator,
                    String reason, boolean auditor) {
        @Override
        public String toString() {
            return "LoggedIn[" + username + "]";
        }
    }

    /** {@code GET /me}: the caller's login as the engine holds it, without its token. */
    record Me(String username, String displayName, boolean administrator, String reason, Instant expires,
              boolean auditor) {
    }

    /** {@code POST /sessions/{id}/disconnect}: why, for the client's error message and the audit. */
    /** {@code node}: the fleet node the session lives on (absent: this engine's). */
    record Disconnect(String reason, String node) {
    }

    record Disconnected(long session, boolean disconnected) {
    }

    /** A cancel's optional body: {@code node} names another node of the fleet (null: this engine's session). */
    record Cancel(String node) {
    }

    record Cancelled(long session, boolean cancelled) {
    }

    /** {@code PUT /mappings}, {@code POST /mappings/preview}: the mappings as they should be, whole. */
    record Mappings(List<MappingBody> mappings, String comment) {
        List<Mapping> toMappings() {
            if (mappings == null) {
                throw ApiError.badField("mappings", "mappings is required: the whole list of group-to-role mappings"
                        + " as it should be (an empty list removes them all)");
            }
            List<Mapping> out = new ArrayList<>();
            for (int i = 0; i < mappings.size(); i++) {
                out.add(mappings.get(i) == null ? nullMapping(i) : mappings.get(i).toMapping(i));
            }
            return out;
        }

        private static Mapping nullMapping(int i) {
            throw ApiError.badField("mappings[" + i + "]", "mappings[" + i + "] is null; expected {groupDn, roles}");
        }
    }

    record MappingBody(String groupDn, Set<String> roles) {
        Mapping toMapping(int i) {
            String at = "mappings[" + i + "]";
            if (groupDn == null) {
                throw ApiError.badField(at + ".groupDn", at + ".groupDn is required");
            }
            if (roles == null) {
                throw ApiError.badField(at + ".roles", at + ".roles is required");
            }
            try {
                return new Mapping(groupDn, roles);
            } catch (RuntimeException e) {
                throw ApiError.badField(at, at + ": " + e.getMessage());
            }
        }
    }

    record Changes(List<io.rolegate.engine.api.model.RoleChange> changes) {
    }

    /** {@code POST /mappings/undo}. */
    record Undo(String comment) {
    }

    /** {@code GET /config/versions}: a version without its text. */
    record VersionSummary(int version, Instant createdAt, String author, String comment) {
    }

    /** {@code GET /engine}: state, where it listens, connections, and the engine-wide counters. */
    record EngineSummary(String state, String listen, int openConnections, int liveSessions,
                         io.rolegate.engine.api.model.EngineMetrics metrics, String node) {
    }

    /** {@code GET /audit/count}. */
    record Count(long count) {
    }

    /** {@code GET /audit/newest}. */
    record Newest(long sequence) {
    }

    record LoggedOut(boolean loggedOut) {
    }
}
