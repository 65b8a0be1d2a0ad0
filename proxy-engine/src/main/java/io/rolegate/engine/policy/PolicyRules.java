package io.rolegate.engine.policy;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;

import java.util.List;
import java.util.Optional;

/**
 * The admin's rules, applied to every login after the directory said who the user is.
 *
 * @param allowedSources     networks clients may connect from; empty = anywhere
 * @param timeWindow         when logins are allowed; empty = any time
 * @param userFilter         LDAP filter the user's entry must match (e.g. {@code (employeeType=staff)}); null = none
 * @param maxSessionsPerUser open sessions one user may hold through the proxy; 0 = no limit
 * @param groupRules         database allow-lists and session settings per group, in precedence order
 */
public record PolicyRules(List<Cidr> allowedSources, Optional<TimeWindow> timeWindow, String userFilter,
                          int maxSessionsPerUser, List<GroupRule> groupRules) {

    public PolicyRules {
        allowedSources = List.copyOf(allowedSources);
        timeWindow = timeWindow == null ? Optional.empty() : timeWindow;
        groupRules = List.copyOf(groupRules);
        if (maxSessionsPerUser < 0) {
            throw new IllegalArgumentException("maxSessionsPerUser cannot be negative (0 = no limit)");
        }
        if (userFilter != null) {
            parsedFilter(userFilter);
        }
    }

    /** No restriction beyond the mappings. */
    public static PolicyRules none() {
        return new PolicyRules(List.of(), Optional.empty(), null, 0, List.of());
    }

    /**
     * The rules that depend on the directory alone, for a user decided without a session (a reconciliation, a
     * console preview): no source network, no time window, no session limit — those belong to a session.
     */
    public PolicyRules directoryFactsOnly() {
        return new PolicyRules(List.of(), Optional.empty(), userFilter, 0, groupRules);
    }

    public PolicyRules withAllowedSources(List<Cidr> v) {
        return new PolicyRules(v, timeWindow, userFilter, maxSessionsPerUser, groupRules);
    }

    public PolicyRules withTimeWindow(TimeWindow v) {
        return new PolicyRules(allowedSources, Optional.of(v), userFilter, maxSessionsPerUser, groupRules);
    }

    public PolicyRules withUserFilter(String v) {
        return new PolicyRules(allowedSources, timeWindow, v, maxSessionsPerUser, groupRules);
    }

    public PolicyRules withMaxSessionsPerUser(int v) {
        return new PolicyRules(allowedSources, timeWindow, userFilter, v, groupRules);
    }

    public PolicyRules withGroupRules(List<GroupRule> v) {
        return new PolicyRules(allowedSources, timeWindow, userFilter, maxSessionsPerUser, v);
    }

    Optional<Filter> userFilterParsed() {
        return userFilter == null ? Optional.empty() : Optional.of(parsedFilter(userFilter));
    }

    private static Filter parsedFilter(String text) {
        try {
            return Filter.create(text);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("policies.userFilter: " + text + " is not an LDAP filter: "
                    + e.getDiagnosticMessage(), e);
        }
    }
}
