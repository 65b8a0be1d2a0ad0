package io.rolegate.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SiteBuilderTest {
    @TempDir
    Path dir;

    @Test
    void pagesAreRenderedInTheSharedTemplateWithLinksPointingAtTheSite() throws IOException {
        Path docs = fixture();

        new SiteBuilder(DocSources.scan(docs, dir.resolve("README.md")), dir.resolve("site"), Optional.empty()).build();

        String index = Files.readString(dir.resolve("site/index.html"));
        assertThat(index).contains("<title>Overview — Rolegate</title>", "href=\"assets/site.css\"",
                "<a href=\"quick-start.html\">Quick start</a>", "href=\"decisions/0001-x.html#why\"",
                "href=\"readme.html\">README</a>", "<td>listen</td>", "id=\"the-proxy\"",
                "src=\"images/shot.png\"", "href=\"../repo/run\"");
        assertThat(index.indexOf("quick-start.html")).isLessThan(index.indexOf("decisions/0001-x.html"));
        assertThat(index.indexOf("decisions/0001-x.html\">")).isLessThan(index.indexOf("changelog.html"));
        String decision = Files.readString(dir.resolve("site/decisions/0001-x.html"));
        assertThat(decision).contains("href=\"../assets/site.css\"", "href=\"../index.html#the-proxy\"",
                "aria-current=\"page\"");
        assertThat(dir.resolve("site/images/shot.png")).hasContent("png");
        assertThat(dir.resolve("site/assets/site.css")).exists();
    }

    @Test
    void withoutMermaidDiagramsAreShownAsTextWithANote() throws IOException {
        Path docs = fixture();

        SiteBuilder builder = new SiteBuilder(DocSources.scan(docs, null), dir.resolve("site"), Optional.empty());
        builder.build();

        String page = Files.readString(dir.resolve("site/index.html"));
        assertThat(builder.drawsDiagrams()).isFalse();
        assertThat(page).contains("class=\"diagram-note\"", "<pre class=\"diagram-source\"><code>sequenceDiagram")
                .doesNotContain("<script");
    }

    @Test
    void withMermaidTheScriptIsVendoredAndDiagramsAreDrawn() throws IOException {
        Path docs = fixture();
        Path js = dir.resolve("npm/package/dist/mermaid.min.js");
        Files.createDirectories(js.getParent());
        Files.writeString(js, "globalThis.mermaid = {};");

        new SiteBuilder(DocSources.scan(docs, null), dir.resolve("site"), Optional.of(js)).build();

        assertThat(Files.readString(dir.resolve("site/index.html")))
                .contains("<pre class=\"mermaid\">sequenceDiagram\nA-&gt;&gt;B: hi\n</pre>",
                        "<script src=\"assets/mermaid.min.js\"></script>");
        assertThat(Files.readString(dir.resolve("site/quick-start.html"))).doesNotContain("<script");
        assertThat(dir.resolve("site/assets/mermaid.min.js")).exists();
    }

    @Test
    void aRebuildRemovesPagesThatNoLongerExist() throws IOException {
        Path docs = fixture();
        Files.writeString(dir.resolve("site-old.md"), "x");
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/stale.html"), "old");

        new SiteBuilder(DocSources.scan(docs, null), dir.resolve("site"), Optional.empty()).build();

        assertThat(dir.resolve("site/stale.html")).doesNotExist();
    }

    private Path fixture() throws IOException {
        Path docs = dir.resolve("repo/docs");
        Files.createDirectories(docs.resolve("decisions"));
        Files.createDirectories(docs.resolve("images"));
        Files.createDirectories(docs.resolve("target/site"));
        Files.writeString(docs.resolve("target/site/ignored.md"), "# build output");
        Files.writeString(docs.resolve("images/shot.png"), "png");
        Files.writeString(dir.resolve("repo/run"), "#!/bin/sh\n");
        Files.writeString(docs.resolve("index.md"), "# Overview\n\n## The proxy\n\n"
                + "[why](decisions/0001-x.md#why) ![shot](images/shot.png) [run](../run)\n\n"
                + "| key | meaning |\n|---|---|\n| listen | where |\n\n"
                + "```mermaid\nsequenceDiagram\nA->>B: hi\n```\n");
        Files.writeString(docs.resolve("quick-start.md"), "# Quick start\n");
        Files.writeString(docs.resolve("changelog.md"), "# Changelog\n");
        Files.writeString(docs.resolve("decisions/0001-x.md"), "# 0001 — X\n\n## Why\n\n[back](../index.md#the-proxy)\n");
        Files.writeString(dir.resolve("README.md"), "# Readme\n");
        return docs;
    }
}
