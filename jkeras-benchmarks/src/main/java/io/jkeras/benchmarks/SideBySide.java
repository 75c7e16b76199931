package io.jkeras.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The side-by-side runner: runs every library x workload in its own JVM (so that peak RSS is
 * separable), in rounds whose library order rotates (interleaved, so that drifting machine load
 * hits every library alike), then prints a markdown table of medians with the jkeras/peer ratio
 * of each row.
 *
 * <pre>
 * java -Dbench.cp.jkeras=CP -Dbench.cp.tfjava=CP -Dbench.cp.djl=CP -Dbench.cp.dl4j=CP \
 *     -cp jkeras-benchmarks/target/classes io.jkeras.benchmarks.SideBySide [--rounds 3] [--libs jkeras,tfjava,djl,dl4j,openblas]
 *     [--workloads mlp,cnn,lstm,small,gemm] [--gemm-threads 2] [--out target/bench/table.md]
 * </pre>
 *
 * Each child gets {@code OMP_NUM_THREADS=2} (and {@code OMP_WAIT_POLICY=PASSIVE} for DL4J and DJL), the
 * JVM options of {@code -Dbench.jvm.LIB} (default {@code -Xmx1g}) and prints {@code RESULT} lines
 * ({@link Bench}). The 1-minute load average before each process is recorded, since other work on
 * the machine skews a 2-thread run.
 */
public final class SideBySide {
    private SideBySide() {}

    static final Map<String, String> MAINS = Map.of(
            "jkeras", "io.jkeras.benchmarks.JkerasWorkloads",
            "tfjava", "io.jkeras.benchmarks.peers.TfJavaWorkloads",
            "djl", "io.jkeras.benchmarks.peers.DjlWorkloads",
            "dl4j", "io.jkeras.benchmarks.peers.Dl4jWorkloads",
            "openblas", "io.jkeras.benchmarks.peers.OpenBlasGemm");

    /** jkeras's runner of the {@code gemm} workload (the others go to {@link JkerasWorkloads}). */
    static final String JKERAS_GEMM = "io.jkeras.benchmarks.JkerasGemm";

    static final Map<String, String> NAMES = Map.of(
            "jkeras", "jkeras", "tfjava", "TensorFlow Java 1.1.0", "djl", "DJL 0.36 + PyTorch 2.7.1", "dl4j", "Deeplearning4j 1.0.0-M2.1",
            "openblas", "OpenBLAS 0.3.31 (bytedeco 1.5.13)");

    /** Samples of one library x workload x key, with the load seen before each process. */
    record Key(String lib, String workload, String key) {}

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        List<String> libs = List.of("jkeras", "tfjava", "djl", "dl4j", "openblas");
        List<String> workloads = List.of("mlp");
        Path out = Path.of("target/bench/table.md");
        int gemmThreads = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--libs" -> libs = List.of(args[++i].split(","));
                case "--workloads" -> workloads = List.of(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                case "--gemm-threads" -> gemmThreads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]
                        + ". Usage: SideBySide [--rounds N] [--libs jkeras,tfjava,djl,dl4j,openblas] [--workloads mlp,cnn,lstm,small,gemm] [--gemm-threads N] [--out FILE]");
            }
        }
        Map<Key, List<Double>> samples = new TreeMap<>((a, b) -> (a.lib + a.workload + a.key).compareTo(b.lib + b.workload + b.key));
        Map<String, List<Double>> loads = new LinkedHashMap<>();
        Map<String, String> info = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (String wl : workloads) {
                List<String> order = new ArrayList<>();
                for (int i = 0; i < libs.size(); i++) order.add(libs.get((i + r) % libs.size()));
                for (String lib : order) {
                    if (wl.equals("small") && !lib.equals("jkeras")) continue;
                    if (!wl.equals("mlp") && lib.equals("tfjava")) continue;   // raw-op TF Java: the MLP only, as in the table
                    // the gemm workload is jkeras against OpenBLAS alone, and OpenBLAS runs nothing else
                    if (wl.equals("gemm") != lib.equals("openblas") && !lib.equals("jkeras")) continue;
                    String cp = System.getProperty("bench.cp." + lib);
                    if (cp == null) { failures.add(lib + ": no classpath given (-Dbench.cp." + lib + ")"); continue; }
                    double load = loadAverage();
                    loads.computeIfAbsent(lib + " " + wl, k -> new ArrayList<>()).add(load);
                    System.out.printf(Locale.ROOT, "round %d/%d: %s %s (load average %.2f)%n", r + 1, rounds, lib, wl, load);
                    run(lib, wl, cp, wl.equals("gemm") ? gemmThreads : 2, samples, info, failures);
                }
            }
        }
        String table = table(libs, workloads, samples, loads, info, failures, rounds, gemmThreads);
        System.out.println();
        System.out.println(table);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
        System.out.println("(written to " + out + ")");
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static void run(String lib, String wl, String cp, int threads, Map<Key, List<Double>> samples, Map<String, String> info,
                    List<String> failures) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvm = System.getProperty("bench.jvm." + lib, "-Xmx1g");
        for (String a : jvm.trim().split("\\s+")) if (!a.isEmpty()) cmd.add(a);
        if (lib.equals("jkeras") && threads != 2) cmd.add("-Djkeras.cpu.threads=" + threads);
        cmd.addAll(List.of("-cp", cp, wl.equals("gemm") && lib.equals("jkeras") ? JKERAS_GEMM : MAINS.get(lib), wl));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        // OpenMP threads that spin while waiting ruin a 2-thread run on a busy machine: DL4J needs PASSIVE
        // (the setting), and DJL/PyTorch fell from ~90k to ~1.3k samples/s without it at load 12
        if (lib.equals("dl4j") || lib.equals("djl")) pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process p = pb.start();
        List<String> tail = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    String[] f = line.split(" ");
                    samples.computeIfAbsent(new Key(f[1], f[2], f[3]), k -> new ArrayList<>()).add(Double.parseDouble(f[4]));
                    System.out.println("  " + line);
                } else if (line.startsWith("INFO ")) {
                    info.put(lib, line.substring(5 + lib.length() + 1));
                } else {
                    tail.add(line);
                    if (tail.size() > 20) tail.remove(0);
                }
            }
        }
        int rc = p.waitFor();
        if (rc != 0) {
            String msg = lib + " " + wl + " exited with " + rc + ": " + String.join(" | ", tail);
            failures.add(msg);
            System.out.println("  FAILED " + msg);
        }
    }

    static double median(List<Double> v) {
        if (v == null || v.isEmpty()) return Double.NaN;
        double[] c = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    static String table(List<String> libs, List<String> workloads, Map<Key, List<Double>> s, Map<String, List<Double>> loads,
                        Map<String, String> info, List<String> failures, int rounds, int gemmThreads) {
        StringBuilder b = new StringBuilder();
        List<String> peers = libs.stream().filter(l -> !l.equals("jkeras")).toList();
        for (String wl : workloads) {
            if (wl.equals("gemm")) {
                gemmTable(b, libs, s, loads, rounds, gemmThreads);
                continue;
            }
            if (wl.equals("small")) {
                b.append("\n### small model (Dense 10-32-1, MSE, Adam, batch 32): fixed cost per call, jkeras\n\n");
                b.append("| phase | train step (us), median | predict of 32 (us), median |\n|---|---|---|\n");
                for (String phase : List.of("cold", "warm")) {
                    b.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n", phase,
                            median(s.get(new Key("jkeras", "small", "train_step_us_" + phase))),
                            median(s.get(new Key("jkeras", "small", "predict_us_" + phase)))));
                }
                continue;
            }
            b.append("\n### ").append(wl.toUpperCase(Locale.ROOT)).append(": medians of ").append(rounds)
                    .append(" interleaved rounds x ").append(Bench.REPEATS).append(" timed repeats\n\n");
            b.append("| library | train samples/s | jkeras / lib | infer samples/s | jkeras / lib | peak RSS MB | jkeras / lib "
                    + "| train samples per CPU-second | jkeras / lib | load avg (1 min) before its processes |\n");
            b.append("|---|---|---|---|---|---|---|---|---|---|\n");
            double jt = median(s.get(new Key("jkeras", wl, "train"))), ji = median(s.get(new Key("jkeras", wl, "infer")));
            double jr = max(s.get(new Key("jkeras", wl, "rss_mb"))), jc = median(s.get(new Key("jkeras", wl, "train_per_cpu_s")));
            for (String lib : libs) {
                double t = median(s.get(new Key(lib, wl, "train"))), inf = median(s.get(new Key(lib, wl, "infer")));
                double rss = max(s.get(new Key(lib, wl, "rss_mb"))), cpu = median(s.get(new Key(lib, wl, "train_per_cpu_s")));
                if (Double.isNaN(t) && Double.isNaN(inf) && Double.isNaN(rss)) continue;   // a library that does not run this workload
                boolean self = lib.equals("jkeras");
                b.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %,.0f | %s | %,.0f | %s | %,.0f | %s | %s |%n", NAMES.getOrDefault(lib, lib),
                        t, self ? "" : ratio(jt, t), inf, self ? "" : ratio(ji, inf), rss, self ? "" : ratio(jr, rss),
                        cpu, self ? "" : ratio(jc, cpu), loadRange(loads.get(lib + " " + wl))));
            }
            b.append("\nThe CPU-second column divides by the CPU time all of a process's threads used while training "
                    + "(spinning threads count), so it shows efficiency apart from how much of a busy machine a library manages to take.\n");
        }
        b.append("\nRatios above 1 favour jkeras for throughput; for RSS, below 1 means jkeras uses less memory.\n");
        if (!info.isEmpty()) {
            b.append("\nVersions and settings reported by each process:\n\n");
            for (Map.Entry<String, String> e : info.entrySet()) b.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        if (!failures.isEmpty()) {
            b.append("\nFailures:\n\n");
            for (String f : failures) b.append("- ").append(f).append('\n');
        }
        return b.toString();
    }

    /** The gemm workload: one row per shape, jkeras against OpenBLAS in wall-clock and per-CPU-second GFLOP/s. */
    static void gemmTable(StringBuilder b, List<String> libs, Map<Key, List<Double>> s, Map<String, List<Double>> loads, int rounds,
                          int threads) {
        b.append("\n### GEMM (float32, ").append(threads).append(threads == 1 ? " thread" : " threads").append("): GFLOP/s, medians of ").append(rounds).append(" interleaved rounds x ")
                .append(Bench.REPEATS).append(" timed repeats\n\n");
        b.append("| product (m x n x k) | shape | jkeras GFLOP/s | OpenBLAS GFLOP/s | jkeras / OpenBLAS "
                + "| jkeras GFLOP per CPU-s | OpenBLAS GFLOP per CPU-s | jkeras / OpenBLAS |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (GemmWorkload.Shape sh : GemmWorkload.SHAPES) {
            String id = sh.id();
            double j = median(s.get(new Key("jkeras", "gemm", "gflops_" + id))), o = median(s.get(new Key("openblas", "gemm", "gflops_" + id)));
            double jc = median(s.get(new Key("jkeras", "gemm", "cpu_gflops_" + id))), oc = median(s.get(new Key("openblas", "gemm", "cpu_gflops_" + id)));
            if (Double.isNaN(j) && Double.isNaN(o)) continue;
            b.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %s | %.1f | %.1f | %s |%n", id.replace('_', ' '), sh.label(),
                    j, o, ratio(j, o), jc, oc, ratio(jc, oc)));
        }
        for (String lib : libs) {
            if (lib.equals("jkeras") || lib.equals("openblas")) {
                b.append("\nLoad average (1 min) before the ").append(NAMES.getOrDefault(lib, lib)).append(" processes: ")
                        .append(loadRange(loads.get(lib + " gemm"))).append('\n');
            }
        }
        b.append("\nThe CPU-second columns divide by the CPU time of all of a process's threads (spinning threads count).\n");
    }

    static double max(List<Double> v) {
        return v == null || v.isEmpty() ? Double.NaN : v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "–" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    static String loadRange(List<Double> v) {
        if (v == null || v.isEmpty()) return "–";
        double lo = v.stream().mapToDouble(Double::doubleValue).min().orElse(0), hi = v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return String.format(Locale.ROOT, "%.1f–%.1f", lo, hi) + " (" + Arrays.toString(v.stream().mapToDouble(d -> Math.round(d * 10) / 10.0).toArray()) + ")";
    }
}
