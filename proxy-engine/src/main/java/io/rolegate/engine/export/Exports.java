package io.rolegate.engine.export;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.ExportStatus;
import io.rolegate.engine.config.ExportConfig;
import io.rolegate.engine.store.audit.AuditLog;
import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.export.ExportCursors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The exporters of {@code exports:}, each on its own thread; none when the list is empty. */
public final class Exports implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Exports.class);
    public static final Exports NONE = new Exports(List.of());

    private final List<Exporter> exporters;

    private Exports(List<Exporter> exporters) {
        this.exporters = exporters;
    }

    /**
     * Starts one exporter per item, each sending the chain of the audit log's node, which also names this engine to
     * receivers (syslog HOSTNAME, OTLP {@code service.instance.id}). A store opened for reading only (no node) has
     * no chain of its own and runs none.
     *
     * @throws EngineException when a receiver's TLS settings cannot be used (e.g. an unreadable {@code ca} file)
     */
    public static Exports start(List<ExportConfig> configs, AuditLog audit, ConnectionSource store) {
        if (configs.isEmpty()) {
            return NONE;
        }
        String node = audit.node();
        if (node == null) {
            log.info("the store is open for reading only: its audit is not exported from here");
            return NONE;
        }
        ExportCursors cursors = new ExportCursors(store);
        List<Exporter> started = new ArrayList<>();
        try {
            for (ExportConfig c : configs) {
                Exporter e = new Exporter(c, audit, cursors, receiver(c, node), Clock.systemUTC());
                e.start();
                started.add(e);
                log.info("exporting the audit chain of node {} to {} as \"{}\"", node, c.destination(), c.name());
            }
        } catch (RuntimeException e) {
            started.forEach(Exporter::close);
            throw e;
        }
        return new Exports(List.copyOf(started));
    }

    private static Receiver receiver(ExportConfig c, String node) {
        return switch (c.type()) {
            case SYSLOG -> new SyslogReceiver(c, new SyslogFormat(c.facility(), node, ProcessHandle.current().pid()));
            case WEBHOOK -> new WebhookReceiver(c, Clock.systemUTC());
            case OTLP -> new OtlpReceiver(c, node);
        };
    }

    public List<ExportStatus> status() {
        return exporters.stream().map(Exporter::status).toList();
    }

    /** Gives each exporter a moment to deliver what is committed, then stops them (in parallel). */
    @Override
    public void close() {
        List<Thread> closing = new ArrayList<>();
        for (Exporter e : exporters) {
            Thread t = new Thread(e::close, "rolegate-export-stop");
            t.start();
            closing.add(t);
        }
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
