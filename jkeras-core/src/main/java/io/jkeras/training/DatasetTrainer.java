package io.jkeras.training;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.callbacks.Callback;
import io.jkeras.callbacks.CallbackParams;
import io.jkeras.callbacks.History;
import io.jkeras.data.Dataset;
import io.jkeras.data.DatasetIterator;
import io.jkeras.data.Sample;
import io.jkeras.models.Model;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code fit}, {@code evaluate} and {@code predict} on a {@link Dataset} of batches (Keras's
 * {@code EpochIterator} over a {@code tf.data.Dataset}), sharing the train and test steps, the
 * loss and metric trackers and the callbacks of the model's {@link Trainer}.
 *
 * <p>Each element is one batch. Without {@code stepsPerEpoch} an epoch is one full pass (a new
 * iterator each epoch). With it, the pass carries over from epoch to epoch; when it runs out the
 * epoch ends early with a warning and the next epoch starts a new pass (as in Keras 3). Memory
 * holds one batch at a time plus what the dataset itself buffers.
 */
public final class DatasetTrainer {
    private static final System.Logger LOG = System.getLogger(DatasetTrainer.class.getName());

    private DatasetTrainer() {}

    /** Keras 3's epoch iterator: a pass that may carry over between epochs. */
    private static final class Epochs<T> implements AutoCloseable {
        final Dataset<T> data;
        final Integer steps;          // steps per epoch, or null for full passes
        long numBatches;              // the pass length once known, else -1
        DatasetIterator<T> current;
        long seenInPass;

        Epochs(Dataset<T> data, Integer steps) {
            this.data = data;
            this.steps = steps;
            long c = data.cardinality();
            this.numBatches = c >= 0 ? c : -1;
        }

        /** Starts an epoch: a fresh pass unless one carries over. */
        void beginEpoch() {
            if (steps == null || current == null) {
                if (current != null) current.close();
                current = data.iterator();
                seenInPass = 0;
            }
        }

        /** The next batch of this epoch, or null when the epoch is over. */
        T next(int stepInEpoch) {
            if (steps != null && stepInEpoch >= steps) return null;
            if (steps != null && numBatches >= 0 && seenInPass >= numBatches) {
                interrupted();
                restart();
                return null;
            }
            if (!current.hasNext()) {
                if (numBatches < 0) numBatches = seenInPass;   // how an unknown length is learned
                if (stepInEpoch == 0 && seenInPass > 0) {
                    restart();                                 // the carried-over pass ended exactly at the epoch's start
                    if (current.hasNext()) {
                        seenInPass++;
                        return current.next();
                    }
                }
                if (steps != null && stepInEpoch > 0) interrupted();
                current.close();
                current = null;
                return null;
            }
            seenInPass++;
            return current.next();
        }

        void endEpoch() {
            if (steps == null) {
                if (current != null) current.close();
                current = null;
            } else if (numBatches >= 0 && seenInPass >= numBatches) restart();
        }

        private void restart() {
            if (current != null) current.close();
            current = data.iterator();
            seenInPass = 0;
        }

        private void interrupted() {
            LOG.log(System.Logger.Level.WARNING, "Your input ran out of data; interrupting training. Make sure that your dataset or "
                    + "generator can generate at least `stepsPerEpoch * epochs` batches. You may need to use the `.repeat()` "
                    + "function when building your dataset.");
        }

        @Override public void close() {
            if (current != null) current.close();
            current = null;
        }
    }

    // ------------------------------------------------------------------ fit

    /** Trains {@code model} (compiled) on batches of {@code data}; {@code batchSize}, {@code shuffle} and {@code validationSplit} do not apply. */
    public static History fit(Model model, Dataset<Sample> data, FitOptions o) {
        Trainer t = model.trainer();
        if (o.validationSplit > 0) throw new IllegalArgumentException("validation_split is only supported for tensors, not for a Dataset; "
                + "pass validationData(Dataset) instead, e.g. with ds.take(n) / ds.skip(n)");
        if (o.sampleWeight != null) throw new IllegalArgumentException("sampleWeight is not supported with a Dataset; "
                + "give each Sample its weight (Sample.of(x, y, weight)) instead");
        if (o.stepsPerEpoch == null && data.cardinality() == Dataset.INFINITE) throw new IllegalArgumentException("The dataset is "
                + "infinite (it repeats forever), so an epoch would never end: pass stepsPerEpoch(...)");
        Dataset<Sample> val = o.validationDataset;
        Integer valSteps = o.validationSteps;
        if (val == null && o.validationX != null) val = Dataset.fromTensorSlices(o.validationX, o.validationY, o.validationSampleWeight).batch(o.batchSize);
        if (val != null && valSteps == null && val.cardinality() == Dataset.INFINITE) throw new IllegalArgumentException(
                "The validation dataset is infinite: pass validationSteps(...)");
        int verbose = o.verbose < 0 ? Progbar.autoVerbose() : o.verbose;
        History history = new History();
        List<Callback> cbs = new ArrayList<>(o.callbacks);
        cbs.add(history);
        for (Callback c : cbs) c.setModel(model);
        long card = data.cardinality();
        int steps = o.stepsPerEpoch != null ? o.stepsPerEpoch : card >= 0 ? (int) Math.min(card, Integer.MAX_VALUE) : -1;
        CallbackParams params = new CallbackParams(o.epochs, steps, verbose);
        for (Callback c : cbs) c.setParams(params);
        t.nonFiniteLossHandled = cbs.stream().anyMatch(Callback::handlesNonFiniteLoss);
        Map<String, Double> empty = new LinkedHashMap<>();
        for (Callback c : cbs) c.onTrainBegin(empty);
        model.setStopTraining(false);
        Map<String, Double> epochLogs = new LinkedHashMap<>();
        try (Epochs<Sample> epochs = new Epochs<>(data, o.stepsPerEpoch);
             Epochs<Sample> valEpochs = val == null ? null : new Epochs<>(val, valSteps)) {
            int first = t.startEpoch(o.initialEpoch);
            for (int epoch = first; epoch < o.epochs && !model.stopTraining(); epoch++) {
                t.resetTrackers();
                for (Callback c : cbs) c.onEpochBegin(epoch, new LinkedHashMap<>());
                t.beginEpochVariables();
                if (verbose > 0) t.output().println("Epoch " + (epoch + 1) + "/" + o.epochs);
                int target = steps >= 0 ? steps : epochs.numBatches >= 0 ? (int) epochs.numBatches : -1;
                Progbar bar = new Progbar(target, verbose, t.output());
                epochs.beginEpoch();
                int step = 0;
                for (Sample batch; (batch = epochs.next(step)) != null; step++) {
                    check(batch, true, "fit");
                    for (Callback c : cbs) c.onTrainBatchBegin(step, new LinkedHashMap<>());
                    Tensor sw = batch.sampleWeight();
                    if (o.classWeight != null) sw = classWeights(batch.targets(), o.classWeight, sw);
                    t.stepEpoch(epoch, step);
                    Map<String, Double> logs = model.trainStep(sw == batch.sampleWeight() ? batch : batch.withSampleWeight(sw));
                    t.lastLogs = logs;
                    for (Callback c : cbs) c.onTrainBatchEnd(step, logs);
                    bar.update(step + 1, logs, false);
                    if (model.stopTraining()) break;
                }
                epochs.endEpoch();
                if (step == 0) throw new IllegalArgumentException("The training dataset produced no batches in epoch " + (epoch + 1)
                        + "; it is empty");
                epochLogs = new TreeMap<>(t.lastLogs);
                if (valEpochs != null && o.shouldValidate(epoch)) {
                    Map<String, Double> vl = evaluate(t, valEpochs, cbs);
                    for (Map.Entry<String, Double> e : vl.entrySet()) epochLogs.put("val_" + e.getKey(), e.getValue());
                }
                bar.update(step, epochLogs, true);
                for (Callback c : cbs) c.onEpochEnd(epoch, epochLogs);
            }
        } finally {
            t.nonFiniteLossHandled = false;
            t.endEpochVariables();
        }
        for (Callback c : cbs) c.onTrainEnd(epochLogs);
        return history;
    }

    private static void check(Sample s, boolean needTargets, String what) {
        if (needTargets && s.targets().isEmpty()) throw new IllegalArgumentException(what + ": the dataset's Samples have no targets; "
                + "use Sample.of(x, y) elements (predict accepts inputs only)");
        int n = s.input().rank() == 0 ? -1 : s.input().dim(0);
        List<Tensor> all = new ArrayList<>(s.inputs());
        all.addAll(s.targets());
        if (s.sampleWeight() != null) all.add(s.sampleWeight());
        for (Tensor x : all) {
            if (x.rank() == 0 || x.dim(0) != n) throw new IllegalArgumentException(what + ": each dataset element must be a batch whose "
                    + "tensors share a first (batch) dimension; received shapes " + all.stream().map(a -> a.shape().toString()).toList()
                    + ". Did you forget .batch(batchSize)?");
        }
    }

    private static Tensor classWeights(List<Tensor> y, Map<Integer, Double> cw, Tensor sw) {
        if (y.size() != 1) throw new IllegalArgumentException("class_weight is only supported for models with a single output");
        Tensor labels = y.get(0);
        int[] cls;
        if (labels.rank() >= 2 && labels.dim(-1) > 1) cls = GradientTape.noRecording(() -> Ops.argmax(labels, -1)).toIntArray();
        else {
            double[] v = labels.toDoubleArray();
            cls = new int[v.length];
            for (int i = 0; i < v.length; i++) cls[i] = (int) Math.round(v[i]);
        }
        float[] w = new float[cls.length];
        for (int i = 0; i < cls.length; i++) {
            Double c = cw.get(cls[i]);
            if (c == null) throw new IllegalArgumentException("class_weight has no entry for class " + cls[i] + " (found in the labels); it has " + cw.keySet());
            w[i] = (float) (c * (sw == null ? 1.0 : sw.getFlat(i)));
        }
        return Tensor.wrap(w, cls.length);
    }

    // ------------------------------------------------------------------ evaluate

    private static Map<String, Double> evaluate(Trainer t, Epochs<Sample> epochs, List<Callback> cbs) {
        t.resetTrackers();
        for (Callback c : cbs) c.onTestBegin(new LinkedHashMap<>());
        epochs.beginEpoch();
        int step = 0;
        for (Sample batch; (batch = epochs.next(step)) != null; step++) {
            check(batch, true, "evaluate");
            for (Callback c : cbs) c.onTestBatchBegin(step, new LinkedHashMap<>());
            Map<String, Double> stepLogs = t.model().testStep(batch);
            t.lastLogs = stepLogs;
            for (Callback c : cbs) c.onTestBatchEnd(step, stepLogs);
        }
        epochs.endEpoch();
        if (step == 0) throw new IllegalArgumentException("The evaluation dataset produced no batches");
        Map<String, Double> result = new TreeMap<>(t.lastLogs);
        for (Callback c : cbs) c.onTestEnd(result);
        return result;
    }

    /** Loss and metrics over {@code data} (all of it, or the first {@code steps} batches when steps > 0). */
    public static Map<String, Double> evaluate(Model model, Dataset<Sample> data, int steps, int verbose, List<Callback> callbacks) {
        Trainer t = model.trainer();
        if (steps <= 0 && data.cardinality() == Dataset.INFINITE) throw new IllegalArgumentException("The dataset is infinite: pass steps");
        for (Callback c : callbacks) c.setModel(model);
        int v = verbose < 0 ? Progbar.autoVerbose() : verbose;
        Map<String, Double> logs;
        Progbar bar = new Progbar((int) Math.max(steps > 0 ? steps : data.cardinality(), -1), v, t.output());
        int[] seen = {0};
        List<Callback> cbs = new ArrayList<>(callbacks);
        cbs.add(new Callback() {
            @Override public void onTestBatchEnd(int batch, Map<String, Double> l) { seen[0] = batch + 1; bar.update(seen[0], l, false); }
        });
        try (Epochs<Sample> e = new Epochs<>(data, steps > 0 ? steps : null)) {
            logs = evaluate(t, e, cbs);
        }
        bar.update(seen[0], logs, true);
        return logs;
    }

    // ------------------------------------------------------------------ predict

    /**
     * Predictions for every batch of {@code data} (or the first {@code steps} when steps > 0),
     * concatenated along the batch axis, one tensor per model output. Elements may be
     * {@link Sample}s (their inputs are used), {@link Tensor}s or {@code List<Tensor>}s.
     */
    public static List<Tensor> predict(Model model, Dataset<?> data, int steps) {
        if (steps <= 0 && data.cardinality() == Dataset.INFINITE) throw new IllegalArgumentException("The dataset is infinite: pass steps");
        List<List<Tensor>> parts = new ArrayList<>();
        try (DatasetIterator<?> it = data.iterator()) {
            for (int step = 0; (steps <= 0 || step < steps) && it.hasNext(); step++) {
                List<Tensor> x = inputsOf(it.next());
                List<Tensor> outs = GradientTape.noRecording(() -> model.apply(x, false));
                for (int i = 0; i < outs.size(); i++) {
                    if (parts.size() <= i) parts.add(new ArrayList<>());
                    parts.get(i).add(outs.get(i));
                }
            }
        }
        if (parts.isEmpty()) throw new IllegalArgumentException("predict: the dataset produced no batches");
        List<Tensor> result = new ArrayList<>();
        for (List<Tensor> p : parts) result.add(p.size() == 1 ? p.get(0) : GradientTape.noRecording(() -> Ops.concatenate(p, 0)));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static List<Tensor> inputsOf(Object e) {
        if (e instanceof Sample s) return s.inputs();
        if (e instanceof Tensor t) {
            if (t.rank() == 0) throw new IllegalArgumentException("predict: dataset elements must be batches; received a scalar. Did you forget .batch(n)?");
            return List.of(t);
        }
        if (e instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Tensor) return (List<Tensor>) l;
        throw new IllegalArgumentException("predict: dataset elements must be Sample, Tensor or List<Tensor> batches; received "
                + e.getClass().getSimpleName());
    }
}
