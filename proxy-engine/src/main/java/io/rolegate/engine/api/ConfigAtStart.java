package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.config.ConfigWriter;
import io.rolegate.engine.config.LiveKeys;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.store.StartConfigRecord;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.common.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which configuration an engine runs at start (decision 0032): its start configuration (the file) wins only when it
 * changed since this data directory last started with it ({@link StartConfigRecord}); otherwise the store's latest
 * version applies — its live part (mappings, policies, console groups, watcher settings, per-connection limits, as a
 * running engine would take it through {@link LiveConfig}) over the file's restart-only part (listener, TLS, store,
 * fleet, upstream, API, exports), which always comes from the file. So a mapping a DBA changed in the console or
 * through the API survives a restart with the unchanged file, on one engine and across a fleet.
 *
 * <p>A data directory without a record (from before this rule) or with a damaged one: the store's latest applies when
 * it was saved by someone other than an engine start (a person changed something since the last engine start);
 * otherwise the file does, as before. Either way the decision is logged and audited ({@code CONFIG_AT_START}).
 */
final class ConfigAtStart {
    private static final Logger log = LoggerFactory.getLogger(ConfigAtStart.class);
    static final String AUTHOR = "rolegate";
    static final String COMMENT = "configuration in force at start";
    /** Overridden versions named one by one; more are counted. */
    private static final int NAMED = 10;

    /** What the record in the data directory said. */
    enum Record { FOUND, MISSING, UNREADABLE }

    /**
     * The decision. {@code fileWins}: save the file as the newest version (when it differs from the latest);
     * otherwise run {@code inForce}. {@code overridden}: versions saved since this data directory last started that
     * the file replaces (the file changed and differs from the latest).
     */
    record Decision(boolean fileWins, RolegateConfig inForce, Record record, String why,
                    Optional<ConfigVersion> latest, List<ConfigVersion> overridden, String digest) {
    }

    private ConfigAtStart() {
    }

    static Decision decide(RolegateConfig file, Store store, Path dataDir, Function<String, RolegateConfig> loader) {
        String yaml = ConfigWriter.toYaml(file);
        String digest = StartConfigRecord.digest(yaml);
        Optional<ConfigVersion> latest = store.configVersions().latest();
        Optional<StartConfigRecord> last;
        Record record;
        String unreadable = null;
        try {
            last = StartConfigRecord.read(dataDir);
            record = last.isPresent() ? Record.FOUND : Record.MISSING;
        } catch (StoreException e) {
            last = Optional.empty();
            record = Record.UNREADABLE;
            unreadable = e.getMessage();
            log.warn("the record of the configuration this data directory last started with is unusable: {};"
                    + " deciding as for a data directory without one (the store's latest version applies when a"
                    + " person saved it after the last engine start), and writing a new record", unreadable);
        }
        if (latest.isEmpty()) {
            return new Decision(true, file, record, "first start on an empty store", latest, List.of(), digest);
        }
        ConfigVersion l = latest.get();
        String without = record == Record.UNREADABLE
                ? "the record of the configuration this data directory last started with is unusable (" + unreadable
                + ")" : "no record of the configuration this data directory last started with";
        if (last.isPresent() ? !last.get().sha256().equals(digest) : savedByAnEngineStart(l)) {
            List<ConfigVersion> overridden = last.isPresent() && !l.yaml().equals(yaml)
                    ? store.configVersions().after(last.get().version()) : List.of();
            String why = last.isPresent() ? "configuration file changed since last start"
                    : without + "; the store's latest version " + l.version() + " was saved by an engine start, so"
                    + " the configuration file applies";
            return new Decision(true, file, record, why, latest, overridden, digest);
        }
        String why = last.isPresent() ? "configuration file unchanged since last start"
                : without + "; the store's latest version " + l.version() + " was saved by " + l.author()
                + " after the last engine start, so it applies, not the file (to make the file win, import it:"
                + " rolegate-proxy config import --config FILE)";
        try {
            return new Decision(false, LiveKeys.split(file, loader.apply(l.yaml())).inForce(), record, why, latest,
                    List.of(), digest);
        } catch (ConfigException e) {
            return doesNotLoad(file, record, why, l, digest, e.problems().stream().map(ConfigProblem::toString)
                    .collect(Collectors.joining("; ")));
        } catch (RuntimeException e) {
            return doesNotLoad(file, record, why, l, digest, String.valueOf(e.getMessage()));
        }
    }

    /** As a running engine refuses a version that does not load, the start keeps the file's settings and says so. */
    private static Decision doesNotLoad(RolegateConfig file, Record record, String why, ConfigVersion l, String digest,
                                        String problems) {
        return new Decision(false, file, record, why + "; but the store's version " + l.version() + " does not load ("
                + problems + "): the configuration file's settings run until a version that loads is saved",
                Optional.of(l), List.of(), digest);
    }

    private static boolean savedByAnEngineStart(ConfigVersion v) {
        return AUTHOR.equals(v.author()) && COMMENT.equals(v.comment());
    }

    /**
     * Says what was decided — in the log and durably in the audit, before the engine listens — and, for a start from
     * the configuration file, keeps the record for the next start. {@code version} is the version in force now.
     */
    static void carryOut(Decision d, Store store, Path dataDir, int version) {
        String what;
        if (d.fileWins()) {
            boolean saved = d.latest().map(l -> l.version() != version).orElse(true);
            what = d.why() + ": " + (saved ? "saved as version " + version
                    : "it equals the store's latest version " + version + ", which applies");
        } else {
            ConfigVersion l = d.latest().orElseThrow();
            what = d.why() + (d.why().contains("does not load") ? ""
                    : ": the store's version " + l.version() + " (by " + l.author() + ") applies");
        }
        if (!d.overridden().isEmpty()) {
            what += "; WARNING: it overrides what was saved since this data directory last started: "
                    + named(d.overridden());
        }
        AuditDetails details = AuditDetails.create().put("source", d.fileWins() ? "file" : "store")
                .put("version", version).put("record", d.record().name().toLowerCase(java.util.Locale.ROOT))
                .put("overridden", d.overridden().stream().map(v -> v.version() + " by " + v.author()).toList());
        if (d.overridden().isEmpty() && d.record() != Record.UNREADABLE && !d.why().contains("does not load")) {
            log.info("{}", what);
        } else {
            log.warn("{}", what);
        }
        store.audit().appendDurably(AuditEvent.of(AuditEventType.CONFIG_AT_START, what).withActor(AUTHOR)
                .withDetails(details), "the engine did not start");
        try {
            new StartConfigRecord(d.digest(), version).write(dataDir);
        } catch (StoreException e) {
            log.warn("{}; the next start decides as for a data directory without a record", e.getMessage());
        }
    }

    /**
     * What the next start on {@code dataDir} would do with {@code file}, from the record alone (the store may be held
     * by a running engine): for {@code config check}.
     */
    static String preview(RolegateConfig file, Path dataDir) {
        String digest = StartConfigRecord.digest(ConfigWriter.toYaml(file));
        String noRecord = "at the next start the file applies and is saved as the newest configuration version,"
                + " unless a person saved a version after the last engine start: then that version applies";
        Optional<StartConfigRecord> last;
        try {
            last = StartConfigRecord.read(dataDir);
        } catch (StoreException e) {
            return e.getMessage() + "; " + noRecord + " (and a new record is written)";
        }
        if (last.isEmpty()) {
            return "no record of the configuration " + dataDir + " last started with (a first start, or a data"
                    + " directory from before the record); " + noRecord;
        }
        String since = " since " + dataDir + " last started with it (version " + last.get().version()
                + " was in force then): at the next start ";
        if (last.get().sha256().equals(digest)) {
            return "the file is unchanged" + since + "the store's latest version applies (mappings, policies, console"
                    + " groups, watcher settings, per-connection limits); listener, TLS, upstream, store, fleet and"
                    + " API settings come from the file";
        }
        return "the file changed" + since + "it applies and is saved as the newest configuration version, replacing"
                + " any change saved since through the console, the API or an import (the engine audits which)";
    }

    /** A restart from the console runs the stored version it was given: audited like any start, record untouched. */
    static void restartedFromTheConsole(Store store, int version) {
        String what = "restart from the console: configuration version " + version + " applies";
        log.info("{}", what);
        store.audit().appendDurably(AuditEvent.of(AuditEventType.CONFIG_AT_START, what).withActor(AUTHOR)
                .withDetails(AuditDetails.create().put("source", "console").put("version", version)),
                "the engine did not start");
    }

    private static String named(List<ConfigVersion> versions) {
        String each = versions.stream().limit(NAMED).map(v -> "version " + v.version() + " by " + v.author()
                + (v.comment().isBlank() ? "" : " (" + v.comment() + ")")).collect(Collectors.joining(", "));
        return versions.size() > NAMED ? each + " and " + (versions.size() - NAMED) + " more" : each;
    }
}
