package org.colorize.cli;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.colorize.core.Colorizer;
import org.colorize.core.image.ImageReadOptions;
import org.colorize.core.image.Images;
import org.colorize.data.source.FolderSource;
import org.colorize.options.ImageReadMixin;
import org.colorize.options.ModelOption;
import org.colorize.options.VividnessOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code colorize} command: colorize image files or folders with a model (the embedded default
 * one unless {@code --model} says otherwise); subcommands list models, train, evaluate and benchmark.
 *
 * <pre>
 * colorize photo.jpg                      # writes photo-colorized.png beside it
 * colorize a.jpg b.png -o out/            # into a folder
 * colorize photos/ -o colour/ --recursive --threads 2 --skip-existing
 * colorize - -o - &lt; gray.png &gt; colour.png
 * </pre>
 *
 * <p>Exit codes: 0 all done; 1 some images failed (the others were done, the failures are listed);
 * 2 bad usage (an unknown option or value, a missing input, an output that cannot be written);
 * 3 the model could not be loaded; 4 the command failed otherwise (training, evaluation, I/O).
 */
@Command(name = "colorize", mixinStandardHelpOptions = true, versionProvider = ColorizeCli.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Colorizes grayscale images with a deep network (DL4J).",
        subcommands = {ModelsCommand.class, TrainCommand.class, EvalCommand.class, BenchCommand.class, ServeCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all images done", "1:some images failed (the others were done)",
                "2:bad usage or missing input", "3:the model could not be loaded",
                "4:the command failed otherwise (training, evaluation, I/O)"})
public final class ColorizeCli implements Callable<Integer> {

    /** Exit code: some images failed. */
    public static final int EXIT_IMAGE_FAILED = 1;
    /** Exit code: bad usage. */
    public static final int EXIT_USAGE = 2;
    /** Exit code: the model could not be loaded. */
    public static final int EXIT_MODEL = 3;
    /** Exit code: the command failed otherwise (training, evaluation, I/O). */
    public static final int EXIT_FAILED = 4;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", arity = "0..*",
            description = "Image files or folders to colorize; '-' reads one image from standard input.")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Output file (one input) or folder; '-' writes PNG to standard output (one input image). "
                    + "Default: NAME-colorized.png beside each input.")
    String output;

    @Mixin
    ModelOption model = new ModelOption();

    @Option(names = {"-r", "--recursive"}, description = "Descend into sub-folders of folder inputs.")
    boolean recursive;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "1",
            description = "Images colorized at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--skip-existing", description = "Skip images whose output file already exists (resume a run).")
    boolean skipExisting;


    @Mixin
    VividnessOption vividness = new VividnessOption();

    @Option(names = {"-q", "--quiet"}, description = "No progress bar or summary.")
    boolean quiet;

    @Mixin
    ImageReadMixin read = new ImageReadMixin();



    /** A unit of work: read {@code in}, write {@code out}. */
    record Job(Path in, Path out) {
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new ColorizeCli());
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            cmd.getErr().println("colorize: " + ex.getMessage());
            return ex instanceof UsageException ? EXIT_USAGE : ex instanceof ModelLoadException ? EXIT_MODEL : EXIT_FAILED;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (inputs.isEmpty()) {
            spec.commandLine().usage(err);
            return EXIT_USAGE;
        }
        if (threads < 1) {
            throw new UsageException("--threads must be >= 1, was " + threads);
        }
        readOptions(); // --max-pixels checked before any work
        if (inputs.contains("-")) {
            if (inputs.size() != 1) {
                throw new UsageException("'-' (standard input) cannot be combined with other inputs");
            }
            return stdin(err);
        }
        if ("-".equals(output)) {
            return fileToStdout();
        }
        List<Job> jobs = plan();
        Colorizer colorizer = loadModel();
        try (colorizer) {
            return runJobs(colorizer, jobs, err);
        }
    }

    private Colorizer loadModel() throws IOException {
        float v = usage(vividness::value);
        try {
            return Colorizer.builder().model(model.value()).vividness(v).build();
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot load model '" + model.value() + "': " + e.getMessage(), e);
        }
    }

    /** @return how input images are read: the pixel limit and whether partial images are accepted */
    ImageReadOptions readOptions() {
        return usage(read::readOptions);
    }

    /**
     * The value of a shared option ({@code org.colorize.options}), its check's failure (a message naming
     * the option) a usage error: exit code 2.
     */
    static <T> T usage(java.util.function.Supplier<T> option) {
        try {
            return option.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private int stdin(PrintWriter err) throws IOException {
        BufferedImage img;
        try {
            img = Images.read(new BufferedInputStream(System.in), "standard input", readOptions());
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        try (Colorizer c = loadModel()) {
            BufferedImage out = c.colorize(img);
            if (output == null || output.equals("-")) {
                Images.write(out, "png", System.out, "standard output");
                System.out.flush();
            } else {
                Images.write(out, Path.of(output));
            }
        }
        return 0;
    }

    /** {@code colorize photo.jpg -o -}: one image file, its colorized PNG to standard output. */
    private int fileToStdout() throws IOException {
        if (inputs.size() != 1) {
            throw new UsageException("'-o -' (standard output) takes one input image, got " + inputs.size());
        }
        Path in = Path.of(inputs.get(0));
        if (!Files.exists(in)) {
            throw new UsageException("input not found: " + in.toAbsolutePath());
        }
        if (Files.isDirectory(in)) {
            throw new UsageException("'-o -' (standard output) takes one image file, and " + in + " is a folder");
        }
        BufferedImage img = Images.read(in); // an unreadable image: exit code 4 with the reader's message
        try (Colorizer c = loadModel()) {
            Images.write(c.colorize(img), "png", System.out, "standard output");
            System.out.flush();
        }
        return 0;
    }

    /** Works out every (input, output) pair, checking inputs exist and no input is overwritten. */
    List<Job> plan() throws IOException {
        List<Job> jobs = new ArrayList<>();
        boolean anyDir = false;
        for (String s : inputs) {
            Path p = Path.of(s);
            if (!Files.exists(p)) {
                throw new UsageException("input not found: " + p.toAbsolutePath());
            }
            anyDir |= Files.isDirectory(p);
        }
        boolean many = inputs.size() > 1 || anyDir;
        Path outDir = null;
        Path outFile = null;
        if (output != null) {
            Path o = Path.of(output);
            if (many || Files.isDirectory(o) || output.endsWith("/") || !hasImageExtension(o)) {
                if (Files.exists(o) && !Files.isDirectory(o)) {
                    throw new UsageException("output " + o + " is a file; with several inputs or a folder, -o must be a folder");
                }
                outDir = o;
            } else {
                outFile = o;
            }
        }
        for (String s : inputs) {
            Path in = Path.of(s);
            if (Files.isDirectory(in)) {
                try (Stream<Path> walk = recursive ? Files.walk(in) : Files.list(in)) {
                    List<Path> files = walk.filter(Files::isRegularFile).filter(ColorizeCli::hasImageExtension)
                            .filter(f -> !f.getFileName().toString().contains("-colorized.")).sorted().toList();
                    for (Path f : files) {
                        Path rel = in.relativize(f);
                        Path target = outDir != null ? outDir.resolve(rel).resolveSibling(colorizedName(f))
                                : f.resolveSibling(colorizedName(f));
                        jobs.add(new Job(f, target));
                    }
                }
            } else {
                Path target = outFile != null ? outFile
                        : outDir != null ? outDir.resolve(colorizedName(in)) : in.resolveSibling(colorizedName(in));
                jobs.add(new Job(in, target));
            }
        }
        for (Job j : jobs) {
            for (String s : inputs) {
                if (Files.exists(j.out()) && Files.isSameFile(j.out(), Path.of(s))) {
                    throw new UsageException("refusing to overwrite the input " + s + " with its own output");
                }
            }
        }
        return jobs;
    }

    /**
     * Inputs whose output file another input would also write ({@code photo.jpg} and {@code photo.png}
     * in one folder, or {@code a/x.png b/x.png -o out/}), each with a message naming the other inputs:
     * those inputs fail, never overwrite each other, and the rest are done.
     */
    static Map<Path, String> collisions(List<Job> jobs) {
        Map<Path, List<Path>> byOutput = new HashMap<>();
        for (Job j : jobs) {
            byOutput.computeIfAbsent(j.out().toAbsolutePath().normalize(), k -> new ArrayList<>()).add(j.in());
        }
        Map<Path, String> failed = new HashMap<>();
        for (Map.Entry<Path, List<Path>> e : byOutput.entrySet()) {
            if (e.getValue().size() > 1) {
                for (Path in : e.getValue()) {
                    List<Path> others = e.getValue().stream().filter(o -> !o.equals(in)).toList();
                    failed.put(in, in + ": not colorized: its output " + e.getKey() + " would also be written by "
                            + others.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", "))
                            + " (rename one, or colorize them into different -o folders)");
                }
            }
        }
        return failed;
    }

    static String colorizedName(Path in) {
        String name = in.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + "-colorized.png";
    }

    static boolean hasImageExtension(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && FolderSource.EXTENSIONS.contains(n.substring(dot + 1));
    }

    /**
     * Removes the hidden temporary files a killed earlier run may have left beside its outputs
     * ({@code .NAME-colorized.png*.tmp}): outputs are written to such a file and moved into place, so
     * a run killed mid-write leaves one of these, never a partial output under the real name.
     */
    static void removeStaleTemporaries(List<Job> jobs) throws IOException {
        for (Job j : jobs) {
            Path dir = j.out().toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            String prefix = "." + j.out().getFileName();
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(f -> f.getFileName().toString().startsWith(prefix)
                        && f.getFileName().toString().endsWith(".tmp")).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    int runJobs(Colorizer colorizer, List<Job> jobs, PrintWriter err) throws Exception {
        removeStaleTemporaries(jobs);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Map<Path, String> collided = collisions(jobs);
        failures.addAll(collided.values());
        jobs = jobs.stream().filter(j -> !collided.containsKey(j.in())).toList();
        AtomicInteger done = new AtomicInteger(), skipped = new AtomicInteger();
        boolean showBar = !quiet && System.console() != null && jobs.size() > 1;
        long t0 = System.nanoTime();
        ProgressBar bar = showBar ? new ProgressBarBuilder().setTaskName("colorize").setInitialMax(jobs.size())
                .setStyle(ProgressBarStyle.ASCII).setUnit(" img", 1).showSpeed().build() : null;
        ImageReadOptions options = readOptions();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> {
                    try {
                        if (skipExisting && Files.exists(job.out())) {
                            skipped.incrementAndGet();
                            return;
                        }
                        BufferedImage out = colorizer.colorize(Images.read(job.in(), options));
                        Images.write(out, job.out());
                        done.incrementAndGet();
                    } catch (NoSuchFileException e) {
                        failures.add(job.in() + ": file not found");
                    } catch (IOException | RuntimeException e) {
                        failures.add(e.getMessage() != null && e.getMessage().contains(job.in().toString())
                                ? e.getMessage() : job.in() + ": " + e);
                    } catch (OutOfMemoryError e) {
                        // One image too large for the heap fails alone; the others go on (its arrays are garbage now).
                        failures.add(job.in() + ": needs more memory than the heap has (" + e.getMessage()
                                + "; lower --max-pixels, or raise -Xmx, e.g. COLORIZE_JAVA_OPTS=-Xmx8g)");
                    } finally {
                        if (bar != null) {
                            bar.step();
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            if (bar != null) {
                bar.close();
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (!quiet) {
            // One output: name it, so the user knows where to look.
            String where = jobs.size() == 1 && done.get() == 1 ? ": " + jobs.get(0).out() : "";
            err.printf(Locale.ROOT, "colorize: %d done, %d skipped, %d failed in %.1f s%s%n", done.get(), skipped.get(),
                    failures.size(), s, where);
        }
        if (!failures.isEmpty()) {
            err.println("colorize: these images failed:");
            failures.stream().sorted().forEach(f -> err.println("  " + f));
            err.flush();
            return EXIT_IMAGE_FAILED;
        }
        err.flush();
        return 0;
    }

    /**
     * Loads a model bundle for a command, a failure being exit code 3.
     *
     * @param model a catalogue name, file, classpath resource or URL
     * @return the bundle
     * @throws ModelLoadException naming the model and the cause
     */
    static org.colorize.core.bundle.ModelBundle loadBundle(String model) throws ModelLoadException {
        try {
            return org.colorize.core.bundle.ModelLocator.load(model);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot load model '" + model + "': " + e.getMessage(), e);
        }
    }

    /** The model could not be loaded: exit code 3 and the message. */
    static final class ModelLoadException extends IOException {
        private static final long serialVersionUID = 1L;

        ModelLoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A usage error: exit code 2 and the message. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** The version: the library's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"colorize " + org.colorize.core.bundle.ModelMetadata.libraryVersion()};
        }
    }
}
