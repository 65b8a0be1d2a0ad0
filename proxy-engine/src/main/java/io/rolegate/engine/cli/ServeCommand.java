package io.rolegate.engine.cli;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** Runs the proxy until the process is asked to stop: the runner's default when no command is given. */
final class ServeCommand implements Command {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Override
    public List<String> words() {
        return List.of();
    }

    @Override
    public String synopsis() {
        return "[--config FILE] [--data-dir DIR]";
    }

    @Override
    public String summary() {
        return "run the proxy until stopped (SIGTERM or Ctrl-C)";
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.CONFIG, Option.DATA_DIR);
    }

    @Override
    public int run(CommandLine line, CliContext ctx) {
        Path dataDir = DataDirectory.choose(line.value(Option.DATA_DIR), ctx.environment(), ctx.home());
        Configuration cfg = ctx.loadConfigNotingLiterals(line, new SealedSecretEnvironment(ctx.environment(), dataDir));
        try {
            DataDirectory.ensureExists(dataDir);
        } catch (IOException e) {
            ctx.err().println("rolegate: cannot create data directory " + dataDir + ": " + e.getMessage());
            return 1;
        }
        EngineHandle engine = ctx.engines().apply(cfg, dataDir);
        try {
            engine.start();
        } catch (EngineException e) {
            ctx.err().println("rolegate: " + e.getMessage());
            return 1;
        }
        InetSocketAddress listening = engine.listenAddress();
        log.info("listening on {}:{}, upstream {}:{} (tls {}), auth {}, data in {}",
                listening.getHostString(), listening.getPort(), cfg.upstreamHost(), cfg.upstreamPort(),
                cfg.upstreamTls(), cfg.authMode(), dataDir);
        return waitUntilStopped(engine, cfg, ctx);
    }

    private static int waitUntilStopped(EngineHandle engine, Configuration cfg, CliContext ctx) {
        CountDownLatch stopped = new CountDownLatch(1);
        ctx.onShutdown().accept(() -> {
            log.info("stopping; live sessions get {} ms to finish", cfg.shutdownGrace().toMillis());
            try {
                engine.drainAndStop(cfg.drainDelay(), cfg.shutdownGrace());
                log.info("stopped");
            } finally {
                stopped.countDown();
            }
        });
        try {
            stopped.await();
            return 0;
        } catch (InterruptedException e) {
            // nobody interrupts the main thread in normal operation; treat it as a request to stop now
            Thread.currentThread().interrupt();
            engine.stop(cfg.shutdownGrace());
            return 1;
        }
    }
}
