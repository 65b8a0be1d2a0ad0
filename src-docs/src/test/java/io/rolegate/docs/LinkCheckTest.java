package io.rolegate.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LinkCheckTest {
    @TempDir
    Path dir;

    @Test
    void everyLinkAndAnchorOfTheDocumentationAndTheReadmeResolves() {
        DocSources sources = Repository.sources();
        assertThat(sources.readme()).as("the README is checked too").isPresent();
        assertThat(sources.pages()).hasSizeGreaterThan(5);

        List<LinkChecker.Problem> problems = new LinkChecker().check(sources);

        assertThat(problems).as("broken links").isEmpty();
    }

    @Test
    void aLinkToAMissingFileIsReportedWithItsLine() throws IOException {
        Path page = write("a.md", "# A\n\nSee [the guide](missing.md).\n");

        List<LinkChecker.Problem> problems = new LinkChecker().check(page);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.destination()).isEqualTo("missing.md");
            assertThat(p.reason()).startsWith("no such file");
        });
    }

    @Test
    void anAnchorMustBeAHeadingOfTheTargetPageAsTheSiteRendersIt() throws IOException {
        write("b.md", "# B\n\n## Key rotation, step by step\n");
        Path page = write("a.md", "# A\n\n[ok](b.md#key-rotation-step-by-step) [bad](b.md#key-rotation)\n"
                + "[here](#a) [nowhere](#b)\n");

        List<LinkChecker.Problem> problems = new LinkChecker().check(page);

        assertThat(problems).extracting(LinkChecker.Problem::destination)
                .containsExactly("b.md#key-rotation", "#b");
    }

    @Test
    void imagesAndRawHtmlLinksAreCheckedToo() throws IOException {
        Files.createDirectories(dir.resolve("images"));
        Files.writeString(dir.resolve("images/ok.png"), "png");
        Path page = write("a.md", "# A\n\n![ok](images/ok.png) ![gone](images/gone.png)\n\n"
                + "<p><a href=\"nope.html\">x</a></p>\n");

        assertThat(new LinkChecker().check(page)).extracting(LinkChecker.Problem::destination)
                .containsExactly("images/gone.png", "nope.html");
    }

    @Test
    void externalLinksAreOnlyCheckedForTheirForm() throws IOException {
        Path page = write("a.md", "# A\n\n[pg](https://www.postgresql.org/docs/) [mail](mailto:dba@example.org)\n"
                + "[no host](https://) [odd](ftp://example.org/x) [space](<https://exa mple.org>)\n");

        assertThat(new LinkChecker().check(page)).extracting(LinkChecker.Problem::destination)
                .containsExactly("https://", "ftp://example.org/x", "https://exa mple.org");
    }

    @Test
    void linksToRepositoryFilesOutsideTheDocsResolveFromThePage() throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("run"), "#!/bin/sh\n");
        Path page = write("docs/a.md", "# A\n\n[the script](../run) [folder](../docs/)\n");

        assertThat(new LinkChecker().check(page)).isEmpty();
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}
