package io.rolegate.engine.trace;

import java.util.Map;

/** The names of PostgreSQL's common built-in types by OID, for RowDescription; other types show their OID. */
final class TypeNames {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(16, "bool"), Map.entry(17, "bytea"), Map.entry(18, "char"), Map.entry(19, "name"),
            Map.entry(20, "int8"), Map.entry(21, "int2"), Map.entry(23, "int4"), Map.entry(25, "text"),
            Map.entry(26, "oid"), Map.entry(114, "json"), Map.entry(700, "float4"), Map.entry(701, "float8"),
            Map.entry(1042, "bpchar"), Map.entry(1043, "varchar"), Map.entry(1082, "date"), Map.entry(1083, "time"),
            Map.entry(1114, "timestamp"), Map.entry(1184, "timestamptz"), Map.entry(1186, "interval"),
            Map.entry(1700, "numeric"), Map.entry(2950, "uuid"), Map.entry(3802, "jsonb"),
            Map.entry(1007, "int4[]"), Map.entry(1009, "text[]"), Map.entry(705, "unknown"));

    private TypeNames() {
    }

    static String of(int oid) {
        String name = NAMES.get(oid);
        return name != null ? name : "oid " + Integer.toUnsignedString(oid);
    }
}
