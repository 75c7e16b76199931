package io.jkeras.training;

import io.jkeras.callbacks.Callback;
import io.jkeras.callbacks.History;
import io.jkeras.data.Dataset;
import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.jkeras.training.DatasetFitTest.X;
import static io.jkeras.training.DatasetFitTest.Y;
import static org.junit.jupiter.api.Assertions.*;

/** {@code validationFreq(n)}: validation after epochs n, 2n, ... (1-based), as Keras's integer {@code validation_freq}. */
class ValidationFreqTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    /** Records which epochs had val_loss in their logs. */
    static final class ValEpochs implements Callback {
        final List<Integer> epochs = new ArrayList<>();
        @Override public void onEpochEnd(int epoch, Map<String, Double> logs) { if (logs.containsKey("val_loss")) epochs.add(epoch); }
    }

    @Test
    void tensorsValidateEveryNthEpochWithTheSameValuesAsEveryEpoch() {
        Model every = DatasetFitTest.model(), second = DatasetFitTest.model();
        History he = every.fit(X, Y, FitOptions.builder().epochs(5).batchSize(8).shuffle(false).verbose(0).validationData(X, Y));
        ValEpochs seen = new ValEpochs();
        History hs = second.fit(X, Y, FitOptions.builder().epochs(5).batchSize(8).shuffle(false).verbose(0).validationData(X, Y)
                .validationFreq(2).callbacks(seen));
        assertEquals(List.of(1, 3), seen.epochs);                         // epochs 2 and 4 counted from 1
        assertEquals(List.of(he.get("val_loss").get(1), he.get("val_loss").get(3)), hs.get("val_loss"));
        assertEquals(he.get("loss"), hs.get("loss"));                     // skipping validation does not change training
    }

    @Test
    void datasetsValidateEveryNthEpoch() {
        Model every = DatasetFitTest.model(), third = DatasetFitTest.model();
        Dataset<io.jkeras.data.Sample> train = Dataset.fromTensorSlices(X, Y).batch(8), val = Dataset.fromTensorSlices(X, Y).batch(8);
        History he = every.fit(train, FitOptions.builder().epochs(6).verbose(0).validationData(val));
        ValEpochs seen = new ValEpochs();
        History ht = third.fit(train, FitOptions.builder().epochs(6).verbose(0).validationData(val).validationFreq(3).callbacks(seen));
        assertEquals(List.of(2, 5), seen.epochs);
        assertEquals(List.of(he.get("val_loss").get(2), he.get("val_loss").get(5)), ht.get("val_loss"));
    }

    @Test
    void freqMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().validationFreq(0));
        assertTrue(e.getMessage().contains("validation_freq"), e.getMessage());
    }
}
