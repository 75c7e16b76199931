package io.jkeras.callbacks;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A callback made of lambdas, for quick one-off hooks (Keras's {@code keras.callbacks.LambdaCallback}).
 *
 * <pre>{@code
 * Callback printer = new LambdaCallback()
 *         .onEpochEnd((epoch, logs) -> System.out.println(epoch + " " + logs.get("loss")))
 *         .onTrainEnd(logs -> System.out.println("done"));
 * }</pre>
 *
 * The epoch and batch hooks get the index and the logs; the train hooks get the logs.
 */
public final class LambdaCallback implements Callback {
    private BiConsumer<Integer, Map<String, Double>> epochBegin, epochEnd, batchBegin, batchEnd;
    private Consumer<Map<String, Double>> trainBegin, trainEnd;

    public LambdaCallback onEpochBegin(BiConsumer<Integer, Map<String, Double>> f) { epochBegin = f; return this; }
    public LambdaCallback onEpochEnd(BiConsumer<Integer, Map<String, Double>> f) { epochEnd = f; return this; }
    /** Called before each training batch (Keras's {@code on_train_batch_begin} / {@code on_batch_begin}). */
    public LambdaCallback onBatchBegin(BiConsumer<Integer, Map<String, Double>> f) { batchBegin = f; return this; }
    /** Called after each training batch with the running logs. */
    public LambdaCallback onBatchEnd(BiConsumer<Integer, Map<String, Double>> f) { batchEnd = f; return this; }
    public LambdaCallback onTrainBegin(Consumer<Map<String, Double>> f) { trainBegin = f; return this; }
    public LambdaCallback onTrainEnd(Consumer<Map<String, Double>> f) { trainEnd = f; return this; }

    @Override public void onEpochBegin(int epoch, Map<String, Double> logs) { if (epochBegin != null) epochBegin.accept(epoch, logs); }
    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) { if (epochEnd != null) epochEnd.accept(epoch, logs); }
    @Override public void onTrainBatchBegin(int batch, Map<String, Double> logs) { if (batchBegin != null) batchBegin.accept(batch, logs); }
    @Override public void onTrainBatchEnd(int batch, Map<String, Double> logs) { if (batchEnd != null) batchEnd.accept(batch, logs); }
    @Override public void onTrainBegin(Map<String, Double> logs) { if (trainBegin != null) trainBegin.accept(logs); }
    @Override public void onTrainEnd(Map<String, Double> logs) { if (trainEnd != null) trainEnd.accept(logs); }
}
