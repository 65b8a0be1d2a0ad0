package io.rolegate.docs;

import java.nio.file.Path;

/**
 * Turns a relative destination written in one page into the one that works in the generated site: a link to
 * another page points at its HTML, an image at its copy under {@code images/}, and any other file of the repository
 * at the file itself (relative to the site folder, so it works when the site is browsed inside a checkout).
 */
public final class SiteLinks {
    private final DocSources sources;
    private final Path siteDir;

    public SiteLinks(DocSources sources, Path siteDir) {
        this.sources = sources;
        this.siteDir = siteDir.toAbsolutePath().normalize();
    }

    /** The destination to write in {@code from}'s HTML for what its Markdown says. */
    public String rewrite(DocPage from, String raw) {
        Destination d = Destination.parse(raw);
        if (d.external() || d.samePage()) {
            return d.raw();
        }
        Path target = from.source().getParent().resolve(d.path()).normalize();
        String suffix = d.fragment() == null ? "" : "#" + d.fragment();
        String inSite = sources.pageFor(target).map(DocPage::output)
                .or(() -> imageInSite(target))
                .orElse(null);
        if (inSite != null) {
            return from.toRoot() + inSite + suffix;
        }
        Path pageDir = siteDir.resolve(from.output()).getParent();
        return pageDir.relativize(target).toString().replace('\\', '/') + suffix;
    }

    private java.util.Optional<String> imageInSite(Path target) {
        Path images = sources.imagesDir();
        if (!target.startsWith(images)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("images/" + images.relativize(target).toString().replace('\\', '/'));
    }
}
