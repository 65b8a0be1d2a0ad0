package io.rolegate.engine.config;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a configuration as YAML that {@link ConfigLoader} reads back to an equal configuration: every key
 * written out (defaults included, so the file documents them), in the order the loader documents, absent files
 * left out. Durations are written in ms, s, m or h, so a duration finer than a millisecond cannot be written.
 */
public final class ConfigWriter {
    // words other YAML tools (YAML 1.1: PyYAML, Ansible, older SnakeYAML) would read as booleans
    private static final Set<String> YAML11_BOOLEAN_WORDS =
            Set.of("y", "n", "yes", "no", "on", "off", "true", "false");

    private ConfigWriter() {
    }

    /** @throws IllegalArgumentException when a duration is negative or finer than a millisecond */
    public static String toYaml(RolegateConfig c) {
        MappingNode root = section(
                entry("listen", listen(c.listen())),
                entry("upstream", section(
                        entry("host", text(c.upstream().host())),
                        entry("port", number(c.upstream().port())),
                        entry("tls", text(YamlNames.of(c.upstream().tls()))),
                        entry("rootCert", path(c.upstream().rootCert())))),
                entry("auth", section(entry("mode", text(YamlNames.of(c.auth().mode()))))),
                entry("limits", section(
                        entry("maxClientConnections", number(c.limits().maxClientConnections())),
                        entry("startupTimeout", duration(c.limits().startupTimeout())),
                        entry("maxStartupPacket", number(c.limits().maxStartupPacket())),
                        entry("shutdownGrace", duration(c.limits().shutdownGrace())))));
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setSchema(new CoreSchema())
                .setIndent(2)
                .build();
        StringBuilder out = new StringBuilder();
        new Dump(settings).dumpNode(root, new StreamDataWriter() {
            @Override
            public void write(String s) {
                out.append(s);
            }

            @Override
            public void write(String s, int off, int len) {
                out.append(s, off, off + len);
            }
        });
        return out.toString();
    }

    private static Node listen(ListenConfig l) {
        ListenTlsConfig tls = l.tls();
        return section(
                entry("host", text(l.host())),
                entry("port", number(l.port())),
                entry("tls", section(
                        entry("mode", text(YamlNames.of(tls.mode()))),
                        entry("certificate", path(tls.certificate())),
                        entry("key", path(tls.key())),
                        entry("selfSigned", bool(tls.selfSigned())))),
                entry("allowCleartextOnLoopback", bool(l.allowCleartextOnLoopback())));
    }

    private static MappingNode section(NodeTuple... entries) {
        List<NodeTuple> present = new ArrayList<>();
        for (NodeTuple e : entries) {
            if (e != null) {
                present.add(e);
            }
        }
        return new MappingNode(Tag.MAP, present, FlowStyle.BLOCK);
    }

    /** Null for an absent value (a path not set), which {@link #section} leaves out. */
    private static NodeTuple entry(String key, Node value) {
        return value == null ? null : new NodeTuple(new ScalarNode(Tag.STR, key, ScalarStyle.PLAIN), value);
    }

    private static Node text(String value) {
        // "${" would be taken for an environment variable on the way back in
        String escaped = EnvSubstitution.escape(value);
        ScalarStyle style = YAML11_BOOLEAN_WORDS.contains(escaped.toLowerCase(Locale.ROOT))
                ? ScalarStyle.DOUBLE_QUOTED : ScalarStyle.PLAIN;
        return new ScalarNode(Tag.STR, escaped, style);
    }

    private static Node path(Path p) {
        return p == null ? null : text(p.toString());
    }

    private static Node number(int n) {
        return new ScalarNode(Tag.INT, Integer.toString(n), ScalarStyle.PLAIN);
    }

    private static Node bool(boolean b) {
        return new ScalarNode(Tag.BOOL, Boolean.toString(b), ScalarStyle.PLAIN);
    }

    private static Node duration(Duration d) {
        return new ScalarNode(Tag.STR, Durations.format(d), ScalarStyle.PLAIN);
    }
}
