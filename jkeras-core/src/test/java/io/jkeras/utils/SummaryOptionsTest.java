package io.jkeras.utils;

import io.jkeras.autodiff.Variable;
import io.jkeras.layers.Add;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Summary options and corner cases. The expected tables were rendered by the Rich library (the
 * one Keras prints its summary with), configured as Keras configures it, from the rows Keras's
 * summary code makes for these models.
 */
class SummaryOptionsTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    static Model paperFunctional() {
        KerasTensor in = Input.of("pixels", 784);
        KerasTensor h = new Dense(128, "relu").apply(in);
        h = new Dense(64, "relu").apply(h);
        return new Model(List.of(in), List.of(new Dense(10, "softmax").apply(h)), "paper_functional_mlp");
    }

    static Model multiIoShared() {
        KerasTensor left = Input.of("left", 5), right = Input.of("right", 5);
        Dense shared = new Dense(4).name("shared");
        KerasTensor a = shared.apply(left), b = shared.apply(right);
        KerasTensor cls = new Dense(3).name("cls").apply(new Concatenate().apply(a, b));
        KerasTensor reg = new Dense(1).name("reg").apply(new Add().apply(a, b));
        return new Model(List.of(left, right), List.of(cls, reg), "multi_io_shared");
    }

    static Model nested() {
        KerasTensor x = Input.of(6);
        Dense outer = new Dense(4, "relu"), inner = new Dense(5);
        Model f = new Model(List.of(x), List.of(outer.apply(inner.apply(x))), "inner_functional");
        Sequential s = new Sequential("inner_sequential");
        s.add(Input.of(4));
        s.add(new Dense(3, "tanh"));
        s.add(new Dense(2));
        KerasTensor z = Input.of(6);
        return new Model(List.of(z), List.of(s.apply(f.apply(z))), "nested_models");
    }

    @Test void narrowLineLengthShrinksColumnsLikeKeras() {
        Model m = paperFunctional();
        assertEquals(NARROW_60, m.summaryString(60));
        assertEquals(NARROW_60, Summary.of(m, 60));
    }

    @Test void layerRangeSelectsByNamePrefixPatterns() {
        assertEquals(RANGE, Summary.forModel(paperFunctional()).layerRange("dense", "dense_1").render());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Summary.forModel(paperFunctional()).layerRange("conv", "dense").render());
        assertTrue(e.getMessage().startsWith("Passed layer_names do not match the layer names in the model."), e.getMessage());
    }

    @Test void showTrainableAddsACenteredColumnAndFrozenWeightsCountAsNonTrainable() {
        Model m = multiIoShared();
        m.getLayer("cls").trainable(false);
        assertEquals(TRAINABLE_120, Summary.forModel(m).showTrainable(true).render());
    }

    @Test void expandNestedListsInnerLayersIndented() {
        assertEquals(EXPANDED, Summary.forModel(nested()).expandNested(true).render());
    }

    @Test void overlongWordsAreCutWithAnEllipsis() {
        KerasTensor in = Input.of(3);
        KerasTensor a = new Dense(2).name("a_very_long_layer_name_without_any_spaces_at_all").apply(in);
        KerasTensor b = new Dense(2).name("second_branch_with_a_long_name").apply(in);
        Model m = new Model(List.of(in), List.of(new Add().apply(a, b)), "long_names");
        assertEquals(LONG_NAMES, m.summaryString(88));
    }

    @Test void unbuiltSequentialShowsQuestionMarksAndUnbuilt() {
        Sequential s = new Sequential("unbuilt");
        s.add(new Dense(3));
        s.add(new Dense(2));
        assertEquals(UNBUILT, s.summaryString());
    }

    @Test void optimizerVariablesAddALineAndCountInTheTotal() {
        Sequential m = new Sequential("paper_sequential_mlp");
        m.add(new Dense(64, "relu").inputShape(100));
        m.add(new Dense(32, "relu"));
        m.add(new Dense(10, "softmax"));
        // Adam-like state: an int64 step counter and two float32 slots per weight
        List<Variable> slots = new ArrayList<>();
        slots.add(new Variable("iterations", Tensor.zeros(Shape.SCALAR, DType.INT64), false));
        for (Variable w : m.trainableWeights()) {
            slots.add(new Variable("m", Tensor.zeros(w.shape(), DType.FLOAT32), false));
            slots.add(new Variable("v", Tensor.zeros(w.shape(), DType.FLOAT32), false));
        }
        String[] lines = Summary.forModel(m).optimizerVariables(slots).render().split("\n");
        // 8,874 weights + 1 counter + 2 * 8,874 slots; bytes 35,496 + 8 + 70,992 = 106,496 = 104 KB
        assertEquals(" Total params: 26,623 (104.00 KB)", lines[lines.length - 4]);
        assertEquals(" Trainable params: 8,874 (34.66 KB)", lines[lines.length - 3]);
        assertEquals(" Non-trainable params: 0 (0.00 B)", lines[lines.length - 2]);
        assertEquals(" Optimizer params: 17,749 (69.34 KB)", lines[lines.length - 1]);   // 71,000 B / 1024 = 69.336
    }

    @Test void aCompiledModelShowsItsOptimizerOnceItHasStepped() {
        Model m = paperFunctional();
        // SGD with momentum has Keras's variables: iteration, learning rate, one slot per weight
        io.jkeras.optimizers.SGD opt = new io.jkeras.optimizers.SGD().momentum(0.9);
        m.compile(opt, new StubLoss());
        assertFalse(m.summaryString().contains("Optimizer params"), "compiled, optimizer not built yet: no line, as in Keras");
        List<Variable> weights = m.trainableWeights();
        opt.apply(weights.stream().map(w -> Tensor.zeros(w.shape(), w.dtype())).toList(), weights);
        String[] lines = m.summaryString().split("\n");
        // iteration (int64) + learning_rate (float32) + one float32 slot per weight: 2 + 109,386 values, 8 + 4 + 437,544 bytes
        assertEquals(" Total params: 218,774 (854.59 KB)", lines[lines.length - 4]);
        assertEquals(" Optimizer params: 109,388 (427.30 KB)", lines[lines.length - 1]);
        assertFalse(Summary.forModel(m).optimizerVariables(List.of()).render().contains("Optimizer params"));
    }

    static final class StubLoss extends io.jkeras.losses.Loss {
        @Override public Tensor call(Tensor yTrue, Tensor yPred) { return io.jkeras.ops.Ops.mean(io.jkeras.ops.Ops.square(io.jkeras.ops.Ops.subtract(yTrue, yPred)), -1); }
        @Override public Tensor apply(Tensor yTrue, Tensor yPred, Tensor sampleWeight) { return io.jkeras.ops.Ops.mean(call(yTrue, yPred)); }
        @Override public String name() { return "stub"; }
        @Override public String className() { return "Stub"; }
        @Override public java.util.Map<String, Object> getConfig() { return java.util.Map.of(); }
    }

    @Test void sizesAndNumbersFormatLikePython() {
        // Python's "{:.2f}" rounds the exact binary value half to even
        assertEquals("0.12 B", Summary.readableSize(0.125));
        assertEquals("0.38 B", Summary.readableSize(0.375));
        assertEquals("1023.00 B", Summary.readableSize(1023));
        assertEquals("1.00 KB", Summary.readableSize(1024));
        assertEquals("1.50 MB", Summary.readableSize(1.5 * 1024 * 1024));
        assertEquals("427.29 KB", Summary.readableSize(109_386 * 4));
        assertEquals("1,234,567", Summary.thousands(1_234_567));
        assertEquals("(None)", Summary.formatShape(Shape.of(-1)));
        assertEquals("()", Summary.formatShape(Shape.SCALAR));
        assertEquals("(None, 28, 28, 1)", Summary.formatShape(Shape.of(-1, 28, 28, 1)));
    }

    @Test void tooNarrowLineIsAKerasError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> paperFunctional().summaryString(8));
        assertTrue(e.getMessage().startsWith("Insufficient console width to print summary."), e.getMessage());
    }

    static final String NARROW_60 = """
            Model: "paper_functional_mlp"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┓
            ┃ Layer (type)             ┃ Output Shape      ┃   Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━┩
            │ pixels (InputLayer)      │ (None, 784)       │         0 │
            ├──────────────────────────┼───────────────────┼───────────┤
            │ dense (Dense)            │ (None, 128)       │   100,480 │
            ├──────────────────────────┼───────────────────┼───────────┤
            │ dense_1 (Dense)          │ (None, 64)        │     8,256 │
            ├──────────────────────────┼───────────────────┼───────────┤
            │ dense_2 (Dense)          │ (None, 10)        │       650 │
            └──────────────────────────┴───────────────────┴───────────┘
             Total params: 109,386 (427.29 KB)
             Trainable params: 109,386 (427.29 KB)
             Non-trainable params: 0 (0.00 B)
            """;

    static final String RANGE = """
            Model: "paper_functional_mlp"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
            │ dense (Dense)                        │ (None, 128)                 │         100,480 │
            ├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
            │ dense_1 (Dense)                      │ (None, 64)                  │           8,256 │
            └──────────────────────────────────────┴─────────────────────────────┴─────────────────┘
             Total params: 109,386 (427.29 KB)
             Trainable params: 109,386 (427.29 KB)
             Non-trainable params: 0 (0.00 B)
            """;

    static final String TRAINABLE_120 = """
            Model: "multi_io_shared"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┓
            ┃ Layer (type)                  ┃ Output Shape              ┃          Param # ┃ Connected to              ┃ Trainable ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━┩
            │ left (InputLayer)             │ (None, 5)                 │                0 │ -                         │     -     │
            ├───────────────────────────────┼───────────────────────────┼──────────────────┼───────────────────────────┼───────────┤
            │ right (InputLayer)            │ (None, 5)                 │                0 │ -                         │     -     │
            ├───────────────────────────────┼───────────────────────────┼──────────────────┼───────────────────────────┼───────────┤
            │ shared (Dense)                │ (None, 4)                 │               24 │ left[0][0], right[0][0]   │     Y     │
            ├───────────────────────────────┼───────────────────────────┼──────────────────┼───────────────────────────┼───────────┤
            │ concatenate (Concatenate)     │ (None, 8)                 │                0 │ shared[0][0],             │     -     │
            │                               │                           │                  │ shared[1][0]              │           │
            ├───────────────────────────────┼───────────────────────────┼──────────────────┼───────────────────────────┼───────────┤
            │ add (Add)                     │ (None, 4)                 │                0 │ shared[0][0],             │     -     │
            │                               │                           │                  │ shared[1][0]              │           │
            ├───────────────────────────────┼───────────────────────────┼──────────────────┼───────────────────────────┼───────────┤
            │ cls (Dense)                   │ (None, 3)                 │               27 │ concatenate[0][0]         │     N     │
            ├───────────────────────────────┼───────────────────────────┼──────────────────┼───────────────────────────┼───────────┤
            │ reg (Dense)                   │ (None, 1)                 │                5 │ add[0][0]                 │     Y     │
            └───────────────────────────────┴───────────────────────────┴──────────────────┴───────────────────────────┴───────────┘
             Total params: 56 (224.00 B)
             Trainable params: 29 (116.00 B)
             Non-trainable params: 27 (108.00 B)
            """;

    static final String EXPANDED = """
            Model: "nested_models"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
            │ input_layer_2 (InputLayer)           │ (None, 6)                   │               0 │
            ├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
            │ inner_functional (Functional)        │ (None, 4)                   │              59 │
            ├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
            │    └ input_layer (InputLayer)        │ (None, 6)                   │               0 │
            ├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
            │    └ dense_1 (Dense)                 │ (None, 5)                   │              35 │
            ├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
            │    └ dense (Dense)                   │ (None, 4)                   │              24 │
            ├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
            │ inner_sequential (Sequential)        │ (None, 2)                   │              23 │
            ├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
            │    └ dense_2 (Dense)                 │ (None, 3)                   │              15 │
            ├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
            │    └ dense_3 (Dense)                 │ (None, 2)                   │               8 │
            └──────────────────────────────────────┴─────────────────────────────┴─────────────────┘
             Total params: 82 (328.00 B)
             Trainable params: 82 (328.00 B)
             Non-trainable params: 0 (0.00 B)
            """;

    static final String LONG_NAMES = """
            Model: "long_names"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━┓
            ┃ Layer (type)            ┃ Output Shape         ┃      Param # ┃ Connected to         ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━┩
            │ input_layer             │ (None, 3)            │            0 │ -                    │
            │ (InputLayer)            │                      │              │                      │
            ├─────────────────────────┼──────────────────────┼──────────────┼──────────────────────┤
            │ a_very_long_layer_name… │ (None, 2)            │            8 │ input_layer[0][0]    │
            │ (Dense)                 │                      │              │                      │
            ├─────────────────────────┼──────────────────────┼──────────────┼──────────────────────┤
            │ second_branch_with_a_l… │ (None, 2)            │            8 │ input_layer[0][0]    │
            │ (Dense)                 │                      │              │                      │
            ├─────────────────────────┼──────────────────────┼──────────────┼──────────────────────┤
            │ add (Add)               │ (None, 2)            │            0 │ a_very_long_layer_n… │
            │                         │                      │              │ second_branch_with_… │
            └─────────────────────────┴──────────────────────┴──────────────┴──────────────────────┘
             Total params: 16 (64.00 B)
             Trainable params: 16 (64.00 B)
             Non-trainable params: 0 (0.00 B)
            """;

    static final String UNBUILT = """
            Model: "unbuilt"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
            │ dense (Dense)                        │ ?                           │     0 (unbuilt) │
            ├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
            │ dense_1 (Dense)                      │ ?                           │     0 (unbuilt) │
            └──────────────────────────────────────┴─────────────────────────────┴─────────────────┘
             Total params: 0 (0.00 B)
             Trainable params: 0 (0.00 B)
             Non-trainable params: 0 (0.00 B)
            """;
}
