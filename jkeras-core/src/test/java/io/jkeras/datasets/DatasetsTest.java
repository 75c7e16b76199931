package io.jkeras.datasets;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class DatasetsTest {

    @Test
    void toFloatImagesScalesTo01AndFlattens() {
        Tensor x = Tensor.of(new int[] {0, 51, 255, 1, 2, 3, 4, 5}, 2, 2, 2);
        Tensor flat = Datasets.toFloatImages(x, true);
        assertEquals(Shape.of(2, 4), flat.shape());
        assertEquals(DType.FLOAT32, flat.dtype());
        assertArrayEquals(new float[] {0f, 0.2f, 1f, 1f / 255, 2f / 255, 3f / 255, 4f / 255, 5f / 255}, flat.floats());
        Tensor kept = Datasets.toFloatImages(x, false);
        assertEquals(Shape.of(2, 2, 2), kept.shape());
        assertArrayEquals(flat.floats(), kept.floats());
        assertEquals(Shape.of(0, 4), Datasets.toFloatImages(Tensor.zeros(Shape.of(0, 2, 2), DType.INT32), true).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.toFloatImages(Tensor.of(new int[] {1}, 1), true));
        assertTrue(e.getMessage().contains("got shape"), e.getMessage());
    }

    @Test
    void cacheRootFollowsThePropertyThenTheHome() {
        String old = System.getProperty(Datasets.DIR_PROPERTY);
        try {
            System.setProperty(Datasets.DIR_PROPERTY, "/tmp/some-cache");
            assertEquals(Path.of("/tmp/some-cache"), Datasets.cacheRoot());
            System.clearProperty(Datasets.DIR_PROPERTY);
            if (System.getenv(Datasets.DIR_ENV) == null)
                assertEquals(Path.of(System.getProperty("user.home"), ".jkeras", "datasets"), Datasets.cacheRoot());
        } finally {
            if (old == null) System.clearProperty(Datasets.DIR_PROPERTY);
            else System.setProperty(Datasets.DIR_PROPERTY, old);
        }
    }
}
