package io.jkeras.datasets;

import io.jkeras.tensor.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FashionMnistTest {

    /**
     * The real Fashion-MNIST: from the cache, the installed Debian package, or apt-get download.
     * Skipped, with the reason, where none works (the web source is left out to keep tests offline).
     */
    @Test
    void realFashionMnistHasKerasShapesAndBalancedClasses() {
        Mnist.Data d;
        try {
            d = FashionMnist.load(Datasets.cacheRoot(),
                    List.of(new IdxDataset.Location(FashionMnist.INSTALLED_DIR, "the installed Debian package")),
                    List.of(FashionMnist.debianSource()));
        } catch (DatasetUnavailableException e) {
            assumeTrue(false, "Fashion-MNIST is not cached or installed and apt-get could not fetch it; skipping:\n" + e.getMessage());
            return;
        }
        assertEquals(Shape.of(60000, 28, 28), d.xTrain().shape());
        assertEquals(Shape.of(10000, 28, 28), d.xTest().shape());
        int[] train = MnistTest.counts(d.yTrain()), test = MnistTest.counts(d.yTest());
        int[] sixThousand = new int[10], thousand = new int[10];
        Arrays.fill(sixThousand, 6000);
        Arrays.fill(thousand, 1000);
        assertArrayEquals(sixThousand, train);
        assertArrayEquals(thousand, test);
        int max = Arrays.stream(d.xTrain().ints()).max().orElseThrow();
        int min = Arrays.stream(d.xTrain().ints()).min().orElseThrow();
        assertEquals(0, min);
        assertEquals(255, max);
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, Arrays.copyOf(d.yTrain().ints(), 10));
        double sum = 0, sq = 0;
        for (int v : d.xTrain().ints()) { sum += v / 255.0; sq += (v / 255.0) * (v / 255.0); }
        double n = d.xTrain().size(), mean = sum / n, std = Math.sqrt(sq / n - mean * mean);
        // The normalisation constants quoted for Fashion-MNIST: mean 0.2860, std 0.3530.
        assertEquals(0.2860, mean, 5e-5);
        assertEquals(0.3530, std, 5e-5);
    }

    @Test
    void missingDataNamesFilesFolderAndCommands(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
        var e = assertThrows(DatasetUnavailableException.class,
                () -> FashionMnist.load(root, List.of(new IdxDataset.Location(root.resolve("nowhere"), "nothing")), List.of()));
        String m = e.getMessage();
        for (String f : FashionMnist.SPEC.files()) assertTrue(m.contains(f), m);
        assertTrue(m.contains(root.resolve("fashion-mnist").toAbsolutePath().toString()), m);
        assertTrue(m.contains("apt-get download dataset-fashion-mnist") && m.contains("apt-get install dataset-fashion-mnist"), m);
    }
}
