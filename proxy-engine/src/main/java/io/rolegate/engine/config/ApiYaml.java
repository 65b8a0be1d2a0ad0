package io.rolegate.engine.config;

import org.snakeyaml.engine.v2.nodes.Node;

import static io.rolegate.engine.config.YamlNodes.bool;
import static io.rolegate.engine.config.YamlNodes.duration;
import static io.rolegate.engine.config.YamlNodes.entry;
import static io.rolegate.engine.config.YamlNodes.number;
import static io.rolegate.engine.config.YamlNodes.path;
import static io.rolegate.engine.config.YamlNodes.section;
import static io.rolegate.engine.config.YamlNodes.text;

/** {@code api:} as the configuration writer exports it; null (no section) when the API is off. */
final class ApiYaml {
    private ApiYaml() {
    }

    static Node of(ApiConfig a) {
        if (!a.enabled()) {
            return null;
        }
        return section(
                entry("host", text(a.host())),
                entry("port", number(a.port())),
                entry("tokenLifetime", duration(a.tokenLifetime())),
                entry("tls", section(
                        entry("certificate", a.certificate() == null ? null : path(a.certificate())),
                        entry("key", a.key() == null ? null : path(a.key())),
                        entry("selfSigned", a.selfSigned() ? bool(true) : null),
                        entry("clientCa", a.clientCa() == null ? null : path(a.clientCa())))));
    }
}
