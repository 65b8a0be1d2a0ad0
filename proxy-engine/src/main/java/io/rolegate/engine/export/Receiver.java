package io.rolegate.engine.export;

import io.rolegate.engine.api.model.AuditRecord;

import java.io.IOException;
import java.util.List;

/**
 * Where an exporter delivers: one kind of SIEM receiver. Called on the exporter's own thread only.
 */
interface Receiver extends AutoCloseable {

    /**
     * Delivers a batch, oldest first; returns only once the receiver acknowledged all of it (HTTP 2xx, or for syslog
     * the TCP write and flush, which is all syslog offers). Throws when it did not: the batch is sent again later.
     */
    void send(List<AuditRecord> batch) throws IOException;

    /** Releases the connection; may be called from another thread to end a send that hangs. */
    @Override
    void close();
}
