package io.rolegate.engine.api.model;

import java.time.Instant;

/**
 * A point-in-time copy of one session, safe to hand to any thread.
 *
 * @param state            where the session is: {@link SessionActivity#label()} words it as pg_stat_activity does
 * @param tls              negotiated protocol and cipher towards the client, or null on plain TCP
 * @param backendPid       the upstream backend's pid (0 before the server sent it)
 * @param avgRoundTripMicros mean time from a request to its ReadyForQuery, 0 before the first
 * @param directoryDn      the directory entry that authenticated (null in passthrough)
 * @param role             the PostgreSQL role the session runs as upstream
 * @param roles            the mapped roles that role holds (empty in passthrough)
 * @param lastQuery        the current or last statement with its literals replaced by ?, or null
 * @param recordedBecause  why the session is recorded statement by statement (policies.record): "member of
 *                         cn=contractors,…" or "holds role payroll_rw"; null when it is not recorded
 * @param node             the fleet node the session lives on (fleet.node; decision 0028). A session of another node
 *                         carries only what that node publishes each second: user, directory entry, database, roles,
 *                         client, application, start, state, bytes and messages (the rest is zero or null)
 */
public record SessionSnapshot(long id, String user, String database, String applicationName, String clientAddress,
                              SessionActivity state, String tls, int backendPid, Instant started,
                              long bytesIn, long bytesOut, long messagesIn, long messagesOut,
                              long queries, long transactions, long errors, long avgRoundTripMicros,
                              String directoryDn, String role, java.util.Set<String> roles, String lastQuery,
                              String recordedBecause, String node) {
    public boolean recorded() {
        return recordedBecause != null;
    }
}
