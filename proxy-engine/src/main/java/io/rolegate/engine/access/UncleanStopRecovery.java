package io.rolegate.engine.access;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.provisioning.RoleProvisioner;
import io.rolegate.engine.provisioning.RoleState;
import io.rolegate.engine.store.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * After an unclean stop (kill -9, out of memory, the machine went down), every managed role Rolegate finds upstream
 * is decided again against the directory and brought into agreement, once, at start: a revocation that was under
 * way, a login whose role was created but never used, a membership the directory took away while the engine was
 * down. Provisioning is one transaction per role, so PostgreSQL never holds half a change; what can be stale is
 * the change itself. Says what it did in the log and the audit ("recovered after an unclean stop: N roles
 * reconciled"). Blocking: runs on its own thread, while the engine already serves.
 */
public final class UncleanStopRecovery {
    private static final Logger log = LoggerFactory.getLogger(UncleanStopRecovery.class);

    private final Reevaluation reevaluation;
    private final RoleProvisioner provisioner;
    private final AuditLog audit;

    public UncleanStopRecovery(Reevaluation reevaluation, RoleProvisioner provisioner, AuditLog audit) {
        this.reevaluation = reevaluation;
        this.provisioner = provisioner;
        this.audit = audit;
    }

    /** Starts the pass on a background thread. */
    public void start() {
        Thread t = new Thread(io.rolegate.engine.threads.BackgroundThreads.lowPriority(this::run),
                "rolegate-recovery");
        t.setDaemon(true);
        t.start();
    }

    /** Re-decides every managed role; returns how many were checked and how many of them changed. */
    public Result run() {
        List<String> roles = new ArrayList<>();
        try {
            for (RoleState r : provisioner.listRoles()) {
                if (r.managed()) {
                    roles.add(r.name());
                }
            }
        } catch (SQLException e) {
            log.warn("recovery after an unclean stop: cannot list the managed roles ({}); the periodic"
                    + " reconciliation will check them", e.getMessage());
            return new Result(0, 0, 0);
        }
        int changed = 0;
        int failed = 0;
        for (String role : roles) {
            try {
                RoleState before = provisioner.state(role);
                reevaluation.enforce(role, "recovery after an unclean stop");
                if (!provisioner.state(role).equals(before)) {
                    changed++;
                }
            } catch (SQLException | RuntimeException e) {
                failed++;
                log.warn("recovery after an unclean stop: could not reconcile role {}: {}", role, e.getMessage());
            }
        }
        Result result = new Result(roles.size() - failed, changed, failed);
        String message = "recovered after an unclean stop: " + result.reconciled() + " roles reconciled ("
                + changed + " changed" + (failed > 0 ? ", " + failed + " failed: see the log" : "") + ")";
        log.info(message);
        audit.append(AuditEvent.of(AuditEventType.ENGINE_RECOVERED, message).withActor("rolegate"));
        return result;
    }

    /** @param reconciled managed roles checked; changed: brought back into agreement; failed: could not be */
    public record Result(int reconciled, int changed, int failed) {
    }
}
