package io.jkeras.training;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.autodiff.Variable;
import io.jkeras.callbacks.Callback;
import io.jkeras.callbacks.CallbackParams;
import io.jkeras.callbacks.History;
import io.jkeras.losses.Loss;
import io.jkeras.metrics.Metric;
import io.jkeras.metrics.Metrics;
import io.jkeras.tensor.Shape;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.ops.Ops;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * compile / fit / evaluate / predict for a {@link Model} (Keras's {@code Trainer}): cuts batches,
 * runs the train step (forward under a {@link GradientTape}, loss, gradients, optimizer update),
 * tracks the loss and metrics, and drives callbacks and the progress bar.
 */
public final class Trainer {
    private final Model model;
    private final Optimizer optimizer;
    private final List<Loss> losses;
    private final double[] lossWeights;
    private final List<List<Metric>> metrics;
    private final List<String> outputNames;
    private PrintStream out = System.out;

    // running means for the loss and per-output losses (weighted by batch size, as Keras's loss tracker)
    private double lossSum, lossCount;
    private double[] outLossSum;

    /** Metric identifiers per output, resolved against the data's shapes at the first batch. */
    private final List<List<String>> pendingMetricIds;

    /**
     * @param metrics metric objects per output
     * @param metricIds Keras metric identifiers per output (e.g. "accuracy"), resolved from shapes at the first batch
     */
    public Trainer(Model model, Optimizer optimizer, List<Loss> losses, List<Double> lossWeights, List<List<Metric>> metrics,
                   List<List<String>> metricIds) {
        this.model = model;
        this.optimizer = optimizer;
        int nOut = model.isGraph() ? model.outputs().size() : Math.max(1, losses.size());
        if (losses.size() != nOut && losses.size() != 1) throw new IllegalArgumentException("Model \"" + model.name() + "\" has " + nOut
                + " outputs, but compile received " + losses.size() + " losses; pass one loss, or one per output");
        this.losses = losses.size() == 1 && nOut > 1 ? java.util.Collections.nCopies(nOut, losses.get(0)) : List.copyOf(losses);
        this.lossWeights = new double[nOut];
        for (int i = 0; i < nOut; i++) this.lossWeights[i] = lossWeights == null || lossWeights.isEmpty() ? 1.0 : lossWeights.get(i);
        if (lossWeights != null && !lossWeights.isEmpty() && lossWeights.size() != nOut) throw new IllegalArgumentException("compile received "
                + lossWeights.size() + " loss weights for a model with " + nOut + " outputs");
        List<List<Metric>> ms = new ArrayList<>();
        for (int i = 0; i < nOut; i++) ms.add(new ArrayList<>(i < metrics.size() ? metrics.get(i) : List.of()));
        this.metrics = ms;
        List<List<String>> ids = new ArrayList<>();
        for (int i = 0; i < nOut; i++) {
            List<String> idsI = i < metricIds.size() ? List.copyOf(metricIds.get(i)) : (metricIds.size() == 1 ? List.copyOf(metricIds.get(0)) : List.of());
            // fail fast on unknown identifiers instead of at the first batch
            for (String id : idsI) Metrics.resolve(id, Shape.of(1, 2), Shape.of(1, 2));
            ids.add(idsI);
        }
        this.pendingMetricIds = ids;
        List<String> names = new ArrayList<>();
        if (model.isGraph()) for (KerasTensor t : model.outputs()) names.add(t.name());
        else for (int i = 0; i < nOut; i++) names.add("output_" + (i + 1));
        this.outputNames = names;
        this.outLossSum = new double[nOut];
    }

    public Optimizer optimizer() { return optimizer; }
    public List<Loss> losses() { return losses; }
    public List<List<Metric>> metrics() { return metrics; }

    /** Where the progress bar writes (standard output by default). */
    public void setOutput(PrintStream ps) { this.out = ps; }

    PrintStream output() { return out; }

    // the logs the last train or test step returned (a custom step may return its own)
    Map<String, Double> lastLogs = Map.of();

    // set by fit from its callbacks (Callback.handlesNonFiniteLoss)
    boolean nonFiniteLossHandled;
    private int resumeEpoch = -1;

    /**
     * Makes the {@code fit} that is starting begin at {@code epoch} instead of its
     * {@code initialEpoch} (Keras's {@code model._initial_epoch}); for callbacks such as
     * BackupAndRestore, which call it from {@code onTrainBegin}. Applies to one fit only.
     */
    public void resumeAtEpoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("epoch must be >= 0, received " + epoch);
        this.resumeEpoch = epoch;
    }

    /** The epoch to start from: a pending {@link #resumeAtEpoch} (consumed), else {@code initialEpoch}. */
    int startEpoch(int initialEpoch) {
        int e = resumeEpoch >= 0 ? resumeEpoch : initialEpoch;
        resumeEpoch = -1;
        return e;
    }

    // ------------------------------------------------------------------ steps

    /**
     * The trainable variables, read by {@code fit} at the start of each epoch (null outside fit): a
     * layer frozen or unfrozen by a callback takes effect from the next epoch (Keras itself fixes them
     * until the next {@code compile}). Walking the layer tree every step cost little time but made it
     * one more method for the JIT to compile while the first epochs are timed.
     */
    private List<Variable> epochVariables;

    /** Reads the trainable variables for the epoch that starts (after the callbacks' {@code onEpochBegin}). */
    void beginEpochVariables() { epochVariables = model.trainableWeights(); }

    /** Back to reading the trainable variables at every step (outside fit). */
    void endEpochVariables() { epochVariables = null; }

    /** One optimizer step on one batch; returns the batch's total loss. */
    double trainStep(List<Tensor> x, List<Tensor> y, Tensor sampleWeight, int epoch, int batch) {
        List<Variable> vars = epochVariables != null ? epochVariables : model.trainableWeights();
        List<Tensor> preds;
        List<Tensor> masks;
        Tensor total;
        List<Tensor> grads;
        double[] outLoss = new double[losses.size()];
        try (GradientTape tape = new GradientTape()) {
            model.clearCallLosses();
            io.jkeras.layers.Layer.MaskedOutputs r = model.applyMasked(x, null, true);
            preds = r.outputs();
            masks = r.masks();
            total = computeLoss(y, preds, sampleWeight, masks, outLoss);
            grads = tape.gradient(total, vars);
        }
        double lv = total.item();
        if (!Double.isFinite(lv) && nonFiniteLossHandled) {
            // a callback (TerminateOnNaN) stops training; the non-finite update is not applied
            track(lv, outLoss, y, preds, sampleWeight, masks);
            return lv;
        }
        if (!Double.isFinite(lv)) throw new IllegalStateException("Epoch " + (epoch + 1) + ", batch " + batch + ": the loss is "
                + (Double.isNaN(lv) ? "NaN" : "infinite") + "; training stopped. Check the data for NaN or infinite values, "
                + "or lower the learning rate (currently " + optimizer.learningRate() + ").");
        optimizer.apply(grads, vars);
        track(lv, outLoss, y, preds, sampleWeight, masks);
        return lv;
    }

    /**
     * The compiled loss; {@code masks} (one per output, null entries or a null list for none) are the
     * Keras masks of the outputs, e.g. of a {@code return_sequences} LSTM after
     * {@code Embedding(mask_zero=true)}: masked timesteps count neither in the sum nor in the mean.
     */
    private Tensor computeLoss(List<Tensor> y, List<Tensor> preds, Tensor sampleWeight, List<Tensor> masks, double[] outLoss) {
        if (y.size() != preds.size()) throw new IllegalArgumentException("Model \"" + model.name() + "\" has " + preds.size()
                + " outputs, but " + y.size() + " label arrays were given");
        Tensor total = null;
        for (int i = 0; i < preds.size(); i++) {
            Tensor yt = y.get(i), yp = preds.get(i);
            if (yt.dim(0) != yp.dim(0)) throw new IllegalArgumentException("Labels for output \"" + outputNames.get(i) + "\" have "
                    + yt.dim(0) + " samples but the predictions have " + yp.dim(0));
            Tensor li = losses.get(i).apply(yt, yp, sampleWeight, maskOf(masks, i));
            outLoss[i] = li.item();
            Tensor w = lossWeights[i] == 1.0 ? li : Ops.multiply(li, lossWeights[i]);
            total = total == null ? w : Ops.add(total, w);
        }
        for (Tensor reg : model.losses()) total = Ops.add(total, Ops.cast(reg, total.dtype()));
        return total;
    }

    private void resolveMetrics(List<Tensor> y, List<Tensor> preds) {
        for (int i = 0; i < pendingMetricIds.size(); i++) {
            List<String> ids = pendingMetricIds.get(i);
            if (ids.isEmpty()) continue;
            for (String id : ids) metrics.get(i).add(Metrics.resolve(id, y.get(i).shape(), preds.get(i).shape()));
            pendingMetricIds.set(i, List.of());
        }
    }

    private static Tensor maskOf(List<Tensor> masks, int i) { return masks == null || i >= masks.size() ? null : masks.get(i); }

    private void track(double loss, double[] outLoss, List<Tensor> y, List<Tensor> preds, Tensor sw, List<Tensor> masks) {
        trackLoss(loss, outLoss, y.get(0).dim(0));
        trackMetrics(y, preds, sw, masks);
    }

    private void trackLoss(double loss, double[] outLoss, int n) {
        lossSum += loss * n;
        lossCount += n;
        for (int i = 0; i < outLoss.length; i++) outLossSum[i] += outLoss[i] * n;
    }

    private void trackMetrics(List<Tensor> y, List<Tensor> preds, Tensor sw, List<Tensor> masks) {
        resolveMetrics(y, preds);
        GradientTape.noRecording(() -> {
            for (int i = 0; i < preds.size(); i++) {
                // an output's mask joins the sample weights, so masked timesteps count in no metric (as in tf.keras)
                Tensor mask = maskOf(masks, i);
                Tensor w = mask == null ? sw : io.jkeras.losses.LossUtils.applyMask(sw, mask, DType.FLOAT32, io.jkeras.losses.Reduction.SUM);
                for (Metric m : metrics.get(i)) m.updateState(y.get(i), preds.get(i), w);
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ the steps a Model subclass can override or reuse

    private int stepEpoch, stepBatch; // for error messages of the default train step

    void stepEpoch(int epoch, int batch) { stepEpoch = epoch; stepBatch = batch; }

    Model model() { return model; }

    /** Keras's default {@code train_step}: forward under a tape, compiled loss, optimizer update, metrics; returns the running logs. */
    public Map<String, Double> defaultTrainStep(io.jkeras.data.Sample data) {
        trainStep(data.inputs(), data.targets(), data.sampleWeight(), stepEpoch, stepBatch);
        return logs();
    }

    /** Keras's default {@code test_step}: forward pass, compiled loss and metrics, no update; returns the running logs. */
    public Map<String, Double> defaultTestStep(io.jkeras.data.Sample data) {
        testStep(data.inputs(), data.targets(), data.sampleWeight());
        return logs();
    }

    /**
     * The compiled loss of {@code yPred} against the sample's targets, weighted per output, plus
     * the model's regularization losses (Keras's {@code compute_loss}); also adds it to the running
     * {@code loss} in the logs. Call it inside the tape of a custom train step.
     */
    public Tensor computeLoss(io.jkeras.data.Sample data, List<Tensor> yPred) {
        double[] outLoss = new double[losses.size()];
        Tensor total = computeLoss(data.targets(), yPred, data.sampleWeight(), null, outLoss);
        trackLoss(total.item(), outLoss, data.targets().get(0).dim(0));
        return total;
    }

    /** Updates the compiled metrics with {@code yPred} and returns the running logs (Keras's {@code compute_metrics}). */
    public Map<String, Double> computeMetrics(io.jkeras.data.Sample data, List<Tensor> yPred) {
        trackMetrics(data.targets(), yPred, data.sampleWeight(), null);
        return logs();
    }

    void resetTrackers() {
        lossSum = 0;
        lossCount = 0;
        java.util.Arrays.fill(outLossSum, 0);
        for (List<Metric> ms : metrics) for (Metric m : ms) m.resetState();
        for (Metric m : model.metrics()) m.resetState();   // also the trackers a custom train step keeps
    }

    /** The current running values: loss, per-output losses for multi-output models, then metrics; sorted by name like Keras's logs. */
    Map<String, Double> logs() {
        Map<String, Double> logs = new TreeMap<>();
        logs.put("loss", lossCount == 0 ? 0 : lossSum / lossCount);
        boolean multi = outputNames.size() > 1;
        for (int i = 0; i < outputNames.size(); i++) {
            if (multi) logs.put(outputNames.get(i) + "_loss", lossCount == 0 ? 0 : outLossSum[i] / lossCount);
            for (Metric m : metrics.get(i)) logs.put(multi ? outputNames.get(i) + "_" + m.name() : m.name(), m.result());
        }
        return logs;
    }

    // ------------------------------------------------------------------ fit

    public History fit(List<Tensor> x, List<Tensor> y, FitOptions o) {
        if (o.validationDataset != null || o.stepsPerEpoch != null) throw new IllegalArgumentException("validationData(Dataset) and "
                + "stepsPerEpoch apply when training on a Dataset; pass the training data as one too, e.g. "
                + "model.fit(Dataset.fromTensorSlices(x, y).shuffle(n).batch(32), options)");
        int n = checkData(x, y, "fit");
        List<Tensor> tx = x, ty = y, vx = o.validationX, vy = o.validationY;
        Tensor sw = sampleWeights(y, o, n);
        if (o.validationSplit > 0 && vx == null) {
            int split = (int) (n * (1 - o.validationSplit));
            if (split <= 0 || split >= n) throw new IllegalArgumentException("validation_split=" + o.validationSplit + " leaves "
                    + split + " training and " + (n - split) + " validation samples out of " + n + "; both must be at least 1");
            tx = sliceAll(x, 0, split);
            ty = sliceAll(y, 0, split);
            vx = sliceAll(x, split, n);
            vy = sliceAll(y, split, n);
            if (sw != null) sw = Batches.view(sw, 0, split);
            n = split;
        }
        if (vx != null) checkData(vx, vy, "validation_data");
        int steps = (n + o.batchSize - 1) / o.batchSize;
        int verbose = o.verbose < 0 ? Progbar.autoVerbose() : o.verbose;
        History history = new History();
        List<Callback> cbs = new ArrayList<>(o.callbacks);
        cbs.add(history);
        for (Callback c : cbs) c.setModel(model);
        CallbackParams params = new CallbackParams(o.epochs, steps, verbose);
        for (Callback c : cbs) c.setParams(params);
        nonFiniteLossHandled = cbs.stream().anyMatch(Callback::handlesNonFiniteLoss);
        SplittableRandom rng = new SplittableRandom(o.seed != null ? SeedGenerator.mix(o.seed) : SeedGenerator.nextSeed());
        Map<String, Double> empty = new LinkedHashMap<>();
        for (Callback c : cbs) c.onTrainBegin(empty);
        model.setStopTraining(false);
        Map<String, Double> epochLogs = new LinkedHashMap<>();
        // shuffled batches are gathered into two sets of arrays by turns (even and odd steps): a
        // step's batch is done with before the batch two steps later is gathered, also when that
        // one is gathered ahead on a pool thread
        Object[][] gatherBuffers = new Object[2][tx.size() + ty.size() + 1];
        for (int epoch = startEpoch(o.initialEpoch); epoch < o.epochs && !model.stopTraining(); epoch++) {
            resetTrackers();
            for (Callback c : cbs) c.onEpochBegin(epoch, new LinkedHashMap<>());
            beginEpochVariables();
            if (verbose > 0) out.println("Epoch " + (epoch + 1) + "/" + o.epochs);
            Progbar bar = new Progbar(steps, verbose, out);
            int[] order = o.shuffle ? permutation(n, rng) : null;
            // shuffled batches are gathered one step ahead on a pool thread, while this step trains;
            // not for small batches, where waking a thread costs more than the copy
            boolean ahead = order != null && io.jkeras.backend.cpu.Parallel.parallelism() > 1
                    && batchElements(tx, ty, o.batchSize, n) >= GATHER_AHEAD_MIN_ELEMENTS;
            io.jkeras.backend.cpu.Parallel.Task<io.jkeras.data.Sample> next = null;
            for (int step = 0; step < steps; step++) {
                for (Callback c : cbs) c.onTrainBatchBegin(step, new LinkedHashMap<>());
                io.jkeras.data.Sample sample = next != null ? next.join()
                        : batch(tx, ty, sw, order, step, o.batchSize, n, gatherBuffers[step & 1]);
                next = null;
                if (ahead && step + 1 < steps) {
                    List<Tensor> fx = tx, fy = ty;
                    Tensor fsw = sw;
                    int s1 = step + 1, bs = o.batchSize, total = n;
                    Object[] buffers = gatherBuffers[s1 & 1];
                    next = io.jkeras.backend.cpu.Parallel.fork(() -> batch(fx, fy, fsw, order, s1, bs, total, buffers));
                }
                stepEpoch = epoch;
                stepBatch = step;
                Map<String, Double> logs = model.trainStep(sample);
                lastLogs = logs;
                for (Callback c : cbs) c.onTrainBatchEnd(step, logs);
                if (step < steps - 1) bar.update(step + 1, logs, false);
                if (model.stopTraining()) break;
            }
            epochLogs = new TreeMap<>(lastLogs);
            if (vx != null && o.shouldValidate(epoch)) {
                // validation runs the callbacks' test hooks, as Keras's fit does
                Map<String, Double> val = evaluateInternal(vx, vy, null, o.batchSize, cbs);
                for (Map.Entry<String, Double> e : val.entrySet()) epochLogs.put("val_" + e.getKey(), e.getValue());
            }
            bar.update(steps, epochLogs, true);
            for (Callback c : cbs) c.onEpochEnd(epoch, epochLogs);
        }
        endEpochVariables();
        for (Callback c : cbs) c.onTrainEnd(epochLogs);
        nonFiniteLossHandled = false;
        return history;
    }

    /** Batch {@code step} of the epoch: rows {@code order[from..to)} gathered (into {@code buffers}, see {@link Batches#rows(Tensor, int[], int, int, Object[], int)}), or a view of rows {@code [from, to)} without an order. */
    private static io.jkeras.data.Sample batch(List<Tensor> x, List<Tensor> y, Tensor sw, int[] order, int step, int batchSize, int n,
                                               Object[] buffers) {
        int from = step * batchSize, to = Math.min(n, from + batchSize);
        List<Tensor> bx = new ArrayList<>(x.size()), by = new ArrayList<>(y.size());
        int slot = 0;
        for (Tensor t : x) bx.add(Batches.rows(t, order, from, to, buffers, slot++));
        for (Tensor t : y) by.add(Batches.rows(t, order, from, to, buffers, slot++));
        Tensor bsw = sw == null ? null : Batches.rows(sw, order, from, to, buffers, slot);
        return new io.jkeras.data.Sample(bx, by, bsw);
    }

    private Tensor sampleWeights(List<Tensor> y, FitOptions o, int n) {
        Tensor sw = o.sampleWeight;
        if (sw != null && (sw.rank() != 1 || sw.dim(0) != n)) throw new IllegalArgumentException("sample_weight must have shape ("
                + n + ",), one weight per sample; received shape " + sw.shape());
        if (o.classWeight == null) return sw == null ? null : Ops.cast(sw, DType.FLOAT32);
        if (y.size() != 1) throw new IllegalArgumentException("class_weight is only supported for models with a single output");
        Tensor labels = y.get(0);
        int[] cls;
        if (labels.rank() >= 2 && labels.dim(-1) > 1) cls = Ops.argmax(labels, -1).toIntArray();
        else if (labels.rank() >= 2 && labels.dim(-1) == 1 && labels.dtype().isFloating()) {
            double[] v = labels.toDoubleArray();
            cls = new int[v.length];
            for (int i = 0; i < v.length; i++) cls[i] = (int) Math.round(v[i]);
        } else cls = labels.toIntArray();
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            Double cw = o.classWeight.get(cls[i]);
            if (cw == null) throw new IllegalArgumentException("class_weight has no entry for class " + cls[i] + " (found in the labels); it has " + o.classWeight.keySet());
            w[i] = (float) (cw * (sw == null ? 1.0 : sw.getFlat(i)));
        }
        return Tensor.wrap(w, n);
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    /** Rows {@code [from, to)} of each tensor, as views over their storage (nothing copied). */
    private static List<Tensor> sliceAll(List<Tensor> xs, int from, int to) {
        List<Tensor> out = new ArrayList<>(xs.size());
        for (Tensor t : xs) out.add(Batches.view(t, from, to));
        return out;
    }

    private int checkData(List<Tensor> x, List<Tensor> y, String what) {
        int nIn = model.isGraph() ? model.inputs().size() : x.size();
        if (x.size() != nIn) throw new IllegalArgumentException(what + ": model \"" + model.name() + "\" expects " + nIn
                + " input array(s), received " + x.size());
        if (y != null && y.size() != losses.size()) throw new IllegalArgumentException(what + ": model \"" + model.name() + "\" has "
                + losses.size() + " output(s), but " + y.size() + " label array(s) were given");
        int n = x.get(0).dim(0);
        for (Tensor t : x) if (t.dim(0) != n) throw new IllegalArgumentException(what + ": all input arrays must have the same number of samples; received "
                + x.stream().map(a -> a.shape().toString()).toList());
        if (y != null) for (Tensor t : y) if (t.dim(0) != n) throw new IllegalArgumentException(what + ": the inputs have " + n
                + " samples but the labels have " + t.dim(0) + " (shape " + t.shape() + "); they must match");
        if (n == 0) throw new IllegalArgumentException(what + ": the data is empty (0 samples)");
        return n;
    }

    // ------------------------------------------------------------------ evaluate / predict

    public Map<String, Double> evaluate(List<Tensor> x, List<Tensor> y, Tensor sampleWeight, int batchSize, int verbose, List<Callback> callbacks) {
        checkData(x, y, "evaluate");
        for (Callback c : callbacks) c.setModel(model);
        int v = verbose < 0 ? Progbar.autoVerbose() : verbose;
        Map<String, Double> logs = evaluateInternal(x, y, sampleWeight, batchSize, callbacks);
        if (v > 0) {
            int steps = (x.get(0).dim(0) + batchSize - 1) / batchSize;
            new Progbar(steps, v, out).update(steps, logs, true);
        }
        return logs;
    }

    private Map<String, Double> evaluateInternal(List<Tensor> x, List<Tensor> y, Tensor sampleWeight, int batchSize, List<Callback> cbs) {
        // the epoch's training logs were read before validation, so the trackers can be reused
        resetTrackers();
        int n = x.get(0).dim(0);
        for (Callback c : cbs) c.onTestBegin(new LinkedHashMap<>());
        int steps = (n + batchSize - 1) / batchSize;
        for (int step = 0; step < steps; step++) {
            int from = step * batchSize, to = Math.min(n, from + batchSize);
            for (Callback c : cbs) c.onTestBatchBegin(step, new LinkedHashMap<>());
            List<Tensor> bx = sliceAll(x, from, to), by = sliceAll(y, from, to);
            Tensor bsw = sampleWeight == null ? null : Batches.view(sampleWeight, from, to);
            Map<String, Double> stepLogs = model.testStep(new io.jkeras.data.Sample(bx, by, bsw));
            lastLogs = stepLogs;
            for (Callback c : cbs) c.onTestBatchEnd(step, stepLogs);
        }
        Map<String, Double> result = new TreeMap<>(lastLogs);
        for (Callback c : cbs) c.onTestEnd(result);
        return result;
    }

    /** One evaluation step on one batch (no tape), tracked into the running loss and metrics. */
    void testStep(List<Tensor> x, List<Tensor> y, Tensor sampleWeight) {
        GradientTape.noRecording(() -> {
            model.clearCallLosses();
            io.jkeras.layers.Layer.MaskedOutputs r = model.applyMasked(x, null, false);
            List<Tensor> preds = r.outputs();
            double[] outLoss = new double[losses.size()];
            Tensor total = computeLoss(y, preds, sampleWeight, r.masks(), outLoss);
            track(total.item(), outLoss, y, preds, sampleWeight, r.masks());
            return null;
        });
    }

    public Tensor predict(List<Tensor> x, int batchSize, int verbose, List<Callback> callbacks) {
        List<Tensor> outs = predictAll(x, batchSize, verbose, callbacks);
        return outs.get(0);
    }

    public List<Tensor> predictAll(List<Tensor> x, int batchSize, int verbose, List<Callback> callbacks) {
        int n = checkData(x, null, "predict");
        for (Callback c : callbacks) c.setModel(model);
        int steps = (n + batchSize - 1) / batchSize;
        return predictBatches(model, x, batchSize, steps, callbacks);
    }

    /** Batched inference without a tape; outputs concatenated along the batch axis. */
    public static List<Tensor> predictBatches(Model model, List<Tensor> x, int batchSize, int steps, List<Callback> cbs) {
        int n = x.get(0).dim(0);
        return GradientTape.noRecording(() -> {
            for (Callback c : cbs) c.onPredictBegin(new LinkedHashMap<>());
            List<List<Tensor>> parts = new ArrayList<>();
            for (int step = 0; step < steps; step++) {
                int from = step * batchSize, to = Math.min(n, from + batchSize);
                for (Callback c : cbs) c.onPredictBatchBegin(step, new LinkedHashMap<>());
                List<Tensor> bx = sliceAll(x, from, to);
                List<Tensor> outs = model.apply(bx, false);
                for (int i = 0; i < outs.size(); i++) {
                    if (parts.size() <= i) parts.add(new ArrayList<>());
                    parts.get(i).add(outs.get(i));
                }
                for (Callback c : cbs) c.onPredictBatchEnd(step, new LinkedHashMap<>());
            }
            List<Tensor> result = new ArrayList<>();
            for (List<Tensor> p : parts) result.add(p.size() == 1 ? p.get(0) : Ops.concatenate(p, 0));
            for (Callback c : cbs) c.onPredictEnd(new LinkedHashMap<>());
            return result;
        });
    }

    // ------------------------------------------------------------------ single batches

    public Map<String, Double> trainOnBatch(List<Tensor> x, List<Tensor> y, Tensor sampleWeight) {
        checkData(x, y, "train_on_batch");
        nonFiniteLossHandled = false;
        epochVariables = null;   // a fit that ended in an exception may have left its epoch's list
        resetTrackers();
        trainStep(x, y, sampleWeight, 0, 0);
        return logs();
    }

    public Map<String, Double> testOnBatch(List<Tensor> x, List<Tensor> y, Tensor sampleWeight) {
        checkData(x, y, "test_on_batch");
        return evaluateInternal(x, y, sampleWeight, x.get(0).dim(0), List.of());
    }

    /** Batches of fewer elements (inputs and targets) are gathered on the training thread. */
    static final long GATHER_AHEAD_MIN_ELEMENTS = 1 << 15;

    /** The number of elements (all inputs and targets) in one batch of {@code batchSize} rows. */
    private static long batchElements(List<Tensor> xs, List<Tensor> ys, int batchSize, int n) {
        if (n <= 0) return 0;
        long perRow = 0;
        for (Tensor t : xs) perRow += t.size() / n;
        if (ys != null) for (Tensor t : ys) if (t != null) perRow += t.size() / n;
        return perRow * Math.min(batchSize, n);
    }
}
