package io.jkeras.backend;

import io.jkeras.backend.cpu.CpuBackend;

/** Holds the active backend. The pure-Java CPU backend is the default. */
public final class Backends {
    private static volatile Backend current = new CpuBackend();

    private Backends() {}

    public static Backend current() { return current; }

    /** Makes {@code backend} the one every op dispatches to from now on. */
    public static void set(Backend backend) { current = java.util.Objects.requireNonNull(backend, "backend"); }
}
