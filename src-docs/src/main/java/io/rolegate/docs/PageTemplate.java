package io.rolegate.docs;

import java.util.List;
import java.util.Map;

/** The HTML around each page's content: head, the shared header with the navigation, and mermaid when needed. */
final class PageTemplate {
    static final String STYLESHEET = "assets/site.css";
    static final String MERMAID_SCRIPT = "assets/mermaid.min.js";
    /** Shorter labels than the pages' own titles, for the navigation. */
    private static final Map<String, String> LABELS = Map.of("index.html", "Overview",
            "install.html", "Service install", DocSources.README_OUTPUT, "README",
            DocSources.DOCS_README_OUTPUT, "About these docs");

    private final List<Navigation.Entry> navigation;

    PageTemplate(List<Navigation.Entry> navigation) {
        this.navigation = navigation;
    }

    String wrap(DocPage page, String title, String content, boolean withMermaid) {
        String root = page.toRoot();
        StringBuilder b = new StringBuilder(content.length() + 4096);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append(" — Rolegate</title>\n")
                .append("<link rel=\"stylesheet\" href=\"").append(root).append(STYLESHEET).append("\">\n")
                .append("</head>\n<body>\n<header>\n<a class=\"brand\" href=\"").append(root)
                .append("index.html\">Rolegate</a>\n");
        appendNavigation(b, page, root);
        b.append("</header>\n<main>\n").append(content).append("</main>\n");
        if (withMermaid) {
            b.append("<script src=\"").append(root).append(MERMAID_SCRIPT).append("\"></script>\n")
                    .append("<script>mermaid.initialize({startOnLoad: true, securityLevel: 'strict'});</script>\n");
        }
        return b.append("</body>\n</html>\n").toString();
    }

    private void appendNavigation(StringBuilder b, DocPage page, String root) {
        b.append("<nav>\n<ul>\n");
        boolean inDecisions = false;
        for (Navigation.Entry e : navigation) {
            if (e.decision() && !inDecisions) {
                b.append("<li class=\"group\">Decisions<ul>\n");
                inDecisions = true;
            } else if (!e.decision() && inDecisions) {
                b.append("</ul></li>\n");
                inDecisions = false;
            }
            String current = e.output().equals(page.output()) ? " aria-current=\"page\"" : "";
            String label = LABELS.getOrDefault(e.output(), e.title());
            b.append("<li><a href=\"").append(root).append(e.output()).append('"').append(current).append('>')
                    .append(escape(label)).append("</a></li>\n");
        }
        if (inDecisions) {
            b.append("</ul></li>\n");
        }
        b.append("</ul>\n</nav>\n");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
