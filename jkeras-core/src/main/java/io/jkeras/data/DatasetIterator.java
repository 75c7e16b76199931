package io.jkeras.data;

import java.util.Iterator;

/**
 * One pass over a {@link Dataset}. Close it when stopping early, so background threads
 * (prefetch, parallel map) and open files end; a pass that runs to its end closes itself.
 */
public interface DatasetIterator<T> extends Iterator<T>, AutoCloseable {
    @Override void close();
}
