package io.rolegate.engine.config;

import io.rolegate.engine.api.model.Mapping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** {@code mappings:} a list of {@code {group: DN, roles: [..]}}; a user gets the union over their groups. */
final class MappingsBinder {
    static final String KEY = "mappings";

    private MappingsBinder() {
    }

    static List<Mapping> bind(SectionReader root) {
        List<Mapping> out = new ArrayList<>();
        for (SectionReader m : root.sections(KEY)) {
            String group = requiredDn(m, "group");
            List<String> roles = m.strings("roles", ValueChecks::role);
            if (!m.has("roles")) {
                m.problem("roles", "a mapping needs at least one role, e.g. roles: [dba_role]");
            } else if (roles.isEmpty() && !m.faulty("roles")) {
                m.reject("roles", "a mapping needs at least one role, e.g. roles: [dba_role]");
            }
            if (group == null || roles.isEmpty() || m.faulty("roles")) {
                continue;
            }
            out.add(new Mapping(group, new LinkedHashSet<>(roles)));
        }
        return out;
    }

    /** A required DN key of a list item (mappings, policy groups); null when absent or wrong, after reporting. */
    static String requiredDn(SectionReader s, String key) {
        if (!s.has(key)) {
            s.problem(key, "is required: the group's DN, e.g. cn=dba,ou=groups,dc=example,dc=org");
            return null;
        }
        String dn = s.string(key, null);
        return dn != null && ValueChecks.accept(s, key, dn, ValueChecks::dn) ? dn : null;
    }
}
