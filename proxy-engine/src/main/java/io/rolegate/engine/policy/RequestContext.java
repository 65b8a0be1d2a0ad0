package io.rolegate.engine.policy;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * What the proxy knows about a connection when it decides.
 *
 * @param username        the login name the client sent
 * @param database        the database the client asked for; null when re-evaluating a user's access as a whole
 *                        (role memberships are cluster-wide), which no client can ask for
 * @param clientAddress   where the connection comes from
 * @param applicationName the client's application_name, empty when it sent none
 * @param time            when the decision is made
 * @param liveSessions    how many sessions this user already has open through the proxy
 */
public record RequestContext(String username, String database, InetAddress clientAddress, String applicationName,
                             Instant time, int liveSessions) {
    public RequestContext {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(time, "time");
        applicationName = applicationName == null ? "" : applicationName;
        if (liveSessions < 0) {
            throw new IllegalArgumentException("liveSessions cannot be negative");
        }
    }

    /** The same request, counting {@code n} open sessions (the directory entry's, once it is known). */
    public RequestContext withLiveSessions(int n) {
        return new RequestContext(username, database, clientAddress, applicationName, time, n);
    }
}
