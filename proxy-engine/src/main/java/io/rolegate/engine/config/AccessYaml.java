package io.rolegate.engine.config;

import io.rolegate.engine.policy.Cidr;
import io.rolegate.engine.policy.GroupRule;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.policy.PolicyRules;
import io.rolegate.engine.policy.TimeWindow;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeSet;

import static io.rolegate.engine.config.YamlNodes.entry;
import static io.rolegate.engine.config.YamlNodes.number;
import static io.rolegate.engine.config.YamlNodes.section;
import static io.rolegate.engine.config.YamlNodes.text;
import static io.rolegate.engine.config.YamlNodes.texts;

/** The {@code mappings:} and {@code policies:} sections as YAML. Role and database sets are written sorted. */
final class AccessYaml {
    private AccessYaml() {
    }

    static Node mappings(List<Mapping> mappings) {
        List<Node> items = new ArrayList<>();
        for (Mapping m : mappings) {
            items.add(section(entry("group", text(m.groupDn())), entry("roles", texts(new TreeSet<>(m.roles())))));
        }
        return new SequenceNode(Tag.SEQ, items, FlowStyle.BLOCK);
    }

    static Node policies(AccessConfig access) {
        PolicyRules p = access.policies();
        QueryCaptureConfig capture = access.queryCapture();
        RecordingConfig record = access.recording();
        List<Node> groups = new ArrayList<>();
        for (GroupRule g : p.groupRules()) {
            groups.add(section(
                    entry("group", text(g.groupDn())),
                    entry("databases", texts(new TreeSet<>(g.databases()))),
                    entry("settings", settings(g))));
        }
        return section(
                entry("allowedSources", texts(p.allowedSources().stream().map(Cidr::toString).toList())),
                entry("timeWindow", p.timeWindow().map(AccessYaml::timeWindow).orElse(null)),
                entry("userFilter", text(p.userFilter())),
                entry("maxSessionsPerUser", number(p.maxSessionsPerUser())),
                entry("groups", new SequenceNode(Tag.SEQ, groups, FlowStyle.BLOCK)),
                // written only when set, so stores and exports from before capture existed stay unchanged
                entry("captureQueries", capture.mode() == CaptureMode.OFF ? null : text(YamlNames.of(capture.mode()))),
                entry("captureQueriesByRole", capture.byRole().isEmpty() ? null : section(capture.byRole().entrySet()
                        .stream().map(e -> entry(e.getKey(), text(YamlNames.of(e.getValue())))).toList(),
                        FlowStyle.BLOCK)),
                entry("record", record.isOff() ? null : section(
                        entry("groups", record.groups().isEmpty() ? null : texts(record.groups())),
                        entry("roles", record.roles().isEmpty() ? null : texts(record.roles())))));
    }

    private static Node timeWindow(TimeWindow w) {
        List<String> days = EnumSet.copyOf(w.days()).stream().map(TimeWindowBinder::dayName).toList();
        return section(List.of(
                entry("days", texts(days)),
                entry("from", text(w.from().toString())),
                entry("to", text(w.to().toString())),
                entry("zone", text(w.zone().getId()))), FlowStyle.FLOW);
    }

    private static Node settings(GroupRule g) {
        List<NodeTuple> entries = new ArrayList<>();
        g.settings().forEach((name, value) -> entries.add(entry(name, text(value))));
        return section(entries, FlowStyle.FLOW);
    }
}
