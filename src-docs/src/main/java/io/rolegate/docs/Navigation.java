package io.rolegate.docs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order of the site's navigation: the reader's path first (overview, quick start, service install,
 * configuration, architecture, security, operations, troubleshooting, benchmarks), then the decision records,
 * the changelog, the README, and any other page in alphabetical order. A page listed here but not written yet is simply absent.
 */
public final class Navigation {
    private static final List<String> READING_ORDER = List.of("index.html", "quick-start.html", "install.html", "configuration.html", "admin-guide.html",
            "architecture.html", "security.html", "operations.html", "troubleshooting.html", "benchmarks.html");
    private static final String DECISIONS = "decisions/";
    private static final List<String> CLOSING = List.of("changelog.html", DocSources.README_OUTPUT);

    /** A navigation entry: a page's output path and the title to show. */
    public record Entry(String output, String title, boolean decision) {
    }

    private Navigation() {
    }

    /** {@code titles} maps each page's output path to its title. */
    public static List<Entry> order(Map<String, String> titles) {
        List<Entry> entries = new ArrayList<>();
        READING_ORDER.stream().filter(titles::containsKey).forEach(o -> entries.add(entry(o, titles)));
        titles.keySet().stream().filter(o -> o.startsWith(DECISIONS)).sorted()
                .forEach(o -> entries.add(new Entry(o, titles.get(o), true)));
        CLOSING.stream().filter(titles::containsKey).forEach(o -> entries.add(entry(o, titles)));
        titles.keySet().stream()
                .filter(o -> entries.stream().noneMatch(e -> e.output().equals(o)))
                .sorted(Comparator.naturalOrder())
                .forEach(o -> entries.add(entry(o, titles)));
        return entries;
    }

    private static Entry entry(String output, Map<String, String> titles) {
        return new Entry(output, titles.get(output), false);
    }
}
