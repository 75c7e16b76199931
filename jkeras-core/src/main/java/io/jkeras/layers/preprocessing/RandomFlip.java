package io.jkeras.layers.preprocessing;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Flips each image left-right and/or top-bottom with probability 1/2 in training (Keras's
 * {@code keras.layers.RandomFlip}); identity in inference. With "horizontal_and_vertical" one draw
 * per image decides both flips, as in Keras, so an image is either unchanged or rotated 180 degrees.
 *
 * <pre>{@code
 * new RandomFlip("horizontal").seed(42)
 * }</pre>
 */
public class RandomFlip extends RandomImageLayer<RandomFlip> {
    public static final String HORIZONTAL = "horizontal", VERTICAL = "vertical", HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical";
    private final String mode;

    /** Keras's default mode, "horizontal_and_vertical". */
    public RandomFlip() { this(HORIZONTAL_AND_VERTICAL); }

    /** @param mode "horizontal", "vertical" or "horizontal_and_vertical" */
    public RandomFlip(String mode) {
        this.mode = ImageTransforms.choice(mode, List.of(HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL), "mode", name());
    }

    public String mode() { return mode; }

    @Override protected Tensor augment(Tensor x) {
        int n = batchSize(x), r = x.rank();
        SplittableRandom rnd = nextRandom();
        boolean[] flip = new boolean[n];
        int count = 0;
        for (int i = 0; i < n; i++) if (flip[i] = rnd.nextDouble() <= 0.5) count++;
        if (count == 0) return x;
        Tensor flipped = x;
        if (!mode.equals(VERTICAL)) flipped = Ops.flip(flipped, widthAxis(r));
        if (!mode.equals(HORIZONTAL)) flipped = Ops.flip(flipped, heightAxis(r));
        if (count == n) return flipped;
        Tensor mask = Tensor.wrap(flip, Shape.of(n, 1, 1, 1));
        return Ops.where(mask, flipped, x);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("mode", mode);
        return c;
    }
}
