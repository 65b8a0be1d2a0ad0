package io.rolegate.engine.config;

/**
 * Turns one top-level section of the file into its record. Each section ({@code listen}, {@code upstream}, and
 * later {@code directory}, {@code mappings}, ...) is one small binder; the reader collects the problems.
 */
public interface SectionBinder<T> {

    /** The top-level key, e.g. {@code listen}. */
    String key();

    /** Reads the section (possibly empty: then every default applies) and never throws for bad input. */
    T bind(SectionReader section);
}
