package io.rolegate.docs;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one Markdown dialect of the site: CommonMark with GFM tables and heading ids, as the site and its checks see it. */
public final class Markdown {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), HeadingAnchorExtension.create());
    private static final Pattern ID = Pattern.compile("<h[1-6][^>]*\\sid=\"([^\"]*)\"");
    private final Parser parser = Parser.builder().extensions(EXTENSIONS)
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();

    public Node parse(String text) {
        return parser.parse(text);
    }

    public Node parse(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Renders a document to an HTML fragment; {@code links} rewrites every link and image destination.
     * {@code drawDiagrams} says whether mermaid.js will be on the page.
     */
    public String render(Node document, UnaryOperator<String> links, boolean drawDiagrams) {
        AttributeProvider rewrite = (node, tag, attributes) -> rewrite(node, attributes, links);
        HtmlRenderer renderer = HtmlRenderer.builder()
                .extensions(EXTENSIONS)
                .attributeProviderFactory(context -> rewrite)
                .nodeRendererFactory(context -> new CodeBlockRenderer(context, drawDiagrams))
                .build();
        return renderer.render(document);
    }

    private static void rewrite(Node node, Map<String, String> attributes, UnaryOperator<String> links) {
        if (node instanceof Link && attributes.containsKey("href")) {
            attributes.put("href", links.apply(((Link) node).getDestination()));
        } else if (node instanceof Image && attributes.containsKey("src")) {
            attributes.put("src", links.apply(((Image) node).getDestination()));
        }
    }

    /** The heading ids a page has once rendered: the anchors other pages may link to. */
    public java.util.Set<String> headingIds(Node document) {
        String html = render(document, UnaryOperator.identity(), false);
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        Matcher m = ID.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
