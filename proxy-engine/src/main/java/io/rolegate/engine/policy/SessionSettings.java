package io.rolegate.engine.policy;

import io.rolegate.engine.directory.DirectoryUser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the session settings of every group rule that applies to a connection. Rules are read in the order the
 * admin wrote them and the first rule to set a name wins, so the outcome never depends on directory or hash order;
 * every value that lost is named in the explanation so a surprise can be traced.
 */
final class SessionSettings {
    record Merged(Map<String, String> settings, List<String> notes) {
    }

    private SessionSettings() {
    }

    static Merged merge(List<GroupRule> rules, DirectoryUser user, String database) {
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (GroupRule rule : rules) {
            if (user.group(rule.dn()).isEmpty() || !rule.allowsDatabase(database)) {
                continue;
            }
            String from = rule.dn().getRDNString();
            rule.settings().forEach((name, value) -> {
                String key = name.toLowerCase(java.util.Locale.ROOT);
                String existing = settings.get(key);
                if (existing == null) {
                    settings.put(key, value);
                    origin.put(key, from);
                    notes.add(key + "=" + value + " from " + from);
                } else if (!existing.equals(value)) {
                    notes.add(key + "=" + value + " from " + from + " ignored: " + origin.get(key)
                            + " comes first");
                }
            });
        }
        return new Merged(settings, notes);
    }
}
