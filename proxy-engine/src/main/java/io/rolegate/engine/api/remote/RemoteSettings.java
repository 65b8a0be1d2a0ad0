package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.EngineSettings;
import io.rolegate.engine.api.SettingsAdmin;
import io.rolegate.engine.api.model.ConfigApplied;
import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.LoginExpired;
import io.rolegate.engine.api.model.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The configuration of a remote engine ({@code /config/…}): read, checked by the engine's loader, saved and rolled
 * back with the token of the person who does it (the engine decides and audits). Typed secrets are never sent: a
 * version holds {@code ${ROLEGATE_…}} references, and the engine resolves them from its own environment (decision
 * 0034). Connection tests are not run remotely (they would make the engine connect wherever an unsaved form says).
 */
final class RemoteSettings implements SettingsAdmin {
    private static final Logger log = LoggerFactory.getLogger(RemoteSettings.class);
    /** How often a follower asks whether a new version was saved (by this console, another one, or the CLI). */
    private static final long FOLLOW_SECONDS = 3;
    static final String NO_SECRETS = "secrets typed in the console are not sent to a remote engine: leave the field"
            + " empty to keep the secret in force, or set its ROLEGATE_… variable in the engine's environment and"
            + " restart the engine there";
    static final String NO_TESTS = "connection tests are not available when attached to a remote engine: they would"
            + " make the engine connect wherever the unsaved form says. Save the settings and watch the engine's"
            + " health (GET /health, the status bar), or run the console on the engine's machine";

    private final ApiCalls calls;
    private final Supplier<String> token;

    RemoteSettings(ApiCalls calls, Supplier<String> token) {
        this.calls = calls;
        this.token = token;
    }

    /** Follows the version list every few seconds on a daemon thread of its own until closed. */
    @Override
    public EngineSettings.Subscription onNewVersion(Consumer<ConfigVersion> listener) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rolegate-attached-settings");
            t.setDaemon(true);
            return t;
        });
        long[] newest = {-1};
        timer.scheduleWithFixedDelay(() -> {
            try {
                List<Bodies.VersionSummary> versions = summaries();
                long top = versions.isEmpty() ? 0 : versions.get(0).version();
                if (newest[0] >= 0 && top > newest[0]) {
                    listener.accept(version((int) top));
                }
                newest[0] = top;
            } catch (LoginExpired e) {
                timer.shutdown(); // the session feed brings the login form back
            } catch (RuntimeException e) {
                log.debug("could not follow the attached engine's configuration versions: {}", e.getMessage());
            }
        }, 0, FOLLOW_SECONDS, TimeUnit.SECONDS);
        return timer::shutdownNow;
    }

    private List<Bodies.VersionSummary> summaries() {
        return ApiJson.answer(calls.get("/config/versions", token.get()),
                new ApiJson.JavaTypeRef<List<Bodies.VersionSummary>>() { });
    }

    private ConfigVersion version(int n) {
        return ApiJson.answer(calls.get("/config/versions/" + n, token.get()),
                new ApiJson.JavaTypeRef<ConfigVersion>() { });
    }

    @Override
    public Optional<ConfigApplied> applied(int version) {
        try {
            return Optional.of(ApiJson.answer(calls.get("/config/versions/" + version + "/applied", token.get()),
                    new ApiJson.JavaTypeRef<ConfigApplied>() { }));
        } catch (ApiCalls.NotFound notTaken) {
            return Optional.empty();
        }
    }

    private ApiViews.Latest latest() {
        return ApiJson.answer(calls.get("/config/latest", token.get()), new ApiJson.JavaTypeRef<ApiViews.Latest>() { });
    }

    @Override
    public List<String> waitingForRestart(Map<String, Secret> typed) {
        noSecrets(typed);
        return latest().waitingForRestart();
    }

    @Override
    public List<ConfigVersion> history() {
        return ApiJson.answer(calls.get("/config/history", token.get()),
                new ApiJson.JavaTypeRef<List<ConfigVersion>>() { });
    }

    @Override
    public String latestYaml() {
        return latest().yaml();
    }

    @Override
    public Path dataDirectory() {
        return Path.of(latest().dataDirectory());
    }

    @Override
    public String diffAgainstRunning(int version) {
        return ApiJson.answer(calls.get("/config/versions/" + version + "/diff", token.get()),
                new ApiJson.JavaTypeRef<ApiViews.Diff>() { }).diff();
    }

    @Override
    public void validate(String yaml, Map<String, Secret> typed) {
        noSecrets(typed);
        var problems = ApiJson.answer(calls.post("/config/check", new ApiViews.Check(yaml), token.get()),
                new ApiJson.JavaTypeRef<ApiViews.Problems>() { }).problems();
        if (!problems.isEmpty()) {
            throw new ConfigException("the settings", problems);
        }
    }

    @Override
    public String testDirectory(String yaml, Map<String, Secret> typed) {
        throw new EngineException(NO_TESTS);
    }

    @Override
    public String testUpstream(String yaml, Map<String, Secret> typed) {
        throw new EngineException(NO_TESTS);
    }

    @Override
    public ConfigVersion save(String yaml, Map<String, Secret> typed, ConsoleIdentity who, String comment) {
        noSecrets(typed);
        return ApiJson.answer(calls.post("/config/versions", new ApiViews.Save(yaml, comment), who.token()),
                new ApiJson.JavaTypeRef<ConfigVersion>() { });
    }

    @Override
    public ConfigVersion rollback(int version, ConsoleIdentity who, String comment) {
        return ApiJson.answer(calls.post("/config/versions/" + version + "/rollback", new ApiViews.Rollback(comment),
                who.token()), new ApiJson.JavaTypeRef<ConfigVersion>() { });
    }

    private static void noSecrets(Map<String, Secret> typed) {
        if (typed.values().stream().anyMatch(s -> s != null && !s.isEmpty())) {
            throw new EngineException(NO_SECRETS);
        }
    }
}
