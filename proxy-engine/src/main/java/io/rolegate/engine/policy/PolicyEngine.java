package io.rolegate.engine.policy;

import io.rolegate.engine.api.model.Mapping;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import io.rolegate.engine.directory.DirectoryUser;
import io.rolegate.engine.directory.ResolvedGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides a login: pure functions of the user, the request, the mappings and the rules, so each decision can be
 * unit-tested, previewed in the console and replayed from the audit log.
 *
 * <p>Order: network (before any directory work), account state, user filter, time window, mapped roles, database
 * allow-lists, session limit. Cheap and broad checks come first; the session limit comes last so a login that would
 * be refused anyway does not report "too many connections".
 */
public final class PolicyEngine {
    private PolicyEngine() {
    }

    /** The check that runs before the password is even asked for: the client's network. */
    public static Optional<Decision.Deny> beforeAuthentication(RequestContext request, PolicyRules rules) {
        if (rules.allowedSources().isEmpty()
                || rules.allowedSources().stream().anyMatch(c -> c.contains(request.clientAddress()))) {
            return Optional.empty();
        }
        String from = request.clientAddress().getHostAddress();
        return Optional.of(new Decision.Deny(DenyReason.SOURCE_NOT_ALLOWED,
                "rolegate: connections from " + from + " are not allowed; ask the DBA to add your network",
                "denied: " + from + " is in none of the allowed networks " + rules.allowedSources()));
    }

    /**
     * The decision for a user as a whole, without a session: directory facts only (account state, user filter,
     * groups and mappings, every database). Never refused for a source or a time: those are a session's facts.
     */
    public static Decision decideOnDirectoryFacts(DirectoryUser user, java.time.Instant now, List<Mapping> mappings,
                                                  PolicyRules rules) {
        RequestContext whole = new RequestContext(user.username(), null,
                java.net.InetAddress.getLoopbackAddress(), "", now, 0); // address unused: no source rules
        return decide(user, whole, mappings, rules.directoryFactsOnly());
    }

    public static Decision decide(DirectoryUser user, RequestContext request, List<Mapping> mappings,
                                  PolicyRules rules) {
        Optional<Decision.Deny> early = beforeAuthentication(request, rules);
        if (early.isPresent()) {
            return early.get();
        }
        String who = quoted(user.username());
        if (!user.accountState().isUsable()) {
            return deny(DenyReason.ACCOUNT_NOT_USABLE, "account " + who + " may not log in: "
                    + user.accountState().reason(), "directory: " + user.accountState().reason());
        }
        Optional<Decision.Deny> filter = userFilter(user, rules, who);
        if (filter.isPresent()) {
            return filter.get();
        }
        if (rules.timeWindow().isPresent() && !rules.timeWindow().get().contains(request.time())) {
            String window = rules.timeWindow().get().describe();
            return deny(DenyReason.OUTSIDE_TIME_WINDOW, "user " + who + " may connect only " + window,
                    "outside the time window " + window + " at " + request.time());
        }
        return roles(user, request, mappings, rules, who);
    }

    private static Decision roles(DirectoryUser user, RequestContext request, List<Mapping> mappings,
                                  PolicyRules rules, String who) {
        Set<String> roles = new TreeSet<>();
        List<String> because = new ArrayList<>();
        List<String> blockedByDatabase = new ArrayList<>();
        Set<String> databasesElsewhere = new TreeSet<>();
        for (Mapping mapping : mappings) {
            Optional<ResolvedGroup> group = user.group(mapping.dn());
            if (group.isEmpty()) {
                continue;
            }
            List<GroupRule> restricting = rules.groupRules().stream()
                    .filter(r -> r.dn().equals(mapping.dn()) && !r.databases().isEmpty()).toList();
            if (!restricting.isEmpty() && restricting.stream().noneMatch(r -> r.allowsDatabase(request.database()))) {
                blockedByDatabase.add(group.get().explain());
                restricting.forEach(r -> databasesElsewhere.addAll(r.databases()));
                continue;
            }
            roles.addAll(mapping.roles());
            because.add("member of " + group.get().explain() + " → roles " + String.join(", ",
                    new TreeSet<>(mapping.roles())));
        }
        if (roles.isEmpty() && !blockedByDatabase.isEmpty()) {
            return deny(DenyReason.DATABASE_NOT_ALLOWED, "user " + who + " may not connect to database "
                            + quoted(request.database()) + "; their groups allow only " + String.join(", ", databasesElsewhere),
                    "database " + request.database() + " not allowed for " + String.join(", ", blockedByDatabase));
        }
        if (roles.isEmpty()) {
            return deny(DenyReason.NO_MAPPED_ROLE, "user " + who + " is in no directory group mapped to a Postgres role",
                    "no mapping matches any of " + user.groups().size() + " groups of " + user.dn());
        }
        int max = rules.maxSessionsPerUser();
        if (max > 0 && request.liveSessions() >= max) {
            return deny(DenyReason.TOO_MANY_SESSIONS, "user " + who + " already has " + request.liveSessions()
                    + " sessions open; the limit is " + max, "session limit " + max + " reached");
        }
        SessionSettings.Merged settings = SessionSettings.merge(rules.groupRules(), user, request.database());
        String explanation = "allowed: " + String.join("; ", because);
        if (!blockedByDatabase.isEmpty()) {
            explanation += "; not for database " + request.database() + ": " + String.join(", ", blockedByDatabase);
        }
        if (!settings.notes().isEmpty()) {
            explanation += "; settings: " + String.join(", ", settings.notes());
        }
        return new Decision.Allow(roles, settings.settings(), explanation);
    }

    private static Optional<Decision.Deny> userFilter(DirectoryUser user, PolicyRules rules, String who) {
        Optional<Filter> filter = rules.userFilterParsed();
        if (filter.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (filter.get().matchesEntry(user.toEntry())) {
                return Optional.empty();
            }
            return Optional.of(deny(DenyReason.USER_FILTER, "user " + who + " does not meet the access rule "
                    + filter.get(), "entry " + user.dn() + " does not match " + filter.get()));
        } catch (LDAPException e) {
            // A filter that cannot be evaluated here (e.g. an extensible match) must not open the door.
            return Optional.of(deny(DenyReason.USER_FILTER, "user " + who + " cannot be checked against the access rule "
                    + filter.get() + "; ask the DBA", "filter cannot be evaluated: " + e.getDiagnosticMessage()));
        }
    }

    static Decision.Deny deny(DenyReason reason, String message, String explanation) {
        return new Decision.Deny(reason, "rolegate: " + message, "denied: " + explanation);
    }

    static String quoted(String s) {
        return "\"" + s + "\"";
    }
}
