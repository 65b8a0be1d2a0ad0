package io.rolegate.console.attach;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.remote.EngineTrust;
import io.rolegate.engine.api.remote.RemoteEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which engine to attach to and how to verify its certificate: {@code --attach https://HOST:PORT}, optionally
 * {@code --attach-ca FILE} (PEM CAs instead of the system's) or {@code --attach-pin SHA256} (exactly that
 * certificate, for an engine's self-signed one), from the command line or the "Connect to engine…" dialog.
 */
public record AttachRequest(String url, Path caFile, String pin) {
    public AttachRequest {
        if (url == null || url.isBlank()) {
            throw new EngineException("give the engine's admin API URL: https://HOST:PORT");
        }
        pin = pin == null || pin.isBlank() ? null : pin.strip();
        if (caFile != null && pin != null) {
            throw new EngineException("give either a CA file or a certificate pin, not both");
        }
        if (caFile != null && !Files.isReadable(caFile)) {
            throw new EngineException("cannot read the CA file " + caFile);
        }
    }

    /** From the console's command line, or empty without {@code --attach}. */
    public static Optional<AttachRequest> fromArguments(List<String> args) {
        Optional<String> url = value(args, "--attach");
        if (url.isEmpty()) {
            if (value(args, "--attach-ca").isPresent() || value(args, "--attach-pin").isPresent()) {
                throw new EngineException("--attach-ca and --attach-pin go with --attach https://HOST:PORT");
            }
            return Optional.empty();
        }
        return Optional.of(new AttachRequest(url.get(), value(args, "--attach-ca").map(Path::of).orElse(null),
                value(args, "--attach-pin").orElse(null)));
    }

    /** {@code --name value} or {@code --name=value}. */
    private static Optional<String> value(List<String> args, String name) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith(name + "=")) {
                return Optional.of(a.substring(name.length() + 1));
            }
            if (a.equals(name)) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new EngineException(name + " needs a value");
                }
                return Optional.of(args.get(i + 1));
            }
        }
        return Optional.empty();
    }

    public EngineTrust trust() {
        if (pin != null) {
            return EngineTrust.pin(pin);
        }
        return caFile != null ? EngineTrust.caFile(caFile) : EngineTrust.system();
    }

    /** The client for this engine (nothing sent yet). */
    public RemoteEngine engine() {
        return RemoteEngine.at(url, trust());
    }
}
