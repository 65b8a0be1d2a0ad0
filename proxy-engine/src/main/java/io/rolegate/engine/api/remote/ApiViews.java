package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.model.AccountStatus;
import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.ThroughputSample;
import io.rolegate.engine.api.model.UserLookup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routes the attached console's Throughput, Directory and Settings views need beyond the administration routes
 * (decision 0034): this node's throughput samples, a user's directory entry and the units users live in, and the
 * configuration checked, saved and rolled back. Each maps to the facade the in-process console calls, with the
 * caller's login, so the engine authorizes and audits it the same way (a read-only login's save is refused and the
 * refusal audited). Secrets are never in these bodies: a version holds {@code ${ROLEGATE_…}} references only.
 */
final class ApiViews {
    static final String SAVE_EXAMPLE = "{\"yaml\":\"listen:\\n  port: 6432\\n\",\"comment\":\"why it changed\"}";
    private static final String CONFIG = ApiRoutes.PREFIX + "/config";
    private static final String DIRECTORY = ApiRoutes.PREFIX + "/directory";

    private final Engine engine;

    ApiViews(Engine engine) {
        this.engine = engine;
    }

    /** {@code GET /config/latest}: what the Settings form starts from. */
    record Latest(String yaml, List<String> waitingForRestart, String dataDirectory) {
    }

    /** {@code POST /config/check}. */
    record Check(String yaml) {
    }

    /** The loader's word on a YAML text: empty when it loads. */
    record Problems(List<ConfigProblem> problems) {
    }

    /** {@code POST /config/versions}: a new version's YAML and why. */
    record Save(String yaml, String comment) {
    }

    /** {@code POST /config/versions/{version}/rollback}. */
    record Rollback(String comment) {
    }

    /** {@code GET /config/versions/{version}/diff}: unified diff to the configuration in force (empty: equal). */
    record Diff(int version, String diff) {
    }

    /**
     * {@code GET /directory/user}: a user looked up, as one flat object whose {@code found} says which of
     * {@link UserLookup}'s three answers it is ({@code found}, {@code no-such-user}, {@code directory-unavailable}).
     */
    record User(String found, String dn, String username, Map<String, List<String>> attributes, AccountStatus status,
                String reason, Instant since, List<UserLookup.Membership> groups, String detail) {
        static User of(UserLookup lookup) {
            if (lookup instanceof UserLookup.Found f) {
                return new User("found", f.dn(), f.username(), f.attributes(), f.status(), f.reason(),
                        f.since().orElse(null), f.groups(), null);
            }
            if (lookup instanceof UserLookup.NoSuchUser n) {
                return new User("no-such-user", null, n.username(), null, null, null, null, null, n.detail());
            }
            return new User("directory-unavailable", null, null, null, null, null, null, null,
                    ((UserLookup.DirectoryUnavailable) lookup).cause());
        }

        UserLookup toLookup() {
            return switch (found) {
                case "found" -> new UserLookup.Found(dn, username, attributes == null ? Map.of() : attributes, status,
                        reason == null ? "" : reason, Optional.ofNullable(since),
                        groups == null ? List.of() : groups);
                case "no-such-user" -> new UserLookup.NoSuchUser(username, detail);
                default -> new UserLookup.DirectoryUnavailable(detail);
            };
        }
    }

    List<Route> routes() {
        return List.of(
                Route.read(ApiRoutes.PREFIX + "/throughput", "this node's per-second traffic, oldest first",
                        this::throughput),
                Route.read(DIRECTORY + "/user", "one user's entry, groups and account state, by name or dn",
                        this::user),
                Route.read(DIRECTORY + "/units", "the organizational units users live in",
                        c -> engine.directory().userUnits()),
                Route.read(DIRECTORY + "/unit-users", "the users directly in one unit",
                        c -> engine.directory().usersIn(c.requiredQuery("dn"), c.queryNumber("limit", 200, 1, 1000))),
                Route.read(CONFIG + "/latest", "the latest version's YAML, what waits for a restart, the data"
                        + " directory", c -> new Latest(engine.settings().latestYaml(),
                        engine.settings().waitingForRestart(Map.of()),
                        engine.settings().dataDirectory().toAbsolutePath().toString())),
                Route.read(CONFIG + "/history", "configuration versions with their YAML and diffs, newest first",
                        c -> engine.settings().history()),
                new Route("POST", CONFIG + "/check", false, false, false, "{\"yaml\":\"listen:\\n  port: 6432\\n\"}",
                        "check a YAML text with the engine's loader; every problem with its key path", this::check),
                Route.change("POST", CONFIG + "/versions", SAVE_EXAMPLE,
                        "save a new configuration version (audited; the running engine takes it at once)",
                        this::save),
                Route.change("POST", CONFIG + "/versions/{version}/rollback", "{\"comment\":\"back to what worked\"}",
                        "save a version's content as the newest version (audited)", this::rollback),
                Route.read(CONFIG + "/versions/{version}/diff", "unified diff from a version to the running"
                        + " configuration", c -> new Diff((int) c.pathNumber("version"),
                        engine.settings().diffAgainstRunning(version(c)))),
                Route.read(CONFIG + "/versions/{version}/applied", "what the running engine did with a version",
                        c -> engine.settings().applied(version(c)).orElseThrow(() -> ApiError.notFound(
                                "the running engine did not take version " + version(c)
                                        + " (it was in force at start, or came from another node)"))));
    }

    private List<ThroughputSample> throughput(Call c) {
        Instant after = c.queryTime("after");
        return engine.throughputHistory().stream().filter(s -> after == null || s.second().isAfter(after)).toList();
    }

    private User user(Call c) {
        Optional<String> name = c.query("name");
        Optional<String> dn = c.query("dn");
        if (name.isPresent() == dn.isPresent()) {
            throw ApiError.badField("name", "give exactly one of name (a login name) and dn (an entry)");
        }
        return User.of(name.isPresent() ? engine.directory().lookupUser(name.get())
                : engine.directory().lookupUserAt(dn.get()));
    }

    private static int version(Call c) {
        long n = c.pathNumber("version");
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw ApiError.badField("version", "version must be a positive whole number, not " + n);
        }
        return (int) n;
    }

    private Problems check(Call c) {
        try {
            engine.settings().validate(required(c.body(Check.class).yaml()), Map.of());
            return new Problems(List.of());
        } catch (ConfigException e) {
            return new Problems(e.problems());
        }
    }

    private ConfigVersion save(Call c) {
        Save body = c.body(Save.class);
        try {
            return engine.settings().save(required(body.yaml()), Map.of(), c.who(), comment(body.comment()));
        } catch (ConfigException e) {
            throw new ApiError(400, e.getMessage());
        }
    }

    private ConfigVersion rollback(Call c) {
        return engine.settings().rollback(version(c), c.who(), comment(c.body(Rollback.class).comment()));
    }

    private static String required(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            throw ApiError.badField("yaml", "yaml is required: the whole configuration as it should be");
        }
        return yaml;
    }

    /** The history keeps why: a change without a comment is refused, as the console's dialog refuses it. */
    private static String comment(String comment) {
        if (comment == null || comment.isBlank()) {
            throw ApiError.badField("comment", "comment is required: say why, it is kept in the configuration"
                    + " history");
        }
        return comment;
    }
}
