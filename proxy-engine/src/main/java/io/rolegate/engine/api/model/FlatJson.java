package io.rolegate.engine.api.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the small flat JSON objects audit records carry in their details (strings, numbers, booleans, null, and
 * lists of strings — what the engine's AuditDetails writes), in their order. Anything else is refused, and the
 * caller shows the text as it is.
 */
public final class FlatJson {
    private final String text;
    private int at;

    private FlatJson(String text) {
        this.text = text;
    }

    /** The fields in order; values are String, Long, Double, Boolean, null or List of String. */
    public static Map<String, Object> parse(String json) {
        FlatJson p = new FlatJson(json);
        Map<String, Object> out = p.object();
        p.space();
        if (p.at != json.length()) {
            throw p.fail("text after the object");
        }
        return out;
    }

    private Map<String, Object> object() {
        expect('{');
        Map<String, Object> fields = new LinkedHashMap<>();
        if (peek() == '}') {
            at++;
            return fields;
        }
        while (true) {
            String key = string();
            expect(':');
            fields.put(key, value());
            char c = next();
            if (c == '}') {
                return fields;
            }
            if (c != ',') {
                throw fail("expected , or }");
            }
        }
    }

    private Object value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '[') {
            at++;
            List<String> items = new ArrayList<>();
            if (peek() == ']') {
                at++;
                return items;
            }
            while (true) {
                items.add(string());
                char d = next();
                if (d == ']') {
                    return items;
                }
                if (d != ',') {
                    throw fail("expected , or ]");
                }
            }
        }
        int start = at;
        while (at < text.length() && "{}[],: \t\r\n\"".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        String word = text.substring(start, at);
        return switch (word) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> number(word);
        };
    }

    private Object number(String word) {
        try {
            return word.contains(".") || word.contains("e") || word.contains("E") ? (Object) Double.valueOf(word)
                    : (Object) Long.valueOf(word);
        } catch (NumberFormatException e) {
            throw fail("not a value: " + word);
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                break;
            }
            char e = text.charAt(at++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw fail("short \\u escape");
                    }
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> out.append(e);
            }
        }
        throw fail("unterminated string");
    }

    private void expect(char c) {
        if (next() != c) {
            throw fail("expected " + c);
        }
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private char peek() {
        space();
        if (at >= text.length()) {
            throw fail("unexpected end");
        }
        return text.charAt(at);
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException fail(String why) {
        return new IllegalArgumentException("details are not a flat JSON object at " + at + ": " + why);
    }
}
