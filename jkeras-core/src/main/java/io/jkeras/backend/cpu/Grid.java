package io.jkeras.backend.cpu;

/**
 * A cut of an m x n matrix into {@code rows x cols} rectangles whose edges fall on multiples of
 * {@code rowAlign} and {@code colAlign}. {@link #of} picks as many rectangles as there are threads
 * (fewer when the matrix is small) and, among those, the most nearly square ones.
 */
record Grid(int m, int n, int rowAlign, int colAlign, int rows, int cols) {

    static Grid of(int m, int n, int rowAlign, int colAlign, int threads) {
        int mb = ceilDiv(m, rowAlign), nb = ceilDiv(n, colAlign);
        int bestR = 1, bestC = 1;
        double bestCost = Double.MAX_VALUE;
        for (int r = 1; r <= Math.min(threads, mb); r++) {
            int cl = Math.min(threads / r, nb);
            // more rectangles first, then the smaller half-perimeter
            double cost = -(double) r * cl * 1e12 + (double) m / r + (double) n / cl;
            if (cost < bestCost) {
                bestCost = cost;
                bestR = r;
                bestC = cl;
            }
        }
        return new Grid(m, n, rowAlign, colAlign, bestR, bestC);
    }

    int tiles() { return rows * cols; }
    int rowStart(int t) { return cut(t / cols, rows, m, rowAlign); }
    int rowEnd(int t) { return cut(t / cols + 1, rows, m, rowAlign); }
    int colStart(int t) { return cut(t % cols, cols, n, colAlign); }
    int colEnd(int t) { return cut(t % cols + 1, cols, n, colAlign); }

    private static int cut(int i, int parts, int len, int align) {
        long blocks = ceilDiv(len, align);
        return (int) Math.min(len, blocks * i / parts * align);
    }

    static int ceilDiv(int x, int d) {
        return (x + d - 1) / d;
    }
}
