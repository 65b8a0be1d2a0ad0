package io.rolegate.engine.config;

import io.rolegate.engine.directory.DirectorySettings;
import org.snakeyaml.engine.v2.nodes.Node;

import static io.rolegate.engine.config.YamlNodes.bool;
import static io.rolegate.engine.config.YamlNodes.duration;
import static io.rolegate.engine.config.YamlNodes.entry;
import static io.rolegate.engine.config.YamlNodes.number;
import static io.rolegate.engine.config.YamlNodes.path;
import static io.rolegate.engine.config.YamlNodes.section;
import static io.rolegate.engine.config.YamlNodes.text;
import static io.rolegate.engine.config.YamlNodes.texts;
import static io.rolegate.engine.config.YamlNodes.variable;

/** The {@code directory:} section as YAML, every key written; the bind password only as a placeholder. */
final class DirectoryYaml {
    private DirectoryYaml() {
    }

    /** Whether the section would hold the bind password placeholder. */
    static boolean writesPassword(DirectorySettings d) {
        return d.bindDn() != null && !d.bindPassword().isEmpty();
    }

    static Node of(DirectorySettings d) {
        return section(
                entry("urls", texts(d.urls())),
                entry("startTls", bool(d.startTls())),
                entry("allowPlainLdap", d.allowPlainLdap() ? bool(true) : null),
                entry("trustCa", path(d.trustCa())),
                entry("bindDn", text(d.bindDn())),
                entry("bindPassword", writesPassword(d) ? variable(ConfigWriter.LDAP_PASSWORD_VARIABLE) : null),
                entry("userBase", text(d.userBase())),
                entry("userFilter", text(d.userFilter())),
                entry("userDnTemplate", text(d.userDnTemplate())),
                entry("usernameAttribute", text(d.usernameAttribute())),
                entry("groupBase", text(d.groupBase())),
                entry("groupFilter", text(d.groupFilter())),
                entry("flavour", text(FlavourNames.of(d.flavour()))),
                entry("cacheTtl", duration(d.cacheTtl())),
                entry("negativeCacheTtl", duration(d.negativeCacheTtl())),
                entry("connectTimeout", duration(d.connectTimeout())),
                entry("responseTimeout", duration(d.responseTimeout())),
                entry("maxNestingDepth", number(d.maxNestingDepth())),
                entry("denyFilter", text(d.denyFilter())),
                entry("poolSize", number(d.poolSize())),
                entry("watch", text(d.watch().configName())),
                entry("pollInterval", duration(d.pollInterval())),
                entry("reconcileInterval", duration(d.reconcileInterval())),
                entry("outageGrace", duration(d.outageGrace())),
                entry("groupResolution", text(YamlNames.of(d.groupResolution()))),
                // Active Directory's name forms only: other flavours accept the account name alone
                entry("loginNames", ad(d) ? texts(d.loginNames().stream().map(f -> f.configName()).toList()) : null),
                entry("downLevelDomain", ad(d) ? text(d.downLevelDomain()) : null));
    }

    private static boolean ad(DirectorySettings d) {
        return d.flavour() == io.rolegate.engine.directory.DirectoryFlavour.ACTIVE_DIRECTORY;
    }
}
