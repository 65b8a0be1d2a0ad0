package io.rolegate.engine.config;

import io.rolegate.engine.policy.Cidr;
import io.rolegate.engine.policy.GroupRule;
import io.rolegate.engine.policy.PolicyRules;
import io.rolegate.engine.policy.TimeWindow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code policies:} source networks, time window, a filter on the user's entry, sessions per user, and per-group
 * database allow-lists and session settings. Absent reads as {@link PolicyRules#none()}.
 */
final class PoliciesBinder implements SectionBinder<PolicyRules> {
    static final int MAX_SESSIONS_LIMIT = 100_000;

    @Override
    public String key() {
        return "policies";
    }

    @Override
    public PolicyRules bind(SectionReader s) {
        List<Cidr> sources = s.strings("allowedSources", ValueChecks::cidr).stream().map(Cidr::parse).toList();
        Optional<TimeWindow> window = TimeWindowBinder.bind(s);
        String userFilter = s.string("userFilter", null);
        if (userFilter != null && !ValueChecks.accept(s, "userFilter", userFilter, ValueChecks::filter)) {
            userFilter = null;
        }
        // 0 = no limit, which is also what leaving the key out means
        int maxSessions = s.integer("maxSessionsPerUser", 0, 0, MAX_SESSIONS_LIMIT);
        List<GroupRule> groups = new ArrayList<>();
        for (SectionReader g : s.sections("groups")) {
            bindGroup(g).ifPresent(groups::add);
        }
        return new PolicyRules(sources, window, userFilter, maxSessions, groups);
    }

    private static Optional<GroupRule> bindGroup(SectionReader g) {
        String group = MappingsBinder.requiredDn(g, "group");
        List<String> databases = g.strings("databases", ValueChecks::notBlank);
        Map<String, String> settings = new LinkedHashMap<>();
        SectionReader section = g.section("settings");
        for (String name : section.keys()) {
            String value = section.string(name, null);
            if (!ValueChecks.accept(section, name, name, ValueChecks::settingName)) {
                continue;
            }
            if (value == null && !section.faulty(name)) {
                section.reject(name, "needs a value, e.g. statement_timeout: 30s");
            } else if (value != null) {
                settings.put(name, value);
            }
        }
        if (!g.has("databases") && !g.has("settings")) {
            g.problem("group", "a group rule needs databases: [..] or settings: {..} (or both)");
        }
        if (group == null || g.faulty("databases") || g.faulty("settings")) {
            return Optional.empty();
        }
        return Optional.of(new GroupRule(group, new LinkedHashSet<>(databases), settings));
    }
}
