package io.rolegate.engine.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.rolegate.engine.auth.CertificateMapping;
import io.rolegate.engine.auth.DirectoryLogin;
import io.rolegate.engine.auth.LoginOutcome;
import io.rolegate.engine.policy.RequestContext;
import io.rolegate.engine.protocol.BackendMessages;
import io.rolegate.engine.protocol.SqlState;
import io.rolegate.engine.protocol.StartupPacket.StartupMessage;
import io.rolegate.engine.protocol.TypedMessageDecoder;
import io.rolegate.engine.provisioning.ManagedSecrets;
import io.rolegate.engine.threads.OldestFirst;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Directory authentication: the proxy asks the client for its password (only over TLS, or on loopback when the
 * admin opted in), checks it with an LDAP bind and decides from the directory on a worker thread, then logs in
 * upstream itself as the user's managed role. The client sees AuthenticationOk only once all of that succeeded
 * and was audited.
 */
public final class DirectoryAuthenticator implements Authenticator {
    private final DirectoryLogin login;
    private final ManagedSecrets secrets;
    private final OldestFirst workers;
    private final LoginAdmission admission;
    private final Clock clock;
    private final CertificateMapping certificates;

    /**
     * @param workers      the login workers, oldest login first
     * @param admission    refuses early (53300) what the workers cannot serve in time
     * @param certificates how a verified client certificate names its user; null: passwords only
     */
    public DirectoryAuthenticator(DirectoryLogin login, ManagedSecrets secrets, OldestFirst workers,
                                  LoginAdmission admission, Clock clock, CertificateMapping certificates) {
        this.login = login;
        this.secrets = secrets;
        this.workers = workers;
        this.admission = admission;
        this.clock = clock;
        this.certificates = certificates;
    }

    /** The login queue's admission, for the metrics. */
    public LoginAdmission admission() {
        return admission;
    }

    @Override
    public void begin(Session session, StartupMessage startup, ChannelHandlerContext startupHandler) {
        Channel client = session.client();
        boolean tls = startupHandler.pipeline().get(SslHandler.class) != null;
        boolean loopbackAllowed = session.addresses().loopbackAllTheWay()
                && session.context().config().listen().allowCleartextOnLoopback();
        if (!tls && !loopbackAllowed) {
            session.refuse(SqlState.CONNECTION_REJECTED, "rolegate: directory authentication sends your password,"
                    + " so it needs TLS: connect with sslmode=require");
            return;
        }
        RequestContext request = new RequestContext(startup.user(), startup.database(), session.addresses().ip(),
                startup.applicationName(), clock.instant(),
                session.context().registry().liveSessionsOf(startup.user()) - 1);
        var early = login.beforePassword(request);
        if (early.isPresent()) {
            session.refuse(early.get().sqlState(), early.get().message());
            return;
        }
        LoginAdmission.Result admitted = admission.admit();
        if (admitted.refused().isPresent()) {
            session.refuse(DisconnectReason.TOO_MANY_CONNECTIONS, SqlState.TOO_MANY_CONNECTIONS, admitted.refusal());
            return;
        }
        session.whenStartupDone(admitted.ticket()::done);
        session.transition(SessionState.AUTHENTICATING);
        X509Certificate certificate = certificates == null ? null
                : ClientTls.peerCertificate(startupHandler.pipeline());
        if (certificate != null) {
            // The handshake verified it against listen.tls.clientCa: it stands in for the password.
            session.relays().install(client);
            client.config().setAutoRead(false);
            decide(session, () -> login.loginWithCertificate(request, certificate, certificates), null);
            return;
        }
        var throttled = login.throttled(request); // password logins only: a certificate guesses nothing
        if (throttled.isPresent()) {
            throttled(session, throttled.get()); // before the password: no worker, no directory
            return;
        }
        String name = startupHandler.name();
        int max = session.context().limits().maxStartupPacket();
        startupHandler.pipeline().addAfter(name, "password-messages", new TypedMessageDecoder(max));
        startupHandler.pipeline().addAfter("password-messages", "password",
                new PasswordReader(session, (ctx, password) -> passwordRead(session, request, ctx, password)));
        client.writeAndFlush(BackendMessages.authenticationCleartextPassword(client.alloc()));
    }

    private void passwordRead(Session session, RequestContext request, ChannelHandlerContext ctx, char[] password) {
        Channel client = session.client();
        client.config().setAutoRead(false); // nothing more to read until the login is decided
        session.relays().install(client);
        ctx.pipeline().remove(ctx.name());
        ctx.pipeline().remove("password-messages");
        java.util.Optional<LoginOutcome> known = login.loginFromMemory(request, password);
        if (known.isPresent()) {
            java.util.Arrays.fill(password, '\0');
            decided(session, known.get(), false);
            return;
        }
        decide(session, () -> login.login(request, password), () -> java.util.Arrays.fill(password, '\0'));
    }

    /** Runs the login on a worker; {@code dropped} cleans up when the worker pool refuses it. */
    private void decide(Session session, Supplier<LoginOutcome> work, Runnable dropped) {
        CompletableFuture<LoginOutcome> outcome;
        // The time before the queue (TLS handshake, the client's password reply) may be the client's own: the
        // admission weighs it only while many logins are under way
        long queued = System.nanoTime();
        try {
            outcome = CompletableFuture.supplyAsync(() -> {
                var stale = admission.stale(session.outcome().nanosSinceAccepted(), System.nanoTime() - queued);
                if (stale.isPresent()) { // it would run into the startup timeout: tell it now, spare the work
                    if (dropped != null) {
                        dropped.run();
                    }
                    return new LoginOutcome.Refused(SqlState.TOO_MANY_CONNECTIONS, stale.get(), "server busy");
                }
                return work.get();
            }, workersFor(session));
        } catch (RejectedExecutionException e) {
            if (dropped != null) {
                dropped.run();
            }
            session.refuse(SqlState.TOO_MANY_CONNECTIONS, "rolegate: too many logins in progress; try again shortly");
            return;
        }
        continueWith(session, outcome, false);
    }

    /** Back on the event loop with a login outcome: refuse, or log in upstream as the managed role. */
    private void continueWith(Session session, CompletableFuture<LoginOutcome> outcome, boolean retried) {
        outcome.whenComplete((result, failure) -> session.client().eventLoop().execute(() -> {
            if (failure != null) {
                session.terminate(DisconnectReason.INTERNAL_ERROR, "rolegate: the login failed inside the proxy;"
                        + " see its log");
            } else {
                decided(session, result, retried);
            }
        }));
    }

    /** On the event loop with the login's outcome: refuse, or log in upstream as the managed role. */
    private void decided(Session session, LoginOutcome result, boolean retried) {
        if (result instanceof LoginOutcome.Refused refused) {
            session.refuse(refused.sqlState(), refused.message());
        } else if (result instanceof LoginOutcome.Throttled throttled) {
            throttled(session, throttled);
        } else {
            loginUpstream(session, (LoginOutcome.Granted) result, retried);
        }
    }

    /** Refused by the login throttle; the first refusal of a burst is audited, the rest are not. */
    private static void throttled(Session session, LoginOutcome.Throttled throttled) {
        if (throttled.firstOfBurst()) {
            session.context().audit().throttled(session, throttled.message());
        }
        session.refuse(DisconnectReason.LOGIN_THROTTLED, throttled.sqlState(), throttled.message());
    }

    /** The server rejected the managed role's password: set it again once, then log in on a new connection. */
    private boolean retry(Session session, LoginOutcome.Granted granted, boolean retried) {
        if (retried) {
            return false;
        }
        session.server().abandon();
        session.transition(SessionState.CONNECTING);
        try {
            continueWith(session, CompletableFuture.supplyAsync(() -> login.resetPassword(granted),
                    workersFor(session)), true);
        } catch (RejectedExecutionException e) {
            return false;
        }
        return true;
    }

    private void loginUpstream(Session session, LoginOutcome.Granted granted, boolean retried) {
        SessionState expected = retried ? SessionState.CONNECTING : SessionState.AUTHENTICATING;
        if (!session.client().isActive() || session.state() != expected) {
            return; // the client left while the directory was asked
        }
        session.identity().directory(granted.userDn(), granted.role(), granted.roles(), granted.groups());
        Map<String, String> parameters = upstreamParameters(session, granted);
        session.identity().takesRoleAtStartup(parameters);
        KeptConnections kept = session.context().registry().keptConnections();
        AccessAudit audit = session.context().audit();
        if (kept.enabled() && !retried) {
            String key = KeptConnections.key(granted.role(), parameters);
            session.server().keepableAs(key);
            KeptConnections.Kept waiting = kept.take(session.client().eventLoop(), key);
            if (waiting != null) {
                // admitted at once: the decision and the admission go into one commit, the client waits for one
                UpstreamStartup.resume(session, waiting,
                        () -> audit.decidedAndAdmitted(session, granted.explanation(), granted.executed()));
                return;
            }
        }
        if (retried) {
            audit.passwordSetAgain(session, granted.executed());
        } else {
            audit.decided(session, granted.explanation(), granted.executed());
        }
        UpstreamAttempt.start(session, parameters, new ManagedScram(
                granted.role(), granted.generation(), secrets, workersFor(session),
                () -> retry(session, granted, retried)));
    }

    /** The login workers, with this session's login in its place: the oldest login is served first. */
    private Executor workersFor(Session session) {
        return workers.forLoginAcceptedAt(session.outcome().acceptedNanos());
    }

    /** The client's parameters, as the managed role, with the group's session settings applied at startup. */
    private static Map<String, String> upstreamParameters(Session session, LoginOutcome.Granted granted) {
        Map<String, String> params = new LinkedHashMap<>(session.startup().parameters());
        params.put("user", granted.role());
        params.putIfAbsent("database", session.startup().database());
        params.putAll(granted.settings());
        return params;
    }
}
