package io.rolegate.engine.config;

public enum ListenTlsMode { OFF, OPTIONAL, REQUIRED }
