package io.rolegate.docs;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A link or image destination as written in Markdown, split into its kind, path and fragment.
 *
 * @param raw      the destination as written
 * @param path     the path part (empty for "#anchor" and for external links)
 * @param fragment the part after '#', or null when there is none
 */
public record Destination(String raw, String path, String fragment, boolean external) {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    public static Destination parse(String raw) {
        String text = raw == null ? "" : raw.strip();
        if (SCHEME.matcher(text).find() || text.startsWith("//")) {
            return new Destination(text, "", null, true);
        }
        int hash = text.indexOf('#');
        String path = hash < 0 ? text : text.substring(0, hash);
        String fragment = hash < 0 ? null : text.substring(hash + 1);
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        return new Destination(text, path, fragment, false);
    }

    /** "#anchor" alone: a place in the same page. */
    public boolean samePage() {
        return !external && path.isEmpty();
    }

    public boolean isMarkdown() {
        return path.toLowerCase(Locale.ROOT).endsWith(".md");
    }
}
