package io.jkeras.cli;

import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.ops.Ops;
import io.jkeras.saving.ModelFormatException;
import io.jkeras.saving.Models;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.utils.Npy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code jkeras} command: inspect, run and convert Keras model files.
 *
 * <pre>
 * jkeras summary model.keras
 * jkeras predict --model model.keras --input x.npy --output y.npy [--batch-size 32]
 * jkeras predict --model model.h5 --input a.npy --input b.npy --output-dir out/
 * jkeras convert old_model.h5 model.keras
 * jkeras convert model.keras model.weights.h5
 * </pre>
 *
 * Every failure ends with a non-zero exit status and one line on standard error that says what
 * went wrong (a bad file, a shape that does not fit the model, a wrong argument), never a stack
 * trace. {@link #run} is the testable entry point: it returns the exit status instead of exiting.
 */
public final class Main {
    /** Exit status of a usage error (unknown command, missing or bad argument). */
    public static final int USAGE = 2;
    /** Exit status of a failure (unreadable file, shapes that do not fit, ...). */
    public static final int FAILURE = 1;

    static final String USAGE_TEXT = """
            Usage: jkeras <command> [arguments]

            Commands:
              summary MODEL
                  Print the summary of a model file (.keras, or a legacy Keras 1/2 .h5).
              predict --model MODEL --input X.npy [--input X2.npy ...]
                      (--output Y.npy [--output Y2.npy ...] | --output-dir DIR) [--batch-size N]
                  Run the model on .npy inputs (one per model input, in order) and write its
                  outputs as float32 .npy files: one --output per model output, in order, or one
                  file per output in DIR named after the layer that produces it. N defaults to 32.
              convert IN OUT
                  Convert a model file: OUT ending in .keras gets the whole model (e.g. from a
                  legacy .h5), OUT ending in .weights.h5 only its weights (Keras 3 layout).
              help
                  Show this text.
            """;

    private Main() {}

    public static void main(String[] args) {
        quietLogging();
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Warnings as one line on standard error, no informational log lines, and no SLF4J notice
     * (jHDF logs through SLF4J, which has no provider here).
     */
    private static void quietLogging() {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "jkeras: warning: %5$s%n");
        }
        if (System.getProperty("java.util.logging.config.file") == null) {
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        }
    }

    /**
     * Runs the command line {@code args}, printing results to {@code out} and errors to {@code err}.
     *
     * @return the exit status: 0 on success, {@link #USAGE} for a usage error, {@link #FAILURE} otherwise
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        try {
            if (args.length == 0) {
                err.print(USAGE_TEXT);
                return USAGE;
            }
            List<String> rest = List.of(args).subList(1, args.length);
            switch (args[0]) {
                case "summary" -> summary(rest, out);
                case "predict" -> predict(rest, out);
                case "convert" -> convert(rest, out, err);
                case "help", "--help", "-h" -> out.print(USAGE_TEXT);
                default -> throw new UsageException("unknown command '" + args[0] + "'; the commands are summary, predict, convert (see 'jkeras help')");
            }
            return 0;
        } catch (UsageException e) {
            err.println("jkeras: " + e.getMessage());
            return USAGE;
        } catch (OutOfMemoryError e) {
            err.println("jkeras: out of memory; give the JVM more (e.g. JAVA_OPTS=-Xmx8g) or use a smaller --batch-size");
            return FAILURE;
        } catch (StackOverflowError e) {
            err.println("jkeras: the model is nested too deeply to process");
            return FAILURE;
        } catch (Throwable e) {
            err.println("jkeras: " + describe(e));
            return FAILURE;
        }
    }

    /** A usage error: exit status {@link #USAGE}. */
    static final class UsageException extends Exception {
        UsageException(String message) { super(message); }
    }

    /** One line saying what went wrong, from the exception's own message where there is one. */
    static String describe(Throwable e) {
        String msg = switch (e) {
            case NoSuchFileException n -> (n.getReason() != null ? n.getReason() : "no such file") + ": " + n.getFile();
            case AccessDeniedException a -> "permission denied: " + a.getFile();
            case java.nio.file.FileSystemException f when f.getReason() != null -> f.getFile() + ": " + f.getReason();
            case LinkageError l -> "jkeras-cli and jkeras-core do not match (" + l.getClass().getSimpleName() + ": " + l.getMessage()
                    + "); rebuild both, e.g. with bin/jkeras or ./mvnw -pl jkeras-cli -am package";
            default -> e.getMessage();
        };
        if (msg == null || msg.isBlank()) msg = e.getClass().getSimpleName();
        msg = msg.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        if (msg.length() > 2000) msg = msg.substring(0, 1997) + "...";
        return msg;
    }

    // ------------------------------------------------------------------ summary

    private static void summary(List<String> args, PrintStream out) throws Exception {
        if (args.size() != 1 || args.get(0).startsWith("--")) throw new UsageException("summary takes one model file: jkeras summary MODEL");
        Model model = Models.load(existing(args.get(0), "model file"), false);
        out.print(model.summaryString());
    }

    // ------------------------------------------------------------------ predict

    private static void predict(List<String> args, PrintStream out) throws Exception {
        String modelPath = null, outputDir = null;
        List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        int batchSize = 32;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--model" -> modelPath = once(modelPath, a, value(args, i++));
                case "--input" -> inputs.add(value(args, i++));
                case "--output" -> outputs.add(value(args, i++));
                case "--output-dir" -> outputDir = once(outputDir, a, value(args, i++));
                case "--batch-size" -> batchSize = positiveInt(a, value(args, i++));
                default -> throw new UsageException("predict: unexpected argument '" + a + "'; expected --model, --input, --output, --output-dir or --batch-size");
            }
        }
        if (modelPath == null) throw new UsageException("predict needs --model MODEL");
        if (inputs.isEmpty()) throw new UsageException("predict needs at least one --input X.npy (one per model input)");
        if (outputs.isEmpty() == (outputDir == null)) throw new UsageException("predict needs either --output Y.npy (one per model output) or --output-dir DIR, not "
                + (outputDir == null ? "neither" : "both"));

        Model model = Models.load(existing(modelPath, "model file"), false);
        List<KerasTensor> modelIns = model.inputs();
        if (modelIns.isEmpty()) throw new IllegalArgumentException("model \"" + model.name() + "\" is not a graph model; its inputs are unknown");
        if (inputs.size() != modelIns.size()) {
            throw new UsageException("model \"" + model.name() + "\" has " + modelIns.size() + " input(s) " + inputNames(model)
                    + ", but " + inputs.size() + " --input file(s) were given");
        }
        List<Tensor> xs = new ArrayList<>();
        int n = -1;
        for (int i = 0; i < inputs.size(); i++) {
            String file = inputs.get(i);
            Tensor x = Npy.read(existing(file, "input file"));
            KerasTensor spec = modelIns.get(i);
            Shape want = spec.shape();
            if (!want.isCompatibleWith(x.shape())) {
                throw new IllegalArgumentException(file + ": shape " + x.shape() + " does not fit input " + i + " (\"" + spec.name()
                        + "\") of model \"" + model.name() + "\", which expects " + describeShape(want) + " (the first dimension is the batch)");
            }
            if (x.rank() == 0 || x.dim(0) == 0) throw new IllegalArgumentException(file + ": the input has no samples (shape " + x.shape() + ")");
            if (n >= 0 && x.dim(0) != n) throw new IllegalArgumentException(file + ": has " + x.dim(0) + " samples, but " + inputs.get(0) + " has " + n
                    + "; all inputs need the same number of samples");
            n = x.dim(0);
            if (x.dtype() != spec.dtype()) x = Ops.cast(x, spec.dtype());
            xs.add(x);
        }
        List<KerasTensor> modelOuts = model.outputs();
        List<Path> targets = new ArrayList<>();
        if (outputDir != null) {
            Path dir = Path.of(outputDir);
            if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UsageException("--output-dir " + outputDir + " exists and is not a directory");
            Files.createDirectories(dir);
            for (String name : outputFileNames(modelOuts)) targets.add(dir.resolve(name));
        } else {
            if (outputs.size() != modelOuts.size()) {
                throw new UsageException("model \"" + model.name() + "\" has " + modelOuts.size() + " output(s) " + modelOuts.stream().map(KerasTensor::name).toList()
                        + ", but " + outputs.size() + " --output file(s) were given; give one per output or use --output-dir");
            }
            for (String o : outputs) targets.add(Path.of(o));
        }

        List<Tensor> ys = model.predictAll(xs, batchSize);
        for (int i = 0; i < ys.size(); i++) {
            Tensor y = ys.get(i);
            if (y.dtype() != DType.FLOAT32 && y.dtype().isFloating()) y = Ops.cast(y, DType.FLOAT32);
            Npy.write(targets.get(i), y);
            out.println("wrote " + targets.get(i) + " " + y.shape());
        }
    }

    /** One file name per output, after the producing layer; repeated names get {@code _1}, {@code _2}, ... */
    static List<String> outputFileNames(List<KerasTensor> outs) {
        List<String> names = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (KerasTensor t : outs) {
            String base = t.name().replaceAll("[^A-Za-z0-9._-]", "_");
            if (base.isEmpty() || base.startsWith(".")) base = "output" + base;
            String name = base;
            for (int k = 1; !used.add(name.toLowerCase(Locale.ROOT)); k++) name = base + "_" + k;
            names.add(name + ".npy");
        }
        return names;
    }

    private static List<String> inputNames(Model model) {
        List<String> names = new ArrayList<>();
        for (KerasTensor t : model.inputs()) names.add(t.name() + " " + describeShape(t.shape()));
        return names;
    }

    private static String describeShape(Shape s) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < s.rank(); i++) {
            if (i > 0) b.append(", ");
            b.append(s.dim(i) == Shape.UNKNOWN ? "None" : String.valueOf(s.dim(i)));
        }
        return b.append(s.rank() == 1 ? ",)" : ")").toString();
    }

    // ------------------------------------------------------------------ convert

    private static void convert(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.size() != 2 || args.get(0).startsWith("--") || args.get(1).startsWith("--")) {
            throw new UsageException("convert takes an input and an output file: jkeras convert IN OUT");
        }
        Path target = Path.of(args.get(1));
        String name = String.valueOf(target.getFileName());
        boolean weightsOnly = name.endsWith(".weights.h5");
        if (!weightsOnly && !name.endsWith(".keras")) {
            throw new UsageException("convert: OUT must end with .keras (the whole model) or .weights.h5 (its weights); received " + args.get(1)
                    + " (legacy .h5 files can be read but not written)");
        }
        Path in = existing(args.get(0), "model file");
        Model model;
        try {
            model = Models.load(in, true);
        } catch (ModelFormatException e) {
            // keep the model even when its training setup cannot be carried over
            model = Models.load(in, false);
            err.println("jkeras: warning: the training configuration was not converted: " + describe(e));
        }
        if (weightsOnly) Models.saveWeights(model, target);
        else Models.save(model, target);
        out.println("wrote " + target + " (model \"" + model.name() + "\", " + model.countParams() + " parameters"
                + (weightsOnly ? ", weights only" : model.isCompiled() ? ", compiled" : "") + ")");
    }

    // ------------------------------------------------------------------ argument helpers

    private static String value(List<String> args, int i) throws UsageException {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) throw new UsageException(args.get(i) + " needs a value");
        return args.get(i + 1);
    }

    private static String once(String previous, String option, String value) throws UsageException {
        if (previous != null) throw new UsageException(option + " may be given once");
        return value;
    }

    private static int positiveInt(String option, String value) throws UsageException {
        try {
            int v = Integer.parseInt(value);
            if (v > 0) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException(option + " must be a positive integer, received '" + value + "'");
    }

    private static Path existing(String file, String what) throws IOException {
        Path p = Path.of(file);
        if (!Files.exists(p)) throw new NoSuchFileException(file, null, what + " not found");
        if (Files.isDirectory(p)) throw new IOException(file + ": is a directory, not a " + what);
        return p;
    }
}
