package io.rolegate.docs;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the HTML site: every page rendered inside the shared template, the stylesheet, the images, and mermaid.js
 * when the build vendored it. Run by the Maven build in the package phase:
 * {@code SiteBuilder DOCS_DIR README SITE_DIR MERMAID_JS [SOURCE.md=OUTPUT.html ...]}; a MERMAID_JS that does not
 * exist means diagrams are shown as text.
 */
public final class SiteBuilder {
    private final DocSources sources;
    private final Path siteDir;
    private final Optional<Path> mermaid;
    private final Markdown markdown = new Markdown();

    public SiteBuilder(DocSources sources, Path siteDir, Optional<Path> mermaid) {
        this.sources = sources;
        this.siteDir = siteDir.toAbsolutePath().normalize();
        this.mermaid = mermaid.filter(Files::isRegularFile);
    }

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: SiteBuilder DOCS_DIR README SITE_DIR MERMAID_JS [SOURCE.md=OUTPUT.html ...]");
            System.exit(2);
        }
        Map<Path, String> extras = new LinkedHashMap<>();
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].lastIndexOf('=');
            if (eq <= 0) {
                System.err.println("SiteBuilder: an extra page is SOURCE.md=OUTPUT.html, not " + args[i]);
                System.exit(2);
            }
            extras.put(Path.of(args[i].substring(0, eq)), args[i].substring(eq + 1));
        }
        DocSources sources = DocSources.scan(Path.of(args[0]), Path.of(args[1]), extras);
        SiteBuilder builder = new SiteBuilder(sources, Path.of(args[2]), Optional.of(Path.of(args[3])));
        int pages = builder.build();
        System.out.println("rolegate docs: " + pages + " pages in " + builder.siteDir
                + (builder.drawsDiagrams() ? " (diagrams drawn by mermaid.js)" : " (diagrams shown as text)"));
    }

    public boolean drawsDiagrams() {
        return mermaid.isPresent();
    }

    /** Writes the whole site, replacing what was there; returns the number of pages. */
    public int build() {
        SiteFiles.deleteTree(siteDir);
        Map<DocPage, Node> documents = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        for (DocPage page : sources.pages()) {
            Node document = markdown.parse(page.source());
            documents.put(page, document);
            titles.put(page.output(), Titles.of(document, page.source().getFileName().toString()));
        }
        PageTemplate template = new PageTemplate(Navigation.order(titles));
        SiteLinks links = new SiteLinks(sources, siteDir);
        documents.forEach((page, document) -> {
            boolean diagrams = drawsDiagrams() && hasDiagram(document);
            String content = markdown.render(document, raw -> links.rewrite(page, raw), drawsDiagrams());
            SiteFiles.write(siteDir.resolve(page.output()),
                    template.wrap(page, titles.get(page.output()), content, diagrams));
        });
        copyAssets();
        return documents.size();
    }

    private void copyAssets() {
        try (InputStream css = SiteBuilder.class.getResourceAsStream("site.css")) {
            if (css == null) {
                throw new IllegalStateException("site.css is missing from the generator's resources");
            }
            Path target = siteDir.resolve(PageTemplate.STYLESHEET);
            Files.createDirectories(target.getParent());
            Files.copy(css, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stylesheet", e);
        }
        SiteFiles.copyTree(sources.imagesDir(), siteDir.resolve("images"));
        mermaid.ifPresent(js -> {
            SiteFiles.copy(js, siteDir.resolve(PageTemplate.MERMAID_SCRIPT));
            Path license = js.getParent().getParent().resolve("LICENSE");
            if (Files.isRegularFile(license)) {
                SiteFiles.copy(license, siteDir.resolve("assets/mermaid.LICENSE.txt"));
            }
        });
    }

    static boolean hasDiagram(Node document) {
        boolean[] found = {false};
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                found[0] |= CodeBlockRenderer.MERMAID.equals(CodeBlockRenderer.language(block));
            }
        });
        return found[0];
    }
}
