package io.rolegate.engine.auth;

import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.DirectoryUser;
import io.rolegate.engine.directory.ResolvedGroup;

import java.util.List;
import java.util.Map;

/**
 * Estimated bytes a directory answer holds, for {@link BoundedTable}'s byte bound: the strings it carries (user
 * name, DN, attributes, groups with their paths) at two bytes a character, plus fixed overheads. An estimate that
 * errs high; what matters is that it grows with what a client or the directory can make it hold.
 */
final class AnswerWeights {
    private static final long OBJECT = 48;
    private static final long DN = 120;

    private AnswerWeights() {
    }

    static long of(AuthResult result) {
        if (result instanceof AuthResult.Authenticated ok) {
            return OBJECT + of(ok.user());
        }
        if (result instanceof AuthResult.AccountNotUsable unusable) {
            return OBJECT + of(unusable.user()) + BoundedTable.of(unusable.reason());
        }
        if (result instanceof AuthResult.InvalidCredentials bad) {
            return OBJECT + BoundedTable.of(bad.username());
        }
        if (result instanceof AuthResult.NoSuchUser missing) {
            return OBJECT + BoundedTable.of(missing.username()) + BoundedTable.of(missing.detail());
        }
        return OBJECT + BoundedTable.of(((AuthResult.DirectoryUnavailable) result).cause());
    }

    static long of(DirectoryUser user) {
        long bytes = OBJECT + dn(user.dn().toString()) + BoundedTable.of(user.username());
        for (Map.Entry<String, List<String>> a : user.attributes().entrySet()) {
            bytes += OBJECT + BoundedTable.of(a.getKey());
            for (String v : a.getValue()) {
                bytes += BoundedTable.of(v);
            }
        }
        for (ResolvedGroup g : user.groups()) {
            bytes += OBJECT + dn(g.dn().toString()) + (long) g.path().size() * DN;
        }
        return bytes;
    }

    private static long dn(String text) {
        return DN + BoundedTable.of(text);
    }
}
