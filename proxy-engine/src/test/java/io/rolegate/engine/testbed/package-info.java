/**
 * Fixtures shared by the tests of more than one room; a fixture used by one room's tests stays in that room.
 * <ul>
 *   <li>{@link io.rolegate.engine.testbed.Eventually}: the one bounded wait for what happens on another thread.</li>
 *   <li>{@link io.rolegate.engine.testbed.TestPostgres}, {@link io.rolegate.engine.testbed.TestProxy},
 *       {@link io.rolegate.engine.testbed.RawClient}: a real PostgreSQL, an engine in front of it, a client that
 *       speaks the wire protocol byte by byte.</li>
 *   <li>{@link io.rolegate.engine.testbed.TestStores}: a fresh store on H2 or PostgreSQL, and raw access to a
 *       closed store's database.</li>
 *   <li>{@link io.rolegate.engine.testbed.TestDirectory} (in-memory LDAP), {@link io.rolegate.engine.testbed.SlapdServer}
 *       and {@link io.rolegate.engine.testbed.SambaAd} (real directory servers, see
 *       {@link io.rolegate.engine.testbed.RealServers}), {@link io.rolegate.engine.testbed.DirectoryProxies} and
 *       {@link io.rolegate.engine.testbed.LiveSessions} (engines in directory mode, revocation of live sessions).</li>
 *   <li>{@link io.rolegate.engine.testbed.TestCertificates}, {@link io.rolegate.engine.testbed.CertificateLogins},
 *       {@link io.rolegate.engine.testbed.TrustAnyServer}: certificates and TLS logins.</li>
 *   <li>{@link io.rolegate.engine.testbed.CapturedLogs}, {@link io.rolegate.engine.testbed.DataDirectoryScan}: what the
 *       engine logged and wrote to disk.</li>
 * </ul>
 */
package io.rolegate.engine.testbed;
