package io.jkeras.callbacks;

import io.jkeras.layers.Layer;
import io.jkeras.metrics.BinaryAccuracy;
import io.jkeras.metrics.Metric;
import io.jkeras.models.Model;
import io.jkeras.optimizers.SGD;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.jkeras.callbacks.Tiny.logs;
import static org.junit.jupiter.api.Assertions.*;

/** EarlyStopping on scripted epoch logs (Keras 3's rules, worked through by hand) and on real fits. */
class EarlyStoppingTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    /** Feeds {@code values} of {@code key} as epoch logs; returns the epoch at which stop was requested, or -1. */
    static int run(EarlyStopping es, Model m, String key, double... values) {
        es.setModel(m);
        m.setStopTraining(false);
        es.onTrainBegin(logs());
        for (int e = 0; e < values.length; e++) {
            es.onEpochEnd(e, logs(key, values[e]));
            if (m.stopTraining()) return e;
        }
        return -1;
    }

    @Test
    void patienceCountsEpochsWithoutImprovement() {
        Model m = Tiny.linear(1, 0.1);
        // best 1.0 at epoch 0; epochs 1, 2 do not improve -> wait 2 >= patience 2 at epoch 2
        assertEquals(2, run(new EarlyStopping().patience(2), m, "val_loss", 1.0, 1.1, 1.0, 0.5));
        // an improvement at epoch 2 resets the wait: stops at 4
        assertEquals(4, run(new EarlyStopping().patience(2), m, "val_loss", 1.0, 1.1, 0.9, 0.95, 0.91, 0.1));
        // patience 0 stops at the first non-improving epoch after the first
        assertEquals(1, run(new EarlyStopping(), m, "val_loss", 1.0, 1.0));
        // never stops while improving
        assertEquals(-1, run(new EarlyStopping(), m, "val_loss", 3, 2, 1));
    }

    @Test
    void minDeltaMustBeExceeded() {
        Model m = Tiny.linear(1, 0.1);
        // 1.0 -> 0.95 is an improvement of 0.05 < 0.1: not counted
        EarlyStopping es = new EarlyStopping().minDelta(-0.1).patience(1);  // abs(min_delta)
        assertEquals(1, run(es, m, "val_loss", 1.0, 0.95));
        assertEquals(1.0, es.best());
        assertEquals(-1, run(new EarlyStopping().minDelta(0.1).patience(1).monitor("loss"), m, "loss", 1.0, 0.85, 0.7));
    }

    @Test
    void modeMaxAndAutoFromTheMetricDirection() {
        Model m = Tiny.linear(1, 0.1);
        assertEquals(2, run(new EarlyStopping().monitor("val_auc").mode("max").patience(1), m, "val_auc", 0.5, 0.6, 0.55));
        // auto: a compiled BinaryAccuracy goes up, so a rising accuracy never stops training
        m.compile(new SGD(0.1), new io.jkeras.losses.MeanSquaredError(), new BinaryAccuracy());
        assertEquals(-1, run(new EarlyStopping().monitor("val_binary_accuracy"), m, "val_binary_accuracy", 0.5, 0.6, 0.7));
        // auto without a known direction is an error that says what to pass
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(new EarlyStopping().monitor("val_custom"), m, "val_custom", 1.0));
        assertTrue(e.getMessage().contains("monitor=val_custom") && e.getMessage().contains("Mode.MAX"), e.getMessage());
    }

    @Test
    void baselineWaitFollowsKeras() {
        Model m = Tiny.linear(1, 0.1);
        // Keras: wait += 1 first; an improvement returns before the patience check (resetting the wait only under the baseline)
        // epoch0: wait 1, improves (1.0 < inf), 1.0 not < 0.5 -> wait stays 1, return
        // epoch1: wait 2, improves, not under baseline -> return
        // epoch2: wait 3, 0.95 does not improve on 0.9 -> 3 >= 2 -> stop at 2
        assertEquals(2, run(new EarlyStopping().baseline(0.5).patience(2), m, "val_loss", 1.0, 0.9, 0.95));
        // under the baseline the wait resets
        assertEquals(-1, run(new EarlyStopping().baseline(0.5).patience(2), m, "val_loss", 0.4, 0.3, 0.2));
    }

    @Test
    void startFromEpochIgnoresTheWarmUp() {
        Model m = Tiny.linear(1, 0.1);
        // epochs 0, 1 ignored; best is 5.0 at epoch 2; epoch 3 does not improve -> stop at 3
        assertEquals(3, run(new EarlyStopping().startFromEpoch(2), m, "val_loss", 1.0, 0.5, 5.0, 6.0));
    }

    @Test
    void missingMonitorDoesNothing() {
        Model m = Tiny.linear(1, 0.1);
        assertEquals(-1, run(new EarlyStopping().patience(0), m, "loss", 1.0, 2.0, 3.0));
    }

    @Test
    void realFitStopsWhenValidationLossRisesAndRestoresTheBestWeights() {
        // training pulls w from 0 towards w*; the validation targets are -x w*, so val_loss rises every epoch
        Model m = Tiny.linear(2, 0.05);
        Tensor x = Tiny.uniform(1, 32, 2);
        Tensor y = Tiny.times(x, 1f, -2f), yVal = Tiny.times(x, -1f, 2f);
        List<List<Tensor>> weightsAtEpochEnd = new ArrayList<>();
        EarlyStopping es = new EarlyStopping().patience(2).restoreBestWeights(true);
        var history = m.fit(x, y, FitOptions.builder().epochs(20).batchSize(32).shuffle(false).verbose(0)
                .validationData(x, yVal)
                .callbacks(new LambdaCallback().onEpochEnd((e, l) -> weightsAtEpochEnd.add(m.getWeights())), es));
        List<Double> val = history.get("val_loss");
        for (int i = 1; i < val.size(); i++) assertTrue(val.get(i) > val.get(i - 1), "val_loss rises: " + val);
        assertEquals(List.of(0, 1, 2), history.epochs());      // best at 0, no improvement at 1, 2 -> stop at 2
        assertEquals(2, es.stoppedEpoch());
        assertEquals(0, es.bestEpoch());
        Tiny.assertSameWeights(weightsAtEpochEnd.get(0), m.getWeights());
        assertFalse(java.util.Arrays.equals(weightsAtEpochEnd.get(2).get(0).toFloatArray(), m.getWeights().get(0).toFloatArray()));
    }

    @Test
    void realFitWithAFrozenLearningRateStopsAfterPatience() {
        Model m = Tiny.linear(2, 0.0);   // lr 0 and a fixed batch order: the epoch loss is the same number every epoch
        Tensor x = Tiny.uniform(2, 16, 2), y = Tiny.times(x, 1f, 1f);
        var h = m.fit(x, y, FitOptions.builder().epochs(10).batchSize(8).shuffle(false).verbose(0)
                .callbacks(new EarlyStopping().monitor("loss").patience(3)));
        assertEquals(4, h.get("loss").size());
    }

    @Test
    void metricDirectionIsExposedForAuto() {
        Metric acc = new BinaryAccuracy();
        assertEquals(Boolean.FALSE, MonitorCallback.autoMinimize("val_binary_accuracy", withMetric(acc)));
        assertEquals(Boolean.TRUE, MonitorCallback.autoMinimize("val_loss", null));
        assertEquals(Boolean.TRUE, MonitorCallback.autoMinimize("dense_1_loss", null));
        assertNull(MonitorCallback.autoMinimize("val_thing", null));
    }

    private static Model withMetric(Metric metric) {
        Model m = Tiny.linear(1, 0.1);
        m.compile(new SGD(), new io.jkeras.losses.MeanSquaredError(), metric);
        return m;
    }
}
