package io.jkeras.callbacks;

import io.jkeras.autodiff.Variable;
import io.jkeras.models.Model;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link CheckpointStore} the callbacks use by default. Whole models are written by
 * {@link io.jkeras.saving.Models#save} as Keras 3 {@code .keras} files. Weights files, until
 * {@code io.jkeras.saving} can write Keras's {@code .weights.h5}, use a stopgap binary format of
 * jkeras's own: the model's weights and the optimizer's variables ({@code JKWEIGHT} magic, then
 * for each variable its path, dtype, shape and big-endian values). Keras cannot read those files,
 * whatever their name; they round-trip within jkeras (ModelCheckpoint, BackupAndRestore).
 */
public final class InterimWeightsStore implements CheckpointStore {
    static final InterimWeightsStore INSTANCE = new InterimWeightsStore();
    private static final byte[] MAGIC = "JKWEIGHT".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final System.Logger LOG = System.getLogger(InterimWeightsStore.class.getName());

    public InterimWeightsStore() {}

    @Override public void saveModel(Model model, Path path) throws IOException {
        io.jkeras.saving.Models.save(model, path);
    }

    @Override public void saveWeights(Model model, Path path) throws IOException {
        List<Variable> modelVars = model.weights();
        Optimizer opt = model.optimizer();
        List<Variable> optVars = opt != null && opt.built() ? opt.variables() : List.of();
        try (OutputStream fo = Files.newOutputStream(path); DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fo, 1 << 16))) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            writeSection(out, modelVars);
            writeSection(out, optVars);
        }
    }

    private static void writeSection(DataOutputStream out, List<Variable> vars) throws IOException {
        out.writeInt(vars.size());
        for (Variable v : vars) {
            Tensor t = io.jkeras.autodiff.GradientTape.noRecording(v::value);
            out.writeUTF(v.path());
            out.writeUTF(t.dtype().kerasName());
            int[] dims = t.shape().toArray();
            out.writeInt(dims.length);
            for (int d : dims) out.writeInt(d);
            int n = t.size();
            switch (t.dtype()) {
                case FLOAT32 -> { float[] a = t.floats(); for (int i = 0; i < n; i++) out.writeFloat(a[i]); }
                case FLOAT64 -> { double[] a = t.doubles(); for (int i = 0; i < n; i++) out.writeDouble(a[i]); }
                case INT32 -> { int[] a = t.ints(); for (int i = 0; i < n; i++) out.writeInt(a[i]); }
                case INT64 -> { long[] a = t.longs(); for (int i = 0; i < n; i++) out.writeLong(a[i]); }
                case BOOL -> { boolean[] a = t.booleans(); for (int i = 0; i < n; i++) out.writeBoolean(a[i]); }
            }
        }
    }

    private record Entry(String path, Tensor value) {}

    private static List<Entry> readSection(DataInputStream in, Path file) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 1_000_000) throw new IOException(file + ": corrupt weights file (variable count " + count + ")");
        List<Entry> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            String p = in.readUTF();
            DType dt = DType.fromName(in.readUTF());
            int rank = in.readInt();
            if (rank < 0 || rank > 64) throw new IOException(file + ": corrupt weights file (rank " + rank + " for " + p + ")");
            int[] dims = new int[rank];
            long size = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) throw new IOException(file + ": corrupt weights file (shape of " + p + ")");
                size *= dims[i];
            }
            if (size > Integer.MAX_VALUE) throw new IOException(file + ": variable " + p + " is too large");
            int n = (int) size;
            Object a = Tensor.allocate(dt, n);
            switch (dt) {
                case FLOAT32 -> { float[] b = (float[]) a; for (int i = 0; i < n; i++) b[i] = in.readFloat(); }
                case FLOAT64 -> { double[] b = (double[]) a; for (int i = 0; i < n; i++) b[i] = in.readDouble(); }
                case INT32 -> { int[] b = (int[]) a; for (int i = 0; i < n; i++) b[i] = in.readInt(); }
                case INT64 -> { long[] b = (long[]) a; for (int i = 0; i < n; i++) b[i] = in.readLong(); }
                case BOOL -> { boolean[] b = (boolean[]) a; for (int i = 0; i < n; i++) b[i] = in.readBoolean(); }
            }
            out.add(new Entry(p, Tensor.wrap(a, Shape.of(dims))));
        }
        return out;
    }

    @Override public void loadWeights(Model model, Path path) throws IOException {
        List<Entry> modelEntries, optEntries;
        try (InputStream fi = Files.newInputStream(path); DataInputStream in = new DataInputStream(new BufferedInputStream(fi, 1 << 16))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) throw new IOException(path + " is not a jkeras interim weights file "
                    + "(it may be a Keras .weights.h5 file, which needs io.jkeras.saving to read)");
            int version = in.readInt();
            if (version != VERSION) throw new IOException(path + ": unsupported interim weights file version " + version);
            modelEntries = readSection(in, path);
            optEntries = readSection(in, path);
        } catch (EOFException e) {
            throw new IOException(path + ": the weights file is truncated", e);
        }
        List<Variable> vars = model.weights();
        if (vars.size() != modelEntries.size()) throw new IOException("Model \"" + model.name() + "\" has " + vars.size()
                + " weights, but " + path + " holds " + modelEntries.size() + "; the file was saved from a different model");
        for (int i = 0; i < vars.size(); i++) {
            if (!vars.get(i).shape().equals(modelEntries.get(i).value().shape())) throw new IOException("Weight " + i + " ("
                    + vars.get(i).path() + ") of model \"" + model.name() + "\" has shape " + vars.get(i).shape() + ", but " + path
                    + " holds shape " + modelEntries.get(i).value().shape() + " (saved as " + modelEntries.get(i).path() + ")");
        }
        for (int i = 0; i < vars.size(); i++) vars.get(i).assign(modelEntries.get(i).value());
        Optimizer opt = model.optimizer();
        if (opt == null || optEntries.isEmpty()) return;
        if (!opt.built()) opt.build(model.trainableWeights());
        List<Variable> ov = opt.variables();
        boolean same = ov.size() == optEntries.size();
        for (int i = 0; same && i < ov.size(); i++) same = ov.get(i).shape().equals(optEntries.get(i).value().shape());
        if (!same) {
            LOG.log(System.Logger.Level.WARNING, "Skipping variable loading for optimizer ''{0}'', because it has {1} variables "
                    + "whereas the saved optimizer has {2} variables.", opt.name(), ov.size(), optEntries.size());
            return;
        }
        for (int i = 0; i < ov.size(); i++) ov.get(i).assign(optEntries.get(i).value());
    }
}
