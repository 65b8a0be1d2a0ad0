package io.rolegate.console.audit;

import io.rolegate.engine.api.model.FlatJson;
import io.rolegate.console.common.Formats;
import io.rolegate.console.sessions.DetailLine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * An audit record's details as a person reads them: a change as "before → after" per field (a mapping change per
 * group: "analyst_role → analyst_role, dba_role"), the other fields by name, numbers and sizes readable — never
 * the raw JSON, unless it is not the flat object the engine writes.
 */
final class AuditChanges {
    /** The label of each line of a before/after change. */
    static final String CHANGE = "Change";
    private static final String NONE = "(none)";
    private static final String ARROW = " → ";

    private AuditChanges() {
    }

    static List<DetailLine> of(String details) {
        if (details == null || details.isBlank() || "{}".equals(details.strip())) {
            return List.of();
        }
        Map<String, Object> fields;
        try {
            fields = FlatJson.parse(details);
        } catch (IllegalArgumentException notFlat) {
            return List.of(new DetailLine("Details", details));
        }
        List<DetailLine> lines = new ArrayList<>();
        if (fields.containsKey("before") && fields.containsKey("after")) {
            lines.addAll(diff(fields.remove("before"), fields.remove("after")));
        }
        fields.forEach((key, value) -> lines.add(new DetailLine(label(key), value(key, value))));
        return lines;
    }

    /** Before → after: lists of "key -> value" entries (mappings) per key, other lists per item, else whole. */
    private static List<DetailLine> diff(Object before, Object after) {
        if (before instanceof List<?> b && after instanceof List<?> a) {
            Map<String, String> was = entries(b);
            Map<String, String> now = entries(a);
            if (was != null && now != null) {
                return entryDiff(was, now);
            }
            List<DetailLine> lines = new ArrayList<>();
            a.stream().filter(i -> !b.contains(i)).forEach(i -> lines.add(new DetailLine("Added", String.valueOf(i))));
            b.stream().filter(i -> !a.contains(i)).forEach(i -> lines.add(new DetailLine("Removed",
                    String.valueOf(i))));
            return lines.isEmpty() ? List.of(new DetailLine(CHANGE, "nothing changed")) : lines;
        }
        return List.of(new DetailLine(CHANGE, text(before) + ARROW + text(after)));
    }

    private static List<DetailLine> entryDiff(Map<String, String> was, Map<String, String> now) {
        List<DetailLine> lines = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(was.keySet());
        keys.addAll(now.keySet());
        int unchanged = 0;
        for (String key : keys) {
            String b = was.getOrDefault(key, NONE);
            String a = now.getOrDefault(key, NONE);
            if (b.equals(a)) {
                unchanged++;
            } else {
                lines.add(new DetailLine(CHANGE, shortName(key) + ": " + b + ARROW + a + "   (" + key + ")"));
            }
        }
        if (unchanged > 0) {
            lines.add(new DetailLine("Unchanged", unchanged + (unchanged == 1 ? " mapping" : " mappings")));
        }
        return lines;
    }

    /** "cn=dba,ou=groups,dc=x -> [dba_role, x]" items as group → "dba_role, x"; null when not all are such. */
    private static Map<String, String> entries(List<?> items) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object item : items) {
            String s = String.valueOf(item);
            int arrow = s.indexOf(" -> ");
            if (arrow < 0) {
                return null;
            }
            String value = s.substring(arrow + 4).strip();
            if (value.startsWith("[") && value.endsWith("]")) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(s.substring(0, arrow), value.isBlank() ? NONE : value);
        }
        return out;
    }

    /** "cn=data-team,ou=groups,dc=example,dc=org" → "data-team". */
    private static String shortName(String dn) {
        int eq = dn.indexOf('=');
        int comma = dn.indexOf(',');
        return eq < 0 ? dn : dn.substring(eq + 1, comma < 0 ? dn.length() : comma);
    }

    /** "live_sessions" → "Live sessions", "duration_ms" → "Duration". */
    static String label(String key) {
        String words = key.endsWith("_ms") ? key.substring(0, key.length() - 3) : key;
        words = words.replace('_', ' ');
        return words.isEmpty() ? key : words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }

    private static String value(String key, Object value) {
        if (value instanceof Long n) {
            if (key.endsWith("_ms")) {
                return Formats.duration(java.time.Duration.ofMillis(n));
            }
            if (key.startsWith("bytes")) {
                return Formats.bytes(n);
            }
            return Formats.count(n);
        }
        return text(value);
    }

    private static String text(Object value) {
        if (value == null) {
            return NONE;
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? NONE : String.join(", ", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
