package io.jkeras.data;

import io.jkeras.random.SeedGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The file listing shared by {@link ImageDirectory} and {@link TextDirectory}: class subfolders,
 * the files of each class, one seeded shuffle, and the training/validation split of that list
 * (the last {@code validationSplit} fraction is the validation subset).
 *
 * @param files   every accepted file, in dataset order (shuffled once when shuffling)
 * @param labels  the class index of each file
 * @param classes the class names, index i being label i
 * @param seed    the seed used for the shuffle (and for per-epoch reshuffling)
 */
record DirectorySplit(List<Path> files, int[] labels, List<String> classes, long seed) {

    /**
     * Lists {@code directory}'s class subfolders and the files in each that {@code accept} keeps.
     *
     * @param what       "image" or "text", for error messages
     * @param classNames the classes in the order wanted, or null for the sorted subfolder names
     * @param binary     whether the label mode is BINARY (exactly two classes required)
     */
    static DirectorySplit list(Path directory, String what, List<String> classNames, boolean binary,
                               Predicate<Path> accept, boolean shuffle, Long seed, boolean verbose) {
        if (!Files.isDirectory(directory)) throw new IllegalArgumentException(what + " directory " + directory + " does not exist or is not a folder");
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(directory)) {
            s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + directory + ": " + e.getMessage(), e);
        }
        List<String> classes = found;
        if (classNames != null) {
            if (!new HashSet<>(classNames).equals(new HashSet<>(found)) || classNames.size() != found.size()) throw new IllegalArgumentException(
                    "The class_names passed do not match the names of the subdirectories of the target directory. Expected: "
                            + found + ", but received: " + classNames);
            classes = classNames;
        }
        if (binary && classes.size() != 2) throw new IllegalArgumentException("When passing labelMode(BINARY), "
                + "there must be exactly 2 class folders. Found " + classes.size() + " in " + directory + ": " + classes);
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            try (Stream<Path> s = Files.walk(directory.resolve(classes.get(c)))) {
                List<Path> fs = s.filter(Files::isRegularFile).filter(accept).sorted().toList();
                files.addAll(fs);
                for (int i = 0; i < fs.size(); i++) labels.add(c);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not list " + directory.resolve(classes.get(c)) + ": " + e.getMessage(), e);
            }
        }
        long sd = seed != null ? seed : SeedGenerator.nextSeed();
        int[] order = new int[files.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        if (shuffle) {
            SplittableRandom rng = new SplittableRandom(SeedGenerator.mix(sd));
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i]; order[i] = order[j]; order[j] = t;
            }
        }
        List<Path> f2 = new ArrayList<>(files.size());
        int[] l2 = new int[files.size()];
        for (int i = 0; i < order.length; i++) {
            f2.add(files.get(order[i]));
            l2[i] = labels.get(order[i]);
        }
        if (verbose) System.out.println("Found " + files.size() + " files belonging to " + classes.size() + " classes.");
        return new DirectorySplit(List.copyOf(f2), l2, List.copyOf(classes), sd);
    }

    /** How many files the validation subset holds. */
    int numValidation(double validationSplit) { return (int) (validationSplit * files.size()); }

    /** The end (exclusive) of the training range; prints Keras's "Using N files for training." when splitting. */
    int trainingEnd(double validationSplit, boolean verbose) {
        int n = files.size() - numValidation(validationSplit);
        if (validationSplit > 0 && verbose) System.out.println("Using " + n + " files for training.");
        return n;
    }

    /** The start of the validation range (which ends at the last file); needs a split > 0. */
    int validationStart(double validationSplit, boolean verbose) {
        if (validationSplit == 0) throw new IllegalStateException("validation() needs validationSplit(...) > 0");
        int nv = numValidation(validationSplit);
        if (verbose) System.out.println("Using " + nv + " files for validation.");
        return files.size() - nv;
    }

    List<Path> trainingFiles(double validationSplit) { return files.subList(0, files.size() - numValidation(validationSplit)); }

    List<Path> validationFiles(double validationSplit) { return files.subList(files.size() - numValidation(validationSplit), files.size()); }

    /** The file indices {@code [from, to)} as a dataset, reshuffled each epoch with the listing's seed when asked. */
    Dataset<Integer> indices(int from, int to, boolean reshuffle, int batchSize) {
        List<Integer> idx = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) idx.add(i);
        Dataset<Integer> ds = Dataset.fromIterable(idx);
        return reshuffle ? ds.shuffle(Math.min(idx.size(), Math.max(1024, batchSize * 8)), seed) : ds;
    }
}
