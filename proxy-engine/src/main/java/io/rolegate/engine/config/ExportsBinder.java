package io.rolegate.engine.config;

import io.rolegate.engine.api.model.Secret;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code exports:} a list of receivers for the audit, e.g.
 * {@code {type: syslog, address: "tcp://siem:6514", tls: true, format: rfc5424}},
 * {@code {type: webhook, url: "https://hooks/rolegate", secret: "${ROLEGATE_WEBHOOK_SECRET}"}},
 * {@code {type: otlp, endpoint: "http://otel-collector:4318"}}.
 */
final class ExportsBinder {
    static final String KEY = "exports";
    /** RFC 5424 facility names (section 6.2.1) and their codes. */
    static final Map<String, Integer> FACILITIES = Map.ofEntries(Map.entry("kern", 0), Map.entry("user", 1),
            Map.entry("mail", 2), Map.entry("daemon", 3), Map.entry("auth", 4), Map.entry("syslog", 5),
            Map.entry("lpr", 6), Map.entry("news", 7), Map.entry("uucp", 8), Map.entry("cron", 9),
            Map.entry("authpriv", 10), Map.entry("ftp", 11), Map.entry("local0", 16), Map.entry("local1", 17),
            Map.entry("local2", 18), Map.entry("local3", 19), Map.entry("local4", 20), Map.entry("local5", 21),
            Map.entry("local6", 22), Map.entry("local7", 23));

    private ExportsBinder() {
    }

    static List<ExportConfig> bind(SectionReader root) {
        List<ExportConfig> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (SectionReader s : root.sections(KEY)) {
            ExportConfig e = one(s);
            if (e != null && !names.add(e.name())) {
                s.problem("name", "another exporter is named \"" + e.name() + "\"; each needs its own name, which"
                        + " keys its place in the audit");
            } else if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    private static ExportConfig one(SectionReader s) {
        String typeText = s.string("type", null);
        if (typeText == null) {
            if (!s.faulty("type")) {
                s.problem("type", "is required: syslog, webhook or otlp");
            }
            return null;
        }
        ExportConfig.Type type;
        try {
            type = ExportConfig.Type.valueOf(typeText.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            s.reject("type", "must be syslog, webhook or otlp, not \"" + typeText + "\"");
            return null;
        }
        URI target = switch (type) {
            case SYSLOG -> uri(s, "address", Set.of("tcp"), "tcp://siem.example.org:6514");
            case WEBHOOK -> uri(s, "url", Set.of("https"), "https://hooks.example.org/rolegate");
            case OTLP -> uri(s, "endpoint", Set.of("http", "https"), "http://otel-collector:4318");
        };
        boolean tls = type == ExportConfig.Type.SYSLOG && s.bool("tls", false);
        int facility = type == ExportConfig.Type.SYSLOG ? facility(s) : ExportConfig.DEFAULT_FACILITY;
        if (type == ExportConfig.Type.SYSLOG) {
            String format = s.string("format", "rfc5424");
            if (format != null && !format.equalsIgnoreCase("rfc5424")) {
                s.reject("format", "only rfc5424 is written (with octet-counting framing, RFC 6587/5425)");
            }
        }
        Secret secret = type == ExportConfig.Type.WEBHOOK ? secret(s) : null;
        String secretSource = secret == null ? null : secretSource(s);
        java.nio.file.Path ca = s.has("ca") ? s.file("ca") : null;
        int batch = s.integer("batchSize", ExportConfig.DEFAULT_BATCH, 1, 10_000);
        Duration timeout = s.duration("timeout", ExportConfig.DEFAULT_TIMEOUT, Duration.ofMillis(100),
                Duration.ofMinutes(10));
        Duration backoff = s.duration("maxBackoff", ExportConfig.DEFAULT_MAX_BACKOFF, Duration.ofMillis(100),
                Duration.ofHours(1));
        int warnRecords = s.integer("warnLagRecords", (int) ExportConfig.DEFAULT_WARN_RECORDS, 1, Integer.MAX_VALUE);
        Duration warnAge = s.duration("warnLagAge", ExportConfig.DEFAULT_WARN_AGE, Duration.ofSeconds(1),
                Duration.ofDays(30));
        String name = s.string("name", null);
        if (name != null && name.length() > 200) {
            s.reject("name", "at most 200 characters");
            return null;
        }
        if (target == null || (type == ExportConfig.Type.WEBHOOK && secret == null) || s.faulty("ca")) {
            return null;
        }
        return new ExportConfig(name != null ? name : ExportConfig.defaultName(type, target), type, target, tls,
                facility, ca, secret, batch, timeout, backoff, warnRecords, warnAge, secretSource);
    }

    private static URI uri(SectionReader s, String key, Set<String> schemes, String example) {
        String text = s.string(key, null);
        if (text == null) {
            if (!s.faulty(key)) {
                s.problem(key, "is required, e.g. " + example);
            }
            return null;
        }
        try {
            URI u = new URI(text.trim());
            if (u.getScheme() == null || !schemes.contains(u.getScheme().toLowerCase(Locale.ROOT))
                    || u.getHost() == null) {
                s.reject(key, "must look like " + example + ", got \"" + text + "\"");
                return null;
            }
            if (u.getUserInfo() != null) {
                s.reject(key, "must not carry a user or password; a webhook is signed with its secret instead");
                return null;
            }
            if (u.getScheme().equals("tcp") && u.getPort() < 1) {
                s.reject(key, "needs a port, e.g. " + example + " (6514 is syslog over TLS, 514 plain)");
                return null;
            }
            return u;
        } catch (URISyntaxException e) {
            s.reject(key, "is not a valid address: " + e.getReason());
            return null;
        }
    }

    private static int facility(SectionReader s) {
        String f = s.string("facility", "authpriv");
        Integer code = f == null ? null : FACILITIES.get(f.trim().toLowerCase(Locale.ROOT));
        if (code == null) {
            s.reject("facility", "must be a syslog facility name such as authpriv, auth or local0");
            return ExportConfig.DEFAULT_FACILITY;
        }
        return code;
    }

    /** The variable the secret was written as ({@code ${NAME}} alone), or {@code file:} and its path; else null. */
    private static String secretSource(SectionReader s) {
        if (s.raw("secret") instanceof ScalarNode n) {
            java.util.regex.Matcher m = REFERENCE.matcher(n.getValue().trim());
            return m.matches() ? m.group(1) : null;
        }
        java.nio.file.Path file = s.section("secret").file("file");
        return file == null ? null : "file:" + file;
    }

    private static final java.util.regex.Pattern REFERENCE =
            java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** The HMAC key: from ${ENV} or {file: ...} only, so it never sits in a configuration version in clear. */
    private static Secret secret(SectionReader s) {
        if (!s.has("secret")) {
            s.problem("secret", "is required: the key that signs each request, e.g. secret: \"${ROLEGATE_WEBHOOK"
                    + "_SECRET}\"; the receiver checks the signature with it");
            return null;
        }
        if (s.raw("secret") instanceof ScalarNode n && !n.getValue().contains("${")) {
            s.string("secret", null); // known key, only its way of writing is refused
            s.reject("secret", "write the secret as ${ENV_VARIABLE} or {file: /path/to/secret}, not in the file");
            return null;
        }
        Secret secret = SecretValues.read(s, "secret");
        if (secret != null && secret.utf8().length < 16) {
            s.reject("secret", "must be at least 16 characters; a short key makes the signature guessable");
            return null;
        }
        return secret;
    }
}
