package io.rolegate.docs;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks every link and image of every page without the network: a relative destination must name an existing
 * file or folder, an anchor must be a heading id of the Markdown page it points into (as the site renders it), and
 * an external link must be a well-formed http(s) or mailto URI.
 */
public final class LinkChecker {
    private static final Set<String> EXTERNAL_SCHEMES = Set.of("http", "https", "mailto");
    private static final Pattern HTML_DESTINATION = Pattern.compile("(?i)\\s(?:href|src)\\s*=\\s*\"([^\"]*)\"");

    private final Markdown markdown = new Markdown();
    private final Map<Path, Set<String>> anchors = new HashMap<>();

    /** One broken link: the page, the line (0 when unknown), what was written and what is wrong. */
    public record Problem(Path page, int line, String destination, String reason) {
        @Override
        public String toString() {
            return page + ":" + line + ": " + destination + " — " + reason;
        }
    }

    /** Checks every page of {@code sources}, the README included. */
    public List<Problem> check(DocSources sources) {
        List<Problem> problems = new ArrayList<>();
        for (DocPage page : sources.pages()) {
            problems.addAll(check(page.source()));
        }
        return problems;
    }

    /** Checks one Markdown file. */
    public List<Problem> check(Path page) {
        Path file = page.toAbsolutePath().normalize();
        List<Problem> problems = new ArrayList<>();
        for (Written w : destinations(markdown.parse(file))) {
            String reason = problemWith(file, Destination.parse(w.destination()));
            if (reason != null) {
                problems.add(new Problem(file, w.line(), w.destination(), reason));
            }
        }
        return problems;
    }

    private record Written(String destination, int line) {
    }

    private static List<Written> destinations(Node document) {
        List<Written> found = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                found.add(new Written(link.getDestination(), line(link)));
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                found.add(new Written(image.getDestination(), line(image)));
                visitChildren(image);
            }

            @Override
            public void visit(HtmlInline html) {
                inHtml(html.getLiteral(), line(html));
            }

            @Override
            public void visit(HtmlBlock html) {
                inHtml(html.getLiteral(), line(html));
            }

            private void inHtml(String html, int line) {
                Matcher m = HTML_DESTINATION.matcher(html);
                while (m.find()) {
                    found.add(new Written(m.group(1), line));
                }
            }
        });
        return found;
    }

    private static int line(Node node) {
        List<SourceSpan> spans = node.getSourceSpans();
        return spans.isEmpty() ? 0 : spans.get(0).getLineIndex() + 1;
    }

    private String problemWith(Path page, Destination d) {
        if (d.raw().isEmpty()) {
            return "empty destination";
        }
        if (d.external()) {
            return externalProblem(d.raw());
        }
        Path target = page;
        if (!d.samePage()) {
            target = page.getParent().resolve(URLDecoder.decode(d.path(), StandardCharsets.UTF_8)).normalize();
            if (!Files.exists(target)) {
                return "no such file: " + target;
            }
        }
        if (d.fragment() == null || !isMarkdown(target)) {
            return null;
        }
        if (d.fragment().isEmpty()) {
            return "empty anchor";
        }
        Set<String> ids = anchors.computeIfAbsent(target, t -> markdown.headingIds(markdown.parse(t)));
        return ids.contains(d.fragment()) ? null : "no heading with id \"" + d.fragment() + "\" in " + target.getFileName()
                + " (it has: " + String.join(", ", ids) + ")";
    }

    private static boolean isMarkdown(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md");
    }

    private static String externalProblem(String raw) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            return "not a valid URI: " + e.getMessage();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!EXTERNAL_SCHEMES.contains(scheme)) {
            return "external links must be http, https or mailto, not \"" + scheme + "\"";
        }
        if (!scheme.equals("mailto") && (uri.getHost() == null || uri.getHost().isEmpty())) {
            return "an http(s) link needs a host";
        }
        if (scheme.equals("mailto") && (uri.getSchemeSpecificPart() == null
                || !uri.getSchemeSpecificPart().contains("@"))) {
            return "a mailto link needs an address";
        }
        return null;
    }
}
