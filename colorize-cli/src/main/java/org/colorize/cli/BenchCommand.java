package org.colorize.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.colorize.core.Colorizer;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelLocator;
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.core.encoding.Encoding;
import org.colorize.core.image.Images;
import org.colorize.core.internal.Networks;
import org.colorize.core.model.ModelKind;
import org.colorize.models.Architectures;
import org.colorize.models.ColorizationArchitecture;
import org.colorize.models.GraphArchitecture;
import org.colorize.models.LabUNet;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code colorize bench}: training and inference images/s and single-image latency of a model or an
 * architecture, as JSON lines (one per measurement, the median of the timed iterations), so machines
 * and backends can be compared. Run it alone on the machine.
 *
 * <p>Warm-up policy, in this order in one process: batch-1 latency gets {@code --warmup} + 3 untimed
 * calls, inference and training {@code --warmup} untimed calls (a training call is one {@code fit} of
 * one batch); then {@code --iterations} timed calls each. {@code median_s} is the upper median
 * t[n/2] of the sorted times (the middle one for an odd count), {@code times_s} the timed calls in
 * order, {@code first_s} the measure's first call in the process (one-time costs included: JIT
 * compilation, oneDNN primitive creation, workspace growth).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures training and inference images/s and latency; prints JSON lines.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME|PATH|URL", description = "A model bundle to measure.")
    String model;

    @Option(names = "--arch", paramLabel = "ID", description = "Or an architecture with fresh weights (default: lab-unet when no --model).")
    String arch;

    @Option(names = "--size", paramLabel = "N", description = "Input side (default: the network's training/fixed size).")
    Integer size;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8", description = "Batch for throughput (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "10", description = "Timed iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Untimed iterations first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--no-train", description = "Skip the training measurement.")
    boolean noTrain;

    @Option(names = "--image", paramLabel = "FILE", description = "Also time colorize() on this image (pipeline latency).")
    Path image;

    @Option(names = "--soak", paramLabel = "SECONDS",
            description = "Soak instead: --threads threads colorize --image (default: generated) for SECONDS; "
                    + "prints images/s, RSS and heap every 10 s and checks every result equals the first.")
    Integer soak;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "8", description = "Soak threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (soak != null) {
            return soak();
        }
        if (model != null && arch != null) {
            throw new ColorizeCli.UsageException("give --model or --arch, not both");
        }
        Model net;
        ModelMetadata md;
        ModelBundle bundle = null;
        if (model != null) {
            bundle = ColorizeCli.loadBundle(model);
            net = bundle.network();
            md = bundle.metadata();
        } else {
            String id = arch != null ? arch : LabUNet.ID;
            GraphArchitecture g;
            try {
                g = Architectures.create(id);
            } catch (IllegalArgumentException e) {
                throw new ColorizeCli.UsageException("--arch: " + e.getMessage());
            }
            if (!(g instanceof ColorizationArchitecture<?> a)) {
                throw new ColorizeCli.UsageException("--arch " + id + " is not a colorization network");
            }
            net = a.newNetwork();
            md = a.metadata();
        }
        int w, h;
        if (md.workingSize().adaptive()) {
            int s = size != null ? size : md.architectureParams().get("trainingSize") instanceof Number n ? n.intValue()
                    : md.workingSize().maxSide();
            w = s;
            h = s;
        } else {
            w = md.workingSize().width();
            h = md.workingSize().height();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(header(net));
        String common = String.format(Locale.ROOT, "\"model\":\"%s\",\"kind\":\"%s\",\"size\":\"%dx%d\",\"params\":%d,"
                + "\"threads\":%d,\"backend\":\"%s\"", md.architecture(), md.kind(), w, h, net.numParams(),
                Runtime.getRuntime().availableProcessors(), Nd4j.getBackend().getClass().getSimpleName());
        INDArray[] in1 = inputs(md, 1, w, h);
        INDArray[] inB = inputs(md, batch, w, h);
        Timing lat = time(() -> Networks.output(net, in1), warmup + 3, iterations);
        out.printf(Locale.ROOT, "{\"bench\":\"latency\",%s,\"batch\":1,\"median_s\":%.5f,\"images_per_s\":%.2f,%s}%n", common,
                lat.median(), 1 / lat.median(), lat.json());
        out.flush();
        Timing inf = time(() -> Networks.output(net, inB), warmup, iterations);
        out.printf(Locale.ROOT, "{\"bench\":\"inference\",%s,\"batch\":%d,\"median_s\":%.5f,\"images_per_s\":%.2f,%s}%n", common,
                batch, inf.median(), batch / inf.median(), inf.json());
        out.flush();
        if (!noTrain) {
            INDArray labels = labels(md, batch, w, h);
            Runnable step;
            if (net instanceof MultiLayerNetwork m) {
                DataSet ds = new DataSet(inB[0], labels);
                step = () -> m.fit(ds);
            } else {
                ComputationGraph cg = (ComputationGraph) net;
                MultiDataSet ds = new MultiDataSet(inB, new INDArray[] {labels});
                step = () -> cg.fit(ds);
            }
            Timing tr = time(step, warmup, iterations);
            out.printf(Locale.ROOT, "{\"bench\":\"training\",%s,\"batch\":%d,\"median_s\":%.5f,\"images_per_s\":%.2f,%s}%n", common,
                    batch, tr.median(), batch / tr.median(), tr.json());
            out.flush();
        }
        if (image != null) {
            if (bundle == null) {
                throw new ColorizeCli.UsageException("--image needs --model (a bundle; an embedder for fusion models)");
            }
            BufferedImage img = Images.read(image);
            try (Colorizer c = Colorizer.of(bundle)) {
                Timing p = time(() -> c.colorize(img), 1, Math.max(3, iterations / 2));
                out.printf(Locale.ROOT, "{\"bench\":\"pipeline_latency\",%s,\"image\":\"%dx%d\",\"median_s\":%.4f,%s}%n", common,
                        img.getWidth(), img.getHeight(), p.median(), p.json());
            }
        }
        out.flush();
        return 0;
    }

    /** Inputs made by the model's own {@link Encoding} from random pictures (seeded: every run the same). */
    private static INDArray[] inputs(ModelMetadata md, int n, int w, int h) {
        Encoding enc = md.encoding();
        int plane = w * h;
        float[] features = new float[n * enc.inputChannels() * plane];
        for (int k = 0; k < n; k++) {
            enc.encodeInput(enc.inputPlaneOf(picture(k, w, h), plane, true), features, k * enc.inputChannels() * plane);
        }
        INDArray x = Nd4j.create(features, new long[] {n, enc.inputChannels(), h, w}, 'c');
        if (md.kind() == ModelKind.L_EMBEDDING_TO_AB) {
            int e = md.embedder().orElseThrow().embeddingSize();
            INDArray emb = Nd4j.rand(DataType.FLOAT, n, e);
            return new INDArray[] {x, emb.divi(emb.sum(1).reshape(n, 1))};
        }
        return new INDArray[] {x};
    }

    /** Labels made by the model's own {@link Encoding} from the same random pictures. */
    private static INDArray labels(ModelMetadata md, int n, int w, int h) {
        Encoding enc = md.encoding();
        int s = enc.outputStride(), ow = w / s, oh = h / s, per = enc.labelChannels() * ow * oh;
        float[] labels = new float[n * per];
        for (int k = 0; k < n; k++) {
            enc.encodeTarget(picture(k, ow * s, oh * s), ow * s, oh * s, labels, k * per);
        }
        return Nd4j.create(labels, new long[] {n, enc.labelChannels(), oh, ow}, 'c');
    }

    /** Smooth random colour picture, interleaved sRGB in [0,1]. */
    private static float[] picture(int seed, int w, int h) {
        java.util.Random r = new java.util.Random(1000 + seed);
        float[] rgb = new float[w * h * 3];
        float[] f = {1 + r.nextFloat() * 3, 1 + r.nextFloat() * 3, 1 + r.nextFloat() * 3};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[3 * (y * w + x) + c] = 0.5f + 0.45f * (float) Math.sin(f[c] * (x + 2 * y + c * 7) / (w + 1.0) * Math.PI);
                }
            }
        }
        return rgb;
    }

    /**
     * The soak: threads share one colorizer for a while; every output must equal the first (thread
     * safety), and RSS should stay flat (no native leak). JSON lines every 10 s and a summary.
     */
    private int soak() throws Exception {
        if (soak < 1 || threads < 1) {
            throw new ColorizeCli.UsageException("--soak and --threads must be >= 1");
        }
        BufferedImage img = image != null ? Images.read(image)
                : org.colorize.core.image.SyntheticImages.gray(org.colorize.core.image.SyntheticImages.photoLike(640, 480, 1));
        PrintWriter out = spec.commandLine().getOut();
        out.println(header());
        try (Colorizer c = Colorizer.of(ColorizeCli.loadBundle(model != null ? model : "default"))) {
            int[] expected = pixels(c.colorize(img));
            java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong mismatches = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicReference<Throwable> error = new java.util.concurrent.atomic.AtomicReference<>();
            long end = System.nanoTime() + soak * 1_000_000_000L;
            List<Thread> workers = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(() -> {
                    try {
                        while (System.nanoTime() < end && error.get() == null) {
                            if (!Arrays.equals(expected, pixels(c.colorize(img)))) {
                                mismatches.incrementAndGet();
                            }
                            done.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        error.compareAndSet(null, e);
                    }
                }, "soak-" + t);
                th.start();
                workers.add(th);
            }
            long t0 = System.nanoTime(), last = 0;
            long rssFirst = -1, rssMax = 0;
            while (workers.stream().anyMatch(Thread::isAlive)) {
                Thread.sleep(10_000);
                long n = done.get(), rss = rssKb();
                double s = (System.nanoTime() - t0) / 1e9;
                rssFirst = rssFirst < 0 ? rss : rssFirst;
                rssMax = Math.max(rssMax, rss);
                Runtime rt = Runtime.getRuntime();
                out.printf(Locale.ROOT, "{\"bench\":\"soak\",\"seconds\":%.0f,\"images\":%d,\"images_per_s\":%.2f,"
                        + "\"rss_mb\":%.1f,\"heap_used_mb\":%.1f,\"mismatches\":%d}%n", s, n, (n - last) / 10.0,
                        rss / 1024.0, (rt.totalMemory() - rt.freeMemory()) / 1048576.0, mismatches.get());
                out.flush();
                last = n;
            }
            for (Thread th : workers) {
                th.join();
            }
            out.printf(Locale.ROOT, "{\"bench\":\"soak_summary\",\"threads\":%d,\"image\":\"%dx%d\",\"seconds\":%d,"
                    + "\"images\":%d,\"mismatches\":%d,\"rss_first_mb\":%.1f,\"rss_max_mb\":%.1f,\"error\":%s}%n",
                    threads, img.getWidth(), img.getHeight(), soak, done.get(), mismatches.get(), rssFirst / 1024.0,
                    rssMax / 1024.0, error.get() == null ? "null" : "\"" + error.get() + "\"");
            out.flush();
            return error.get() == null && mismatches.get() == 0 ? 0 : ColorizeCli.EXIT_FAILED;
        }
    }

    /**
     * What a figure was measured with, as one JSON line: the ND4J natives (oneDNN or plain build),
     * whether DL4J's oneDNN layer helpers and colorize's direct inference path are on, the threads and
     * the OpenMP wait policy, the JVM and its flags, the CPU model.
     */
    static String header() {
        return header(null);
    }

    /**
     * @param net the network measured, or null
     * @return the header line; {@code dnnl_inference} says whether {@code net} runs through
     *     {@link org.colorize.core.layers.DnnlInference} (see {@link #dnnlHeader})
     */
    static String header(org.deeplearning4j.nn.api.Model net) {
        String cpu = "unknown";
        try {
            cpu = java.nio.file.Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        org.colorize.core.nd4j.OneDnnHelpers.enable();
        String natives = org.colorize.core.layers.OneDnnDeconvolution2DLayer.oneDnnBinary() ? "onednn" : "plain";
        String omp = System.getenv("OMP_NUM_THREADS");
        String wait = System.getenv("OMP_WAIT_POLICY");
        return String.format(Locale.ROOT, "{\"bench\":\"header\",\"natives\":\"%s\",\"dl4j_onednn_helpers\":%b,"
                + "\"direct_inference\":%b,\"dnnl_inference\":%s,\"cpus\":%d,\"omp_num_threads\":%s,\"omp_wait_policy\":%s,\"java\":\"%s\","
                + "\"jvm_flags\":\"%s\",\"cpu\":\"%s\"}",
                natives, org.colorize.core.nd4j.OneDnnHelpers.isEngaged(), org.colorize.core.layers.DirectInference.enabled(), dnnlHeader(net),
                Runtime.getRuntime().availableProcessors(), omp == null ? "null" : "\"" + omp + "\"",
                wait == null ? "null" : "\"" + wait.replace("\"", "'") + "\"", System.getProperty("java.version"),
                String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()).replace("\"", "'"),
                cpu.replace("\"", "'"));
    }

    /**
     * The header's {@code dnnl_inference}: {@code true} when {@link org.colorize.core.layers.DnnlInference}
     * is on, oneDNN loaded and it covers {@code net} (any network when null), {@code false} when switched
     * off or the network is not covered, or the reason oneDNN is unavailable (a string).
     */
    private static String dnnlHeader(org.deeplearning4j.nn.api.Model net) {
        if (!org.colorize.core.layers.DnnlInference.enabled()) {
            return "false";
        }
        if (org.colorize.core.layers.DnnlInference.available()) {
            if (net == null) {
                return "true";
            }
            if (!(net instanceof org.deeplearning4j.nn.graph.ComputationGraph cg)) {
                return "false";
            }
            try (org.colorize.core.layers.DnnlInference d = org.colorize.core.layers.DnnlInference.of(cg)) {
                return String.valueOf(d != null);
            }
        }
        return "\"" + String.valueOf(org.colorize.core.layers.DnnlInference.unavailableReason()).replace("\"", "'") + "\"";
    }

    private static int[] pixels(BufferedImage b) {
        return b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
    }

    /** Resident set size of this process in kB (Linux), or -1. */
    private static long rssKb() {
        try {
            for (String l : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /**
     * The times of one measure.
     *
     * @param first seconds of the measure's first call in this process (untimed when there is a warm-up:
     *     it carries one-time costs such as JIT compilation and oneDNN primitive creation)
     * @param times seconds of each timed call, in order
     */
    record Timing(double first, double[] times) {

        /** @return the upper median t[n/2] of the sorted times (the middle one for an odd count) */
        double median() {
            double[] t = times.clone();
            Arrays.sort(t);
            return t[t.length / 2];
        }

        /** @return the JSON fields {@code "first_s"} and {@code "times_s"} */
        String json() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "\"first_s\":%.5f,\"times_s\":[", first));
            for (int i = 0; i < times.length; i++) {
                b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", times[i]));
            }
            return b.append(']').toString();
        }
    }

    /** {@code warmup} untimed calls (the first one timed as {@link Timing#first}), then {@code iterations} timed. */
    static Timing time(Runnable r, int warmup, int iterations) {
        double[] t = new double[Math.max(1, iterations)];
        double first = -1;
        for (int i = 0; i < warmup; i++) {
            long t0 = System.nanoTime();
            r.run();
            if (i == 0) {
                first = (System.nanoTime() - t0) / 1e9;
            }
        }
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        return new Timing(first < 0 ? t[0] : first, t);
    }
}
