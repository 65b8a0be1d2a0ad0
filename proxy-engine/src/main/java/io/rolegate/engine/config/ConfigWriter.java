package io.rolegate.engine.config;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.util.ArrayList;
import java.util.List;

import static io.rolegate.engine.config.YamlNodes.bool;
import static io.rolegate.engine.config.YamlNodes.duration;
import static io.rolegate.engine.config.YamlNodes.entry;
import static io.rolegate.engine.config.YamlNodes.number;
import static io.rolegate.engine.config.YamlNodes.path;
import static io.rolegate.engine.config.YamlNodes.section;
import static io.rolegate.engine.config.YamlNodes.text;
import static io.rolegate.engine.config.YamlNodes.texts;
import static io.rolegate.engine.config.YamlNodes.variable;

/**
 * Writes a configuration as YAML that {@link ConfigLoader} reads back to an equal configuration: every key
 * written out (defaults included, so the file documents them), in the order the loader documents, absent files
 * left out. Durations are written in ms, s, m or h, so a duration finer than a millisecond cannot be written.
 */
public final class ConfigWriter {
    private ConfigWriter() {
    }

    /** Written instead of {@code directory.bindPassword}: exports never hold a secret's value. */
    public static final String LDAP_PASSWORD_VARIABLE = "ROLEGATE_LDAP_PASSWORD";
    /** Written instead of {@code store.password}. */
    public static final String STORE_PASSWORD_VARIABLE = "ROLEGATE_STORE_PASSWORD";
    /** Written instead of {@code upstream.admin.password}. */
    public static final String ADMIN_PASSWORD_VARIABLE = "ROLEGATE_ADMIN_PASSWORD";

    /**
     * The configuration as YAML. Secrets are never written: each becomes a {@code ${...}} reference (see the
     * constants above), explained in a comment at the top, so loading the export needs those variables set.
     *
     * @throws IllegalArgumentException when a duration is negative or finer than a millisecond
     */
    public static String toYaml(RolegateConfig c) {
        UpstreamAdminConfig admin = c.upstream().admin();
        MappingNode root = section(
                entry("listen", listen(c.listen())),
                entry("upstream", section(
                        entry("host", c.upstream().hosts().size() == 1 ? text(c.upstream().host()) : null),
                        entry("port", c.upstream().hosts().size() == 1 ? number(c.upstream().port()) : null),
                        entry("hosts", c.upstream().hosts().size() == 1 ? null : YamlNodes.texts(
                                c.upstream().hosts().stream().map(UpstreamHost::toString).toList())),
                        entry("targetSessionAttrs", text(YamlNames.of(c.upstream().targetSessionAttrs()))),
                        entry("connectTimeout", duration(c.upstream().connectTimeout())),
                        entry("tls", text(YamlNames.of(c.upstream().tls()))),
                        entry("rootCert", path(c.upstream().rootCert())),
                        entry("keepIdle", c.upstream().keepsIdleConnections()
                                ? duration(c.upstream().keepIdle()) : null),
                        entry("maxIdlePerUser", c.upstream().keepsIdleConnections()
                                ? number(c.upstream().maxIdlePerUser()) : null),
                        entry("admin", admin == null ? null : section(
                                entry("user", text(admin.user())),
                                entry("password", variable(ADMIN_PASSWORD_VARIABLE)),
                                entry("database", text(admin.database())),
                                entry("targetSessionAttrs", text(YamlNames.of(admin.targetSessionAttrs()))),
                                entry("allowPasswordWithoutTls", admin.allowPasswordWithoutTls()
                                        ? bool(true) : null))))),
                entry("auth", auth(c.auth())),
                entry("limits", section(
                        entry("maxClientConnections", number(c.limits().maxClientConnections())),
                        entry("startupTimeout", duration(c.limits().startupTimeout())),
                        entry("maxStartupPacket", number(c.limits().maxStartupPacket())),
                        entry("shutdownGrace", duration(c.limits().shutdownGrace())),
                        entry("drainDelay", duration(c.limits().drainDelay())),
                        entry("maxPendingPerSource", number(c.limits().maxPendingPerSource())),
                        entry("keepalive", section(
                                entry("idle", duration(c.limits().keepalive().idle())),
                                entry("interval", duration(c.limits().keepalive().interval())),
                                entry("count", number(c.limits().keepalive().count())),
                                entry("userTimeout", duration(c.limits().keepalive().userTimeout())))),
                        entry("loginThrottle", section(
                                entry("perUser", number(c.limits().loginThrottle().perUser())),
                                entry("perSource", number(c.limits().loginThrottle().perSource())),
                                entry("window", duration(c.limits().loginThrottle().window())),
                                entry("maxTracked", number(c.limits().loginThrottle().maxTracked())))),
                        entry("loginMemory", section(
                                entry("maxEntries", number(c.limits().loginMemory().maxEntries())),
                                entry("maxBytes", number((int) Math.min(Integer.MAX_VALUE, c.limits().loginMemory().maxBytes()))))),
                        entry("loginQueue", section(
                                entry("workers", number(c.limits().loginQueue().workers())),
                                entry("adminConnections", number(c.limits().loginQueue().adminConnections())),
                                entry("maxWaiting", number(c.limits().loginQueue().maxWaiting())),
                                entry("maxWait", duration(c.limits().loginQueue().maxWait())))))),
                entry("directory", c.directory() == null ? null : DirectoryYaml.of(c.directory())),
                entry("mappings", AccessYaml.mappings(c.access().mappings())),
                entry("policies", AccessYaml.policies(c.access())),
                entry("admin", !c.admin().enabled() ? null : section(
                        entry("host", text(c.admin().host())),
                        entry("port", number(c.admin().port())))),
                entry("store", c.store().isEmbedded() ? null : section(
                        entry("url", text(c.store().url())),
                        entry("user", c.store().user() == null ? null : text(c.store().user())),
                        entry("password", c.store().password().isEmpty() ? null
                                : variable(STORE_PASSWORD_VARIABLE)),
                        // written only when set: the default leaves existing files' digest (decision 0032) alone
                        entry("poolSize", c.store().poolSize() == StoreConfig.DEFAULT_POOL_SIZE ? null
                                : number(c.store().poolSize())))),
                entry("console", !c.console().anyGroup() ? null
                        : section(entry("adminGroup", text(c.console().adminGroup())),
                                entry("readOnlyGroup", text(c.console().readOnlyGroup())),
                                entry("auditorGroup", text(c.console().auditorGroup())))),
                entry("api", ApiYaml.of(c.api())),
                entry("exports", ExportsYaml.of(c.exports())));
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
        return secretsNote(c) + out;
    }

    private static String secretsNote(RolegateConfig c) {
        List<String> held = new ArrayList<>();
        if (c.directory() != null && DirectoryYaml.writesPassword(c.directory())) {
            held.add("directory.bindPassword reads ${" + LDAP_PASSWORD_VARIABLE + "}");
        }
        if (c.upstream().admin() != null) {
            held.add("upstream.admin.password reads ${" + ADMIN_PASSWORD_VARIABLE + "}");
        }
        if (!c.store().isEmbedded() && !c.store().password().isEmpty()) {
            held.add("store.password reads ${" + STORE_PASSWORD_VARIABLE + "}");
        }
        held.addAll(ExportsYaml.secretsNote(c.exports()));
        if (held.isEmpty()) {
            return "";
        }
        return "# Secrets are never exported: " + String.join(", ", held) + ".\n"
                + "# Set those environment variables, or replace a reference with {file: /path/to/secret} (chmod 600).\n";
    }

    private static Node auth(AuthConfig a) {
        ClientCertificateConfig cert = a.clientCertificate();
        return section(entry("mode", text(YamlNames.of(a.mode()))),
                entry("clientCertificate", cert == null ? null : section(
                        entry("attribute", text(YamlNames.of(cert.attribute()))),
                        entry("filter", text(cert.filter())))));
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
                        entry("selfSigned", bool(tls.selfSigned())),
                        entry("clientCa", path(tls.clientCa())),
                        entry("clientCrl", path(tls.clientCrl())))),
                entry("allowCleartextOnLoopback", bool(l.allowCleartextOnLoopback())),
                entry("proxyProtocol", !l.proxyProtocol().enabled() ? null : section(
                        entry("trustedProxies", texts(l.proxyProtocol().trustedProxies().stream()
                                .map(Object::toString).toList())))));
    }
}
