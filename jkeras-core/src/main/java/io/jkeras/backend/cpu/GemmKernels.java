package io.jkeras.backend.cpu;

/**
 * Picks the float32 GEMM kernel at start-up: the Vector API one when {@code jdk.incubator.vector} is
 * in the boot layer and links, otherwise the plain-Java one, with one log line saying how to get the
 * fast path. The system property {@code jkeras.gemm.vector=false} forces the plain-Java kernel.
 */
final class GemmKernels {
    private static final System.Logger LOG = System.getLogger(Gemm.class.getName());
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private GemmKernels() {}

    static SgemmKernel loadSgemm() {
        if (!Boolean.parseBoolean(System.getProperty("jkeras.gemm.vector", "true"))) {
            return new ScalarSgemm();
        }
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "jkeras: the Vector API is not enabled, so matrix products use the "
                    + "plain-Java kernel (several times slower); start java with --add-modules " + VECTOR_MODULE
                    + " to enable the fast path");
            return new ScalarSgemm();
        }
        try {
            SgemmKernel k = PanamaSgemm.createOrNull();
            if (k != null) return k;
            LOG.log(System.Logger.Level.INFO, "jkeras: this CPU's vectors are too narrow for the Vector API "
                    + "matrix kernel; using the plain-Java kernel");
        } catch (LinkageError | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "jkeras: the Vector API matrix kernel failed to load (" + e
                    + "); using the plain-Java kernel. Start java with --add-modules " + VECTOR_MODULE
                    + " to enable the fast path");
        }
        return new ScalarSgemm();
    }
}
