package io.jkeras.datasets;

/**
 * A dataset could not be found or fetched. The message names the files expected, the folder they
 * belong in and the commands that provide them.
 */
public class DatasetUnavailableException extends RuntimeException {
    public DatasetUnavailableException(String message) { super(message); }
    public DatasetUnavailableException(String message, Throwable cause) { super(message, cause); }
}
