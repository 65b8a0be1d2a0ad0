/**
 * Directory change watchers: learn within a second that a user or group changed, so access can be re-evaluated.
 *
 * <p>{@link io.rolegate.engine.directory.watch.DirectoryWatchers#create} builds a
 * {@link io.rolegate.engine.directory.watch.DirectoryWatcher} for {@code directory.watch}:
 * <ul>
 *   <li>{@code syncrepl} — RFC 4533 refreshAndPersist (OpenLDAP with syncprov); resumes from the in-memory cookie
 *       after a reconnect, {@code e-syncRefreshRequired} → RESYNC and a fresh refresh;</li>
 *   <li>{@code psearch} — persistent search with entry change notification (389-DS/OpenDJ family); no resume, so
 *       a reconnect → RESYNC;</li>
 *   <li>{@code ad-notify} — Active Directory's notification control, one-level registrations per container plus
 *       Deleted Objects, four per connection; a reconnect → RESYNC;</li>
 *   <li>{@code poll} — the server's changelog ({@code cn=changelog}), else modifyTimestamp plus a DN listing;</li>
 *   <li>{@code auto} — the first of syncrepl, ad-notify (AD flavour), psearch the root DSE advertises, else poll;</li>
 *   <li>{@code off}.</li>
 * </ul>
 * A push mechanism the server does not offer falls back to polling and says why in
 * {@link io.rolegate.engine.directory.watch.WatchHealth#fallbackReason()}. Every watcher runs on one named daemon
 * thread, reconnects with exponential backoff, and calls its listener on that thread only.
 */
package io.rolegate.engine.directory.watch;
