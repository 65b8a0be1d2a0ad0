package io.rolegate.engine.config;

import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.rolegate.engine.config.YamlNodes.bool;
import static io.rolegate.engine.config.YamlNodes.duration;
import static io.rolegate.engine.config.YamlNodes.entry;
import static io.rolegate.engine.config.YamlNodes.number;
import static io.rolegate.engine.config.YamlNodes.path;
import static io.rolegate.engine.config.YamlNodes.section;
import static io.rolegate.engine.config.YamlNodes.text;
import static io.rolegate.engine.config.YamlNodes.variable;

/** Writes {@code exports:} for {@link ConfigWriter}; a webhook's secret becomes a variable reference. */
final class ExportsYaml {
    /** Written instead of the first webhook's secret; later webhooks get _2, _3, ... */
    static final String WEBHOOK_SECRET_VARIABLE = "ROLEGATE_WEBHOOK_SECRET";

    private ExportsYaml() {
    }

    static Node of(List<ExportConfig> exports) {
        if (exports.isEmpty()) {
            return null;
        }
        List<Node> items = new ArrayList<>();
        int webhooks = 0;
        for (ExportConfig e : exports) {
            String key = switch (e.type()) {
                case SYSLOG -> "address";
                case WEBHOOK -> "url";
                case OTLP -> "endpoint";
            };
            boolean syslog = e.type() == ExportConfig.Type.SYSLOG;
            Node secret = null;
            if (e.type() == ExportConfig.Type.WEBHOOK) {
                webhooks++;
                secret = secret(e, webhooks);
            }
            items.add(section(
                    entry("type", text(e.type().name().toLowerCase(java.util.Locale.ROOT))),
                    entry("name", text(e.name())),
                    entry(key, text(e.target().toString())),
                    entry("tls", syslog ? bool(e.tls()) : null),
                    entry("format", syslog ? text("rfc5424") : null),
                    entry("facility", syslog ? text(facilityName(e.facility())) : null),
                    entry("secret", secret),
                    entry("ca", path(e.ca())),
                    entry("batchSize", number(e.batchSize())),
                    entry("timeout", duration(e.timeout())),
                    entry("maxBackoff", duration(e.maxBackoff())),
                    entry("warnLagRecords", number((int) e.warnLagRecords())),
                    entry("warnLagAge", duration(e.warnLagAge()))));
        }
        return new SequenceNode(Tag.SEQ, items, FlowStyle.BLOCK);
    }

    /** As it was read (the operator's variable, or its file); else the n-th webhook's default variable. */
    private static Node secret(ExportConfig e, int n) {
        String source = e.secretSource();
        if (source != null && source.startsWith("file:")) {
            return section(entry("file", text(source.substring("file:".length()))));
        }
        return variable(source != null ? source : secretVariable(n));
    }

    /** The variable the n-th webhook's secret (1-based) is written as when nothing else is known. */
    static String secretVariable(int n) {
        return n == 1 ? WEBHOOK_SECRET_VARIABLE : WEBHOOK_SECRET_VARIABLE + "_" + n;
    }

    private static String facilityName(int code) {
        return ExportsBinder.FACILITIES.entrySet().stream().filter(f -> f.getValue() == code)
                .map(Map.Entry::getKey).findFirst().orElse("authpriv");
    }

    /** For the comment at the top of an export: where each webhook's secret is read from. */
    static List<String> secretsNote(List<ExportConfig> exports) {
        List<String> out = new ArrayList<>();
        int n = 0;
        for (ExportConfig e : exports) {
            if (e.type() == ExportConfig.Type.WEBHOOK) {
                n++;
                String source = e.secretSource();
                out.add("the secret of webhook " + e.target() + " reads " + (source != null && source.startsWith("file:")
                        ? "the file " + source.substring("file:".length()) : "${" + (source != null ? source
                        : secretVariable(n)) + "}"));
            }
        }
        return out;
    }
}
