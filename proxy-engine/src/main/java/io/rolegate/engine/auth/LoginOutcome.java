package io.rolegate.engine.auth;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** How a directory login ended: a managed role to log in as, or a refusal the client is told about. */
public sealed interface LoginOutcome {

    /**
     * @param role       the managed login role (provisioned and in agreement with the directory)
     * @param generation the password generation of that role
     * @param roles      the mapped roles it holds
     * @param settings   session settings applied at startup
     * @param userDn     the directory entry that authenticated
     * @param executed   the provisioning SQL run for this login (empty when the role already agreed)
     * @param groups     every group the entry is in (nested ones too), as normalized DNs: the session's facts for
     *                   policies decided at admission ({@code policies.record})
     */
    record Granted(String role, int generation, Set<String> roles, Map<String, String> settings, String userDn,
                   String explanation, List<String> executed, Set<String> groups) implements LoginOutcome {
        public Granted {
            groups = Set.copyOf(groups);
        }
    }

    /** The normalized DNs of every group {@code user} is in. */
    static Set<String> groupsOf(io.rolegate.engine.directory.DirectoryUser user) {
        return user.groups().stream().map(g -> g.dn().toNormalizedString())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    record Refused(String sqlState, String message, String explanation) implements LoginOutcome {
    }

    /**
     * Refused by {@code limits.loginThrottle} without asking the directory; {@code firstOfBurst}: the first such
     * refusal since the limit was reached, the one the audit records (the rest of the burst is not recorded).
     */
    record Throttled(String sqlState, String message, boolean firstOfBurst) implements LoginOutcome {
    }
}
