package io.rolegate.engine.admin;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4, for tests: every line is blank, a comment, or a sample
 * {@code name{label="value",...} number}; every sample belongs to a family announced by HELP and TYPE before it;
 * no sample appears twice. Fails with the offending line.
 */
final class PrometheusParser {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(?:" + LABEL + "(?:," + LABEL
            + ")*)?\\})? (\\S+)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .+");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Set<String> HISTOGRAM_SUFFIXES = Set.of("_bucket", "_sum", "_count");

    /** Samples keyed by name and labels exactly as written, e.g. {@code rolegate_bytes_total{direction="in"}}. */
    static Map<String, Double> parse(String page) {
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new java.util.HashSet<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : page.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                if (!helped.add(m.group(1))) {
                    throw fail(lineNo, line, "second HELP for " + m.group(1));
                }
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (types.put(m.group(1), m.group(2)) != null) {
                    throw fail(lineNo, line, "second TYPE for " + m.group(1));
                }
            } else if (line.startsWith("#")) {
                continue;
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String family = family(m.group(1), types);
                if (family == null || !helped.contains(family)) {
                    throw fail(lineNo, line, "sample before its family's HELP and TYPE");
                }
                String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
                if (samples.put(key, number(m.group(3), lineNo, line)) != null) {
                    throw fail(lineNo, line, "sample given twice");
                }
            } else {
                throw fail(lineNo, line, "neither comment, blank nor sample");
            }
        }
        if (!page.endsWith("\n")) {
            throw new AssertionError("the page must end with a line feed");
        }
        return samples;
    }

    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : HISTOGRAM_SUFFIXES) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                // a summary has _sum and _count (quantiles, when present, are samples of the base name)
                if ("histogram".equals(types.get(base))
                        || ("summary".equals(types.get(base)) && !suffix.equals("_bucket"))) {
                    return base;
                }
            }
        }
        return null;
    }

    private static double number(String text, int lineNo, String line) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw fail(lineNo, line, "not a number: " + text);
                }
        }
    }

    private static AssertionError fail(int lineNo, String line, String why) {
        return new AssertionError("line " + lineNo + ": " + why + ": " + line);
    }
}
