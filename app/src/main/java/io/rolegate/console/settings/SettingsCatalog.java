package io.rolegate.console.settings;

import io.rolegate.engine.api.EngineSettings;

import java.util.List;
import java.util.Map;

import static io.rolegate.console.settings.SettingField.choice;
import static io.rolegate.console.settings.SettingField.flag;
import static io.rolegate.console.settings.SettingField.list;
import static io.rolegate.console.settings.SettingField.secret;
import static io.rolegate.console.settings.SettingField.text;

/** Which settings the view offers, in which sections, under which key paths of the configuration file. */
final class SettingsCatalog {
    /** The secret fields and the ${VARIABLE} each stands for in stored versions. */
    static final Map<String, String> SECRET_VARIABLES = Map.of(
            "directory.bindPassword", EngineSettings.DIRECTORY_PASSWORD,
            "upstream.admin.password", EngineSettings.UPSTREAM_ADMIN_PASSWORD);

    private SettingsCatalog() {
    }

    static List<SettingSection> sections() {
        return List.of(
                new SettingSection("Directory", "The LDAP or Active Directory server that checks passwords and"
                        + " knows the groups.", List.of(
                        list("directory.urls", "Server URLs", "ldaps://dc1.example.org, ldaps://dc2.example.org"),
                        flag("directory.startTls", "StartTLS on ldap:// URLs"),
                        choice("directory.flavour", "Flavour", "generic", "openldap", "active-directory", "389ds"),
                        text("directory.bindDn", "Service account DN", "cn=rolegate,ou=services,dc=example,dc=org"),
                        secret("directory.bindPassword", "Service account password"),
                        text("directory.userBase", "Users under", "ou=people,dc=example,dc=org"),
                        text("directory.userFilter", "User filter", "(&(objectClass=person)(uid={user}))"),
                        text("directory.groupBase", "Groups under", "ou=groups,dc=example,dc=org")),
                        SettingSection.ConnectionTest.DIRECTORY),
                new SettingSection("Upstream", "The PostgreSQL server behind the proxy, and the role Rolegate"
                        + " provisions login roles through.", List.of(
                        text("upstream.host", "Host", "db.example.org"),
                        text("upstream.port", "Port", "5432"),
                        choice("upstream.tls", "TLS", "disable", "prefer", "require", "verify-full"),
                        text("upstream.rootCert", "CA certificate (verify-full)", "/etc/rolegate/upstream-ca.pem"),
                        text("upstream.admin.user", "Admin role", "rolegate_admin"),
                        secret("upstream.admin.password", "Admin role password"),
                        text("upstream.admin.database", "Admin database", "postgres"),
                        text("upstream.keepIdle", "Keep a user's server connection after they leave", "0s (off)"),
                        text("upstream.maxIdlePerUser", "Kept connections per user, at most", "4")),
                        SettingSection.ConnectionTest.UPSTREAM),
                new SettingSection("Listener and TLS", "Where clients connect, and the certificate they see.",
                        List.of(
                        text("listen.host", "Address", "127.0.0.1"),
                        text("listen.port", "Port", "6432"),
                        choice("listen.tls.mode", "Client TLS", "off", "optional", "required"),
                        flag("listen.tls.selfSigned", "Generate a self-signed certificate"),
                        text("listen.tls.certificate", "Certificate (PEM)", "/etc/rolegate/server.crt"),
                        text("listen.tls.key", "Private key (PEM)", "/etc/rolegate/server.key"),
                        flag("listen.allowCleartextOnLoopback", "Passwords without TLS on loopback")), null),
                new SettingSection("Watchers", "How Rolegate hears about directory changes, and how often it"
                        + " re-checks everything anyway.", List.of(
                        choice("directory.watch", "Watch mode", "auto", "syncrepl", "psearch", "ad-notify", "poll",
                                "off"),
                        text("directory.pollInterval", "Poll interval", "1s"),
                        text("directory.reconcileInterval", "Full re-check every", "5m")), null),
                new SettingSection("Policies", "Rules every directory login must pass, on top of the mappings."
                        + " Leave a field empty for no rule. Per-group rules (databases, session settings) are edited"
                        + " by importing YAML.", List.of(
                        list("policies.allowedSources", "Client networks", "10.0.0.0/8, 192.168.10.0/24 — empty:"
                                + " anywhere"),
                        list("policies.timeWindow.days", "Logins allowed on", "mon, tue, wed, thu, fri — empty: any"
                                + " time"),
                        text("policies.timeWindow.from", "From (HH:MM)", "07:00"),
                        text("policies.timeWindow.to", "Until (HH:MM)", "20:00"),
                        text("policies.timeWindow.zone", "Time zone", "Europe/Paris"),
                        text("policies.userFilter", "Users must match (LDAP filter)", "(department=engineering)"),
                        text("policies.maxSessionsPerUser", "Sessions per user, at most", "0 (no limit)"),
                        choice("policies.captureQueries", "Record statements in the audit", "off", "redacted",
                                "full")), null));
    }
}
