package io.rolegate.engine.trace;

import java.util.List;
import java.util.Map;

/** One line per trace entry for the console's table: the fields a DBA looks for first, cut to a width. */
final class Summaries {
    private Summaries() {
    }

    static String of(String type, int count, long bytes, Map<String, Object> f, int width) {
        String s = switch (type) {
            case "Query" -> str(f, "text");
            case "Parse" -> named(f, "statement") + str(f, "text") + (num(f, "parameterTypes") == 0 ? ""
                    : " ·" + counted(f, "parameterTypes", "parameter type"));
            case "Bind" -> (str(f, "statement").isEmpty() ? "unnamed statement" : "statement " + str(f, "statement"))
                    + "," + counted(f, "parameters", "parameter") + formats(f.get("parameterFormats"));
            case "Describe", "Close" -> str(f, "kind") + " " + quoted(str(f, "name"));
            case "Execute" -> "portal " + quoted(str(f, "portal"))
                    + (num(f, "maxRows") == 0 ? "" : ", at most " + num(f, "maxRows") + " rows");
            case "RowDescription" -> columns(f);
            case "DataRow" -> (count == 1 ? "1 row" : count + " rows") + " of " + num(f, "columns")
                    + " columns, " + bytes + " bytes";
            case "CopyData" -> (count == 1 ? "1 message" : count + " messages") + ", " + bytes + " bytes";
            case "CommandComplete" -> str(f, "tag");
            case "ErrorResponse", "NoticeResponse" -> str(f, "severity") + " " + str(f, "sqlstate") + ": "
                    + str(f, "message");
            case "ParameterStatus" -> str(f, "name") + " = " + str(f, "value");
            case "ReadyForQuery" -> str(f, "status");
            case "ParameterDescription" -> counted(f, "parameters", "parameter").trim();
            case "CopyInResponse", "CopyOutResponse", "CopyBothResponse" -> str(f, "format") + ", "
                    + num(f, "columns") + " columns";
            case "NotificationResponse" -> "channel " + str(f, "channel");
            case "CopyFail" -> str(f, "message");
            default -> "";
        };
        s = s.strip().replace('\n', ' ').replace('\r', ' ');
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    private static String str(Map<String, Object> f, String key) {
        Object v = f.get(key);
        return v == null ? "" : v.toString();
    }

    private static long num(Map<String, Object> f, String key) {
        return f.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static String quoted(String name) {
        return name.isEmpty() ? "(unnamed)" : name;
    }

    private static String named(Map<String, Object> f, String key) {
        String name = str(f, key);
        return name.isEmpty() ? "" : name + ": ";
    }

    private static String counted(Map<String, Object> f, String key, String noun) {
        if (!f.containsKey(key)) {
            return "";
        }
        long n = num(f, key);
        return " " + n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String formats(Object list) {
        return list instanceof List<?> l && !l.isEmpty() ? " " + l : "";
    }

    private static String columns(Map<String, Object> f) {
        StringBuilder b = new StringBuilder();
        if (f.get("names") instanceof List<?> names && f.get("types") instanceof List<?> types) {
            for (int i = 0; i < names.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(names.get(i)).append(i < types.size() ? " " + types.get(i) : "");
            }
        }
        return b.isEmpty() ? num(f, "columns") + " columns" : b.toString();
    }
}
