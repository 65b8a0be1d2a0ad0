package io.rolegate.engine.api.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the small JSON object an event carries in {@code details}: strings, numbers, booleans and lists of
 * strings, in insertion order so equal details produce equal text (and so equal hashes).
 */
public final class AuditDetails {
    private final Map<String, String> fields = new LinkedHashMap<>();

    public static AuditDetails create() {
        return new AuditDetails();
    }

    public AuditDetails put(String key, String value) {
        fields.put(key, Json.quote(value));
        return this;
    }

    public AuditDetails put(String key, long value) {
        fields.put(key, Long.toString(value));
        return this;
    }

    public AuditDetails put(String key, boolean value) {
        fields.put(key, Boolean.toString(value));
        return this;
    }

    public AuditDetails put(String key, List<String> values) {
        fields.put(key, values.stream().map(Json::quote).collect(Collectors.joining(",", "[", "]")));
        return this;
    }

    public String toJson() {
        return fields.entrySet().stream()
                .map(e -> Json.quote(e.getKey()) + ":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    @Override
    public String toString() {
        return toJson();
    }
}
