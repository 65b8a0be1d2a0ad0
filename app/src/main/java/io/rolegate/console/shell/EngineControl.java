package io.rolegate.console.shell;

import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.console.common.BackgroundTask;
import io.rolegate.console.common.DialogService;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.engine.api.Configuration;
import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.model.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Engine ▸ Start, Stop and Restart. An engine runs once, so a start builds a new one on the same data directory,
 * from the latest saved configuration version (what Settings saved), with the secrets in force or typed since.
 * Stop drains sessions the way the engine's own shutdown does: the listener closes, live sessions get the configured
 * grace period, then 57P01.
 */
final class EngineControl implements ShellViewModel.EngineActions {
    private static final Logger log = LoggerFactory.getLogger(EngineControl.class);

    /** What the shell does when an engine comes or goes. */
    interface Views {
        void attach(Engine engine, ConnectHint hint);

        void detach();
    }

    private final ShellViewModel vm;
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final Map<String, Secret> typedSecrets;
    private final Views views;
    /** The person at the console: the engine checks each stop and start against its own record of them. */
    private final Supplier<ConsoleIdentity> who;
    private volatile Engine engine;
    private Configuration next;
    private InetSocketAddress lastAddress;
    private ConnectHint hint;
    /** A stop is being prepared (the next configuration read) but the shell does not say "stopping" yet. */
    private boolean preparing;

    EngineControl(ShellViewModel vm, TaskExecutor executor, DialogService dialogs, Map<String, Secret> typedSecrets,
                  Supplier<ConsoleIdentity> who, Views views) {
        this.who = who;
        this.vm = vm;
        this.executor = executor;
        this.dialogs = dialogs;
        this.typedSecrets = typedSecrets;
        this.views = views;
    }

    /** Remembers a running engine (the first one, or one this control started). */
    void running(Engine e, ConnectHint h) {
        engine = e;
        lastAddress = e.listenAddress();
        hint = h;
        next = null;
    }

    /** The engine the console shows now (running or stopped); null before the first one started. */
    Engine engine() {
        return engine;
    }

    @Override
    public void stop() {
        stop(false);
    }

    @Override
    public void restart() {
        stop(true);
    }

    private void stop(boolean thenStart) {
        if (preparing) {
            return; // a second click while the first is being prepared
        }
        preparing = true;
        Engine e = engine;
        BackgroundTask.of("read the configuration to start from", () -> e.settings().nextStartConfig(typedSecrets))
                .onSuccess(config -> drain(e, config, thenStart))
                .onFailure(problem -> {
                    preparing = false;
                    if (thenStart) {
                        dialogs.showError("Restart the engine", "The latest saved configuration cannot be loaded, so"
                                + " the engine was left running: " + problem.getMessage() + "\nFix it in Settings"
                                + " (or roll back to a working version), then restart.");
                    } else {
                        log.warn("the latest configuration does not load; a later start reuses the running one: {}",
                                problem.getMessage());
                        drain(e, e.configuration(), false);
                    }
                })
                .executeWith(executor);
    }

    private void drain(Engine e, Configuration config, boolean thenStart) {
        preparing = false;
        next = keepPort(config);
        views.detach();
        vm.stopping();
        BackgroundTask.of("stop the engine", () -> {
                    e.stop(e.configuration().shutdownGrace(), who.get());
                    return null;
                })
                .onSuccess(nothing -> {
                    vm.stopped();
                    if (thenStart) {
                        start();
                    }
                })
                .onFailure(problem -> {
                    vm.failed("Stopping the engine failed: " + problem.getMessage());
                    dialogs.showError("Stop the engine", problem.getMessage());
                })
                .executeWith(executor);
    }

    @Override
    public void start() {
        Engine old = engine;
        Configuration config = next != null ? next : old.configuration();
        vm.starting("Starting the proxy engine in front of " + config.upstreamHost() + ":"
                + config.upstreamPort() + "…");
        ConsoleIdentity starter = who.get();
        BackgroundTask.of("start the engine", () -> {
                    Engine e = old.successor(config);
                    e.start(starter);
                    return e;
                })
                .onSuccess(e -> {
                    // the demo's psql hint names the address: keep it only while it is still true
                    ConnectHint stillTrue = e.listenAddress().equals(lastAddress) ? hint : null;
                    views.attach(e, stillTrue);
                })
                .onFailure(problem -> {
                    vm.failed("Start the proxy engine failed: " + problem.getMessage());
                    dialogs.showError("Start the proxy engine", problem.getMessage());
                })
                .executeWith(executor);
    }

    /**
     * A listener configured on port 0 took any free port; a restart asks for the same one again, so clients and
     * the shown psql command keep working.
     */
    private Configuration keepPort(Configuration config) {
        if (config.listenPort() == 0 && lastAddress != null) {
            return config.withListenPort(lastAddress.getPort());
        }
        return config;
    }
}
