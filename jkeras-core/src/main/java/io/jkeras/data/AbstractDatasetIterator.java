package io.jkeras.data;

import java.util.NoSuchElementException;

/** A {@link DatasetIterator} written as {@link #computeNext()} (Guava's AbstractIterator pattern). */
abstract class AbstractDatasetIterator<T> implements DatasetIterator<T> {
    private T next;
    private boolean done, closed;

    /** The next element, or {@link #endOfData()} when there are no more. */
    protected abstract T computeNext();

    protected final T endOfData() {
        done = true;
        return null;
    }

    /** Releases what this pass holds (upstream iterators, threads, files); called once. */
    protected void onClose() {}

    @Override public final boolean hasNext() {
        if (next != null) return true;
        if (done || closed) return false;
        T t = computeNext();
        if (done) {
            close();
            return false;
        }
        if (t == null) throw new NullPointerException("Dataset elements must not be null (a map or generator function returned null)");
        next = t;
        return true;
    }

    @Override public final T next() {
        if (!hasNext()) throw new NoSuchElementException("The dataset pass is exhausted");
        T t = next;
        next = null;
        return t;
    }

    @Override public final void close() {
        if (closed) return;
        closed = true;
        next = null;
        onClose();
    }
}
