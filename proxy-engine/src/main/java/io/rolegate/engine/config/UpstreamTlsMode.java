package io.rolegate.engine.config;

/** The libpq sslmode values the proxy honours towards the server. */
public enum UpstreamTlsMode { DISABLE, PREFER, REQUIRE, VERIFY_FULL }
