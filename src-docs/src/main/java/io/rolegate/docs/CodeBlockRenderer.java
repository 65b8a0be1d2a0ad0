package io.rolegate.docs;

import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlWriter;

import java.util.Map;
import java.util.Set;

/**
 * Fenced code blocks: a {@code mermaid} block becomes {@code <pre class="mermaid">} (drawn by mermaid.js when the
 * site carries it, otherwise shown as its source under a note); every other block is the usual
 * {@code <pre><code class="language-x">}.
 */
final class CodeBlockRenderer implements NodeRenderer {
    static final String MERMAID = "mermaid";
    private final HtmlWriter html;
    private final boolean drawDiagrams;

    CodeBlockRenderer(HtmlNodeRendererContext context, boolean drawDiagrams) {
        this.html = context.getWriter();
        this.drawDiagrams = drawDiagrams;
    }

    static String language(FencedCodeBlock block) {
        String info = block.getInfo() == null ? "" : block.getInfo().strip();
        int space = info.indexOf(' ');
        return space < 0 ? info : info.substring(0, space);
    }

    @Override
    public Set<Class<? extends Node>> getNodeTypes() {
        return Set.of(FencedCodeBlock.class);
    }

    @Override
    public void render(Node node) {
        FencedCodeBlock block = (FencedCodeBlock) node;
        String language = language(block);
        html.line();
        if (MERMAID.equals(language)) {
            renderDiagram(block.getLiteral());
        } else {
            html.tag("pre");
            html.tag("code", language.isEmpty() ? Map.of() : Map.of("class", "language-" + language));
            html.text(block.getLiteral());
            html.tag("/code");
            html.tag("/pre");
        }
        html.line();
    }

    private void renderDiagram(String source) {
        if (drawDiagrams) {
            html.tag("pre", Map.of("class", "mermaid"));
            html.text(source);
            html.tag("/pre");
            return;
        }
        html.tag("p", Map.of("class", "diagram-note"));
        html.text("Diagram source (Mermaid). This build of the site could not vendor mermaid.js from the npm"
                + " registry, so the diagram is shown as text.");
        html.tag("/p");
        html.tag("pre", Map.of("class", "diagram-source"));
        html.tag("code");
        html.text(source);
        html.tag("/code");
        html.tag("/pre");
    }
}
