package io.jkeras.backend;

import java.util.Arrays;

/**
 * The spatial geometry of one N-d convolution or pooling window (N = 1, 2 or 3), channels last:
 * output cell {@code o} along spatial axis {@code i} reads input cells
 * {@code o*strides[i] + t*dilation[i] - padBefore[i]} for taps {@code t < kernel[i]}; cells outside
 * {@code [0, in[i])} count as padding. Built and checked by {@link io.jkeras.ops.NNOps}; a backend
 * trusts it.
 *
 * @param in        input spatial sizes
 * @param out       output spatial sizes
 * @param kernel    window (kernel or pool) sizes
 * @param strides   strides
 * @param dilation  dilation rates (1 for pooling)
 * @param padBefore padding before each spatial axis (the padding after is implied by {@code out})
 */
public record ConvGeometry(int[] in, int[] out, int[] kernel, int[] strides, int[] dilation, int[] padBefore) {

    public ConvGeometry {
        int n = in.length;
        if (out.length != n || kernel.length != n || strides.length != n || dilation.length != n || padBefore.length != n)
            throw new IllegalArgumentException("ConvGeometry: all arrays need " + n + " entries");
        in = in.clone(); out = out.clone(); kernel = kernel.clone(); strides = strides.clone();
        dilation = dilation.clone(); padBefore = padBefore.clone();
    }

    /** Number of spatial axes. */
    public int rank() { return in.length; }

    /** Product of the input spatial sizes. */
    public int inSize() { return prod(in); }

    /** Product of the output spatial sizes. */
    public int outSize() { return prod(out); }

    /** Number of taps in one window. */
    public int kernelSize() { return prod(kernel); }

    /**
     * The same geometry with 3 spatial axes: missing leading axes get size 1, window 1, stride 1,
     * no padding, so kernels written for 3-d serve 1-d and 2-d too.
     */
    public ConvGeometry to3d() {
        if (rank() == 3) return this;
        return new ConvGeometry(lift(in, 1), lift(out, 1), lift(kernel, 1), lift(strides, 1), lift(dilation, 1), lift(padBefore, 0));
    }

    private static int[] lift(int[] a, int fill) {
        int[] r = new int[3];
        Arrays.fill(r, fill);
        System.arraycopy(a, 0, r, 3 - a.length, a.length);
        return r;
    }

    private static int prod(int[] a) {
        long p = 1;
        for (int v : a) p *= v;
        return Math.toIntExact(p);
    }

    @Override public boolean equals(Object o) {
        return o instanceof ConvGeometry g && Arrays.equals(in, g.in) && Arrays.equals(out, g.out) && Arrays.equals(kernel, g.kernel)
                && Arrays.equals(strides, g.strides) && Arrays.equals(dilation, g.dilation) && Arrays.equals(padBefore, g.padBefore);
    }

    @Override public int hashCode() {
        return Arrays.deepHashCode(new Object[] {in, out, kernel, strides, dilation, padBefore});
    }

    @Override public String toString() {
        return "ConvGeometry[in=" + Arrays.toString(in) + ", out=" + Arrays.toString(out) + ", kernel=" + Arrays.toString(kernel)
                + ", strides=" + Arrays.toString(strides) + ", dilation=" + Arrays.toString(dilation) + ", padBefore=" + Arrays.toString(padBefore) + "]";
    }
}
