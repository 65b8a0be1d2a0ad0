package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.ConfigException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a YAML configuration into a {@link RolegateConfig}, or throws a {@link ConfigException} listing every
 * problem in the file with its line. Works on the node tree rather than on Java objects so that each value keeps
 * its line and its text exactly as written ({@code mode: off} stays the word "off" whatever the YAML schema).
 */
public final class ConfigLoader {
    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
    private final EnvSubstitution env;

    /** Resolves {@code ${NAME}} from the process environment. */
    public ConfigLoader() {
        this(System::getenv);
    }

    /** Resolves {@code ${NAME}} with the given lookup (null for unset), e.g. a map in tests. */
    public ConfigLoader(Function<String, String> environment) {
        this(new EnvSubstitution(environment));
    }

    private ConfigLoader(EnvSubstitution env) {
        this.env = env;
    }

    /**
     * For a configuration typed or imported in the console: {@code ${NAME}} resolves only in the secret fields,
     * each to its own variable ({@code directory.bindPassword: ${ROLEGATE_LDAP_PASSWORD}}), so nothing from the
     * engine's environment can land in a field that is stored, exported and shown in clear.
     */
    public static ConfigLoader forConsole(Function<String, String> secrets) {
        return new ConfigLoader(EnvSubstitution.secretReferencesOnly(secrets));
    }

    /** Loads a file; relative certificate and key paths in it start from the file's folder. */
    public RolegateConfig load(Path file) {
        return loadNotingLiterals(file).config();
    }

    private static String read(Path file) {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw fileProblem(source, "file not found: " + file.toAbsolutePath());
        } catch (AccessDeniedException e) {
            throw fileProblem(source, "permission denied: " + file.toAbsolutePath());
        } catch (CharacterCodingException e) {
            throw fileProblem(source, "not UTF-8 text: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw fileProblem(source, "cannot read " + file.toAbsolutePath() + ": " + e);
        }
        return text;
    }

    /** Loads YAML text; relative paths start from the working directory. */
    public RolegateConfig load(String yaml, String sourceName) {
        return load(yaml, sourceName, Path.of("").toAbsolutePath());
    }

    /** Loads YAML text; {@code sourceName} heads the problem list, relative paths start from {@code baseDir}. */
    public RolegateConfig load(String yaml, String sourceName, Path baseDir) {
        return loadNotingLiterals(yaml, sourceName, baseDir).config();
    }

    /**
     * A configuration with the secrets that were written literally in the file (not {@code ${ENV}} or a file
     * reference), by key path: an import seals those in the store, so they need not stay in the file.
     */
    public record Loaded(RolegateConfig config, java.util.Map<String, io.rolegate.engine.api.model.Secret>
            literalSecrets) {
        public Loaded {
            literalSecrets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(literalSecrets));
        }
    }

    /** As {@link #load(Path)}, also returning the secrets written literally in the file. */
    public Loaded loadNotingLiterals(Path file) {
        return loadNotingLiterals(read(file), file.toString(), file.toAbsolutePath().getParent());
    }

    /** As {@link #load(String, String, Path)}, also returning the secrets written literally in the text. */
    public Loaded loadNotingLiterals(String yaml, String sourceName, Path baseDir) {
        ConfigProblems problems = new ConfigProblems();
        BindContext ctx = new BindContext(problems, env, baseDir);
        Optional<MappingNode> top = compose(yaml, sourceName, problems);
        problems.throwIfAny(sourceName);
        SectionReader root = new SectionReader(ctx, "", 1, top.orElse(null));
        SectionReader directorySection = root.section("directory");
        RolegateConfig config = new RolegateConfig(
                bind(root, new ListenBinder()),
                bind(root, new UpstreamBinder()),
                bind(root, new AuthBinder()),
                bind(root, new LimitsBinder()),
                root.has("directory") ? new DirectoryBinder().bind(directorySection) : null,
                new AccessConfig(MappingsBinder.bind(root), bind(root, new PoliciesBinder()),
                        QueryCaptureBinder.bind(root.section("policies")),
                        RecordingBinder.bind(root.section("policies"))),
                root.has("admin") ? bind(root, new AdminBinder()) : AdminConfig.disabled(),
                root.has("store") ? bind(root, new StoreBinder()) : StoreConfig.embedded(),
                bind(root, new ConsoleBinder()),
                bind(root, new FleetBinder()),
                root.has("api") ? bind(root, new ApiBinder()) : ApiConfig.disabled(),
                ExportsBinder.bind(root));
        checkAcrossSections(root, config);
        root.reportUnknownKeys();
        problems.throwIfAny(sourceName);
        // only the key is named: the value is the secret
        ctx.literalSecrets().forEach(key -> log.warn("{}: {} is written in the file itself; prefer ${ENV_VARIABLE} "
                + "or {file: /path} (chmod 600) so the secret stays out of the configuration", sourceName, key));
        return new Loaded(config, SecretFields.values(config, ctx.literalSecrets()));
    }

    private static <T> T bind(SectionReader root, SectionBinder<T> binder) {
        return binder.bind(root.section(binder.key()));
    }

    /** Rules that involve more than one section. Values that were themselves faulty are not judged again. */
    private static void checkAcrossSections(SectionReader root, RolegateConfig config) {
        SectionReader listen = root.section("listen");
        SectionReader auth = root.section("auth");
        boolean judgeable = !auth.faulty("mode") && !listen.faulty("tls") && !listen.faulty("allowCleartextOnLoopback");
        // directory auth asks the client for its password in cleartext; PostgreSQL clients only send that
        // safely inside TLS, or over loopback when the operator has opted in
        if (judgeable && config.auth().mode() == AuthMode.DIRECTORY && !config.listen().tls().enabled()
                && !config.listen().allowCleartextOnLoopback()) {
            auth.problem("mode", "directory needs client passwords protected: set listen.tls.mode to optional or "
                    + "required, or allow cleartext on loopback with listen.allowCleartextOnLoopback: true");
        }
        if (!auth.faulty("mode") && config.auth().mode() != AuthMode.DIRECTORY && auth.has("clientCertificate")) {
            auth.problem("clientCertificate", "maps certificates to directory entries, so it needs auth.mode:"
                    + " directory");
        }
        if (!auth.faulty("mode") && config.auth().mode() != AuthMode.DIRECTORY
                && config.upstream().keepsIdleConnections()) {
            // In passthrough the server checks each client's own credentials; a kept connection would skip that.
            root.section("upstream").problem("keepIdle", "keeps server connections of directory users only, so it"
                    + " needs auth.mode: directory (in passthrough the server must check every login itself)");
        }
        if (!auth.faulty("mode") && config.auth().mode() == AuthMode.DIRECTORY) {
            if (!root.has("directory")) {
                auth.problem("mode", "directory needs a directory: section (urls, userBase, groupBase, ...) "
                        + "saying which LDAP server to authenticate against");
            }
            if (config.auth().clientCertificate() != null && !listen.section("tls").has("clientCa")) {
                auth.problem("clientCertificate", "needs listen.tls.clientCa: the CA whose client certificates"
                        + " are accepted");
            }
            if (!root.section("upstream").has("admin")) {
                auth.problem("mode", "directory needs upstream.admin (user, password, database): the connection "
                        + "through which Rolegate creates each user's login role");
            }
        }
    }

    private static Optional<MappingNode> compose(String yaml, String sourceName, ConfigProblems problems) {
        LoadSettings settings = LoadSettings.builder().setLabel(sourceName).setSchema(new CoreSchema()).build();
        Optional<Node> node;
        try {
            node = new Compose(settings).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            problems.add(line, "", "not valid YAML: " + e.getProblem());
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.add(0, "", "not valid YAML: " + e.getMessage());
            return Optional.empty();
        }
        if (node.isEmpty() || Nodes.isNull(node.get())) {
            return Optional.empty();
        }
        if (node.get() instanceof MappingNode m) {
            return Optional.of(m);
        }
        problems.add(Nodes.line(node.get()), "",
                "the file must be a set of sections (listen:, upstream:, auth:, limits:, directory:, mappings:, "
                        + "policies:, admin:, store:, console:, fleet:, api:, exports:), got "
                        + Nodes.describe(node.get()));
        return Optional.empty();
    }

    private static ConfigException fileProblem(String source, String message) {
        return new ConfigException(source, List.of(new ConfigProblem(0, "", message)));
    }
}
