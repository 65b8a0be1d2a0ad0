package io.rolegate.engine.access;

import io.rolegate.engine.protocol.SqlState;
import io.rolegate.engine.provisioning.RoleProvisioner;
import io.rolegate.engine.provisioning.RolesLost;
import io.rolegate.engine.session.DisconnectReason;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.session.SessionRegistry;
import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.store.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;

/**
 * A managed login role lost a membership (REVOKE): PostgreSQL re-checks inherited privileges at each statement, but
 * not a role a session already took with {@code SET ROLE} (or a {@code role} setting), and the proxy cannot see
 * which sessions did. So every session of that login role ends with 57P01 naming the lost roles, its kept server
 * connections are closed, and any remaining backend of the role (a direct login) is terminated. The user
 * reconnects at once with the roles they still have. Issue 13 item 2.
 */
public final class RoleLoss implements RolesLost {
    private static final Logger log = LoggerFactory.getLogger(RoleLoss.class);

    private final SessionRegistry sessions;
    private final RoleProvisioner provisioner;
    private final AuditLog audit;

    public RoleLoss(SessionRegistry sessions, RoleProvisioner provisioner, AuditLog audit) {
        this.sessions = sessions;
        this.provisioner = provisioner;
        this.audit = audit;
    }

    @Override
    public void lost(String loginRole, Set<String> lost) {
        String names = String.join(", ", new TreeSet<>(lost));
        String message = "rolegate: access revoked by the directory: role " + loginRole + " no longer has "
                + names + "; reconnect to continue with the roles you still have";
        sessions.keptConnections().evict(loginRole);
        List<Session> ending = new ArrayList<>();
        Set<Integer> loggingIn = new java.util.HashSet<>();
        for (Session s : sessions.directorySessionsOf(loginRole)) {
            if (s.state().isRelaying() || s.identity().takesRoleAtStartup()) {
                s.terminate(DisconnectReason.REVOKED, message);
                ending.add(s);
            } else if (s.newBackendPort() > 0) {
                // A login in flight — maybe the very login whose provisioning made this REVOKE, or one that raced a
                // group the user gained — on a backend of its own that has run nothing and taken no role: its
                // memberships are checked when it does, so it goes on (the soak once saw such a login ended).
                loggingIn.add(s.newBackendPort());
            }
        }
        SessionEnding.awaitTerminating(ending);
        // committed before the sweep: a node of the fleet whose session's backend it ends tells its client these words
        record(loginRole, message, RevocationSweeps.notice(loginRole).put("lost", names));
        int direct = 0;
        try {
            direct = provisioner.terminateBackends(loginRole, loggingIn);
        } catch (SQLException e) {
            log.warn("could not end the other backends of {} after it lost {}: {}", loginRole, names, e.getMessage());
        }
        if (!ending.isEmpty() || direct > 0) { // the REVOKE itself is in the record of whoever asked for it
            record(loginRole, "role " + loginRole + " lost " + names + "; " + ending.size() + " proxied and "
                    + direct + " other session(s) ended", AuditDetails.create().put("role", loginRole)
                    .put("lost", names));
        }
    }

    private void record(String loginRole, String message, AuditDetails details) {
        AuditEvent e = AuditEvent.of(AuditEventType.REVOCATION, message).withUser(loginRole).withActor("rolegate")
                .withSqlstate(SqlState.ADMIN_SHUTDOWN).withDetails(details);
        try {
            audit.append(e).get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ex) {
            log.warn("the audit log could not record: {}", message, ex);
        }
    }
}
