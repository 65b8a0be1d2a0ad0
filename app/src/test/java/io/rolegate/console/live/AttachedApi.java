package io.rolegate.console.live;

import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.remote.ApiServer;
import io.rolegate.engine.api.remote.EngineTrust;
import io.rolegate.engine.api.remote.RemoteEngine;
import io.rolegate.engine.config.ApiConfig;

import java.nio.file.Path;
import java.time.Clock;

/**
 * An engine's admin API as the console tests attach to it: a free loopback port, the engine's own self-signed
 * certificate (which the console is told to trust, {@code --attach-ca}), the default token lifetime on {@code clock}.
 */
record AttachedApi(ApiServer server, Path certificate) implements AutoCloseable {
    static AttachedApi serve(Engine engine, Clock clock) {
        ApiServer server = ApiServer.start(engine, new ApiConfig(true, "127.0.0.1", 0, null, null, true, null,
                ApiConfig.DEFAULT_TOKEN_LIFETIME), clock);
        return new AttachedApi(server, engine.dataDirectory().resolve("tls/self-signed.crt"));
    }

    String url() {
        return "https://127.0.0.1:" + server.address().getPort();
    }

    /** The console's own client of it (what {@code --attach} runs), trusting the certificate; nothing sent yet. */
    RemoteEngine remote() {
        return RemoteEngine.at(url(), EngineTrust.caFile(certificate));
    }

    @Override
    public void close() {
        server.close();
    }
}
