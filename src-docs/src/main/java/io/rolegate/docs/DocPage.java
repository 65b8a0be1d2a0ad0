package io.rolegate.docs;

import java.nio.file.Path;

/**
 * One Markdown source and where its HTML lands in the site.
 *
 * @param source absolute path of the Markdown file
 * @param output path of the HTML file relative to the site root, with '/' separators (e.g. {@code decisions/0001-x.html})
 */
public record DocPage(Path source, String output) {

    /** How many folders deep the page sits in the site, so links to the root can be made relative. */
    public int depth() {
        return (int) output.chars().filter(c -> c == '/').count();
    }

    /** The relative prefix from this page back to the site root: "" or "../" or "../../". */
    public String toRoot() {
        return "../".repeat(depth());
    }
}
