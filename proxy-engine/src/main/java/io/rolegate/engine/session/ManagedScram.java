package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.rolegate.engine.auth.ScramClient;
import io.rolegate.engine.protocol.AuthenticationMessages;
import io.rolegate.engine.protocol.BackendMessages;
import io.rolegate.engine.protocol.FrontendMessages;
import io.rolegate.engine.protocol.ProtocolViolation;
import io.rolegate.engine.provisioning.ManagedSecrets;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The proxy's own SCRAM-SHA-256 login upstream as a managed role, answering the server's authentication requests
 * in place of the client (who authenticated against the directory instead). The secret is derived, never stored.
 */
final class ManagedScram {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String role;
    private final int generation;
    private final ManagedSecrets secrets;
    private final Executor workers;
    private final ScramClient scram;
    private final java.util.function.BooleanSupplier retry;

    /**
     * @param workers where the keys are derived when they are not kept yet (after a restart): PBKDF2 takes
     *                milliseconds, which would stall every session on the event loop
     * @param retry   called when the server rejects the managed role's password (an administrator changed it, or an
     *                engine with another master key set it); true when a new login is under way
     */
    ManagedScram(String role, int generation, ManagedSecrets secrets, Executor workers,
                 java.util.function.BooleanSupplier retry) {
        this.role = role;
        this.generation = generation;
        this.secrets = secrets;
        this.workers = workers;
        this.retry = retry;
        this.scram = new ScramClient(s -> secrets.keys(role, generation, s.salt(), s.iterations()), RANDOM);
    }

    /** A new exchange for the same role, to log in to another server (one exchange is good for one server). */
    ManagedScram again() {
        return new ManagedScram(role, generation, secrets, workers, retry);
    }

    /** True once the server proved, by its SCRAM signature, that it knows the managed role's password. */
    boolean serverVerified() {
        return scram.serverVerified();
    }

    boolean retryAfterRejectedPassword() {
        return retry.getAsBoolean();
    }

    /**
     * Answers one Authentication request (not AuthenticationOk). {@code failed} hears of a failure that happens
     * later, off the event loop; one that happens now is thrown.
     */
    void answer(int code, ByteBuf body, Channel upstream, Consumer<RuntimeException> failed) {
        switch (code) {
            case BackendMessages.AUTH_SASL -> {
                if (!AuthenticationMessages.saslMechanisms(body).contains(AuthenticationMessages.SCRAM_SHA_256)) {
                    throw refusal("the server does not offer SCRAM-SHA-256");
                }
                upstream.writeAndFlush(initialResponse(upstream.alloc(), scram.clientFirst()));
            }
            case BackendMessages.AUTH_SASL_CONTINUE -> continueExchange(payload(body), upstream, failed);
            case BackendMessages.AUTH_SASL_FINAL -> scram.verifyServerFinal(payload(body));
            default -> throw refusal("the server asks for authentication method " + code
                    + "; managed roles need scram-sha-256 in pg_hba.conf");
        }
    }

    /** Answers server-first at once when the keys are kept; otherwise derives them on a worker first. */
    private void continueExchange(String serverFirst, Channel upstream, Consumer<RuntimeException> failed) {
        ScramClient.Salt salt = ScramClient.saltOf(serverFirst);
        if (secrets.hasKeys(role, generation, salt.salt(), salt.iterations())) {
            upstream.writeAndFlush(response(upstream.alloc(), scram.clientFinal(serverFirst)));
            return;
        }
        upstream.config().setAutoRead(false); // the server waits for our answer anyway
        CompletableFuture<Void> derived;
        try {
            derived = CompletableFuture.runAsync(() -> secrets.keys(role, generation, salt.salt(),
                    salt.iterations()), workers);
        } catch (RejectedExecutionException e) {
            throw refusal("too many logins in progress to derive its keys; try again shortly");
        }
        derived.whenComplete((done, failure) -> upstream.eventLoop().execute(() -> {
            if (!upstream.isActive()) {
                return;
            }
            try {
                if (failure != null) {
                    throw refusal("deriving its SCRAM keys failed: " + failure.getMessage());
                }
                upstream.writeAndFlush(response(upstream.alloc(), scram.clientFinal(serverFirst)));
                upstream.config().setAutoRead(true);
            } catch (RuntimeException e) {
                failed.accept(e);
            }
        }));
    }

    private ProtocolViolation refusal(String why) {
        return new ProtocolViolation("cannot log in upstream as managed role \"" + role + "\": " + why);
    }

    private static String payload(ByteBuf body) {
        return body.toString(body.readerIndex() + 4, body.readableBytes() - 4, StandardCharsets.UTF_8);
    }

    private static ByteBuf initialResponse(ByteBufAllocator alloc, String clientFirst) {
        byte[] data = clientFirst.getBytes(StandardCharsets.UTF_8);
        ByteBuf payload = alloc.buffer();
        payload.writeBytes(AuthenticationMessages.SCRAM_SHA_256.getBytes(StandardCharsets.US_ASCII)).writeByte(0);
        payload.writeInt(data.length).writeBytes(data);
        try {
            return FrontendMessages.password(alloc, payload);
        } finally {
            payload.release();
        }
    }

    private static ByteBuf response(ByteBufAllocator alloc, String clientFinal) {
        ByteBuf payload = alloc.buffer().writeBytes(clientFinal.getBytes(StandardCharsets.UTF_8));
        try {
            return FrontendMessages.password(alloc, payload);
        } finally {
            payload.release();
        }
    }
}
