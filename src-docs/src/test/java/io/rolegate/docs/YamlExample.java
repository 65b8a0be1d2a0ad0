package io.rolegate.docs;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A YAML code block of a page that looks like a Rolegate configuration: it has one of the top-level sections at the
 * start of a line. A block right after the HTML comment {@code <!-- not-a-config -->} is deliberately partial and
 * left out.
 *
 * @param line the line of the opening fence in the page
 */
record YamlExample(Path page, int line, String yaml) {
    static final String NOT_A_CONFIG = "<!-- not-a-config -->";
    private static final Pattern TOP_LEVEL_KEY = Pattern.compile(
            "(?m)^(listen|upstream|auth|limits|directory|mappings|policies|admin|store|exports)\\s*:");

    static List<YamlExample> in(Path page) {
        List<YamlExample> found = new ArrayList<>();
        new Markdown().parse(page).accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                String language = block.getInfo() == null ? "" : block.getInfo().strip();
                if ((language.equals("yaml") || language.equals("yml")) && !markedPartial(block)
                        && TOP_LEVEL_KEY.matcher(block.getLiteral()).find()) {
                    int line = block.getSourceSpans().isEmpty() ? 0 : block.getSourceSpans().get(0).getLineIndex() + 1;
                    found.add(new YamlExample(page, line, block.getLiteral()));
                }
            }
        });
        return found;
    }

    private static boolean markedPartial(Node block) {
        Node before = block.getPrevious();
        return before instanceof HtmlBlock html && html.getLiteral().strip().equals(NOT_A_CONFIG);
    }

    @Override
    public String toString() {
        return page.getFileName() + ":" + line;
    }
}
