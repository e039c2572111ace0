package org.colorize.spark;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import org.colorize.options.ImageReadMixin;
import org.colorize.options.ModelOption;
import org.colorize.options.VividnessOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The command line of {@link SparkColorize}: {@code ./colorize spark} and {@code spark-submit}. */
@Command(name = "colorize spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Colorizes every image under INPUT on Apache Spark, writing OUTPUT/REL/NAME-colorized.png and a "
                + "results table OUTPUT/" + SparkColorize.RESULTS + ".",
            "Exit codes: 0 all done or skipped, 1 some images failed (see the results table), 2 bad arguments, "
                + "3 the model could not be loaded or the job failed."})
final class SparkCommand implements Callable<Integer> {

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. 'local[2]' (default: what spark-submit sets, else local[*]).")
    String master;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "DIR", description = "Input folder (any Hadoop path).")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output folder.")
    String output;

    @Mixin
    ModelOption model = new ModelOption();

    @Mixin
    VividnessOption vividness = new VividnessOption();

    @Option(names = "--working-size", defaultValue = "0", paramLabel = "PX",
            description = "Longest side the network sees, 0 for the model's own (default ${DEFAULT-VALUE}).")
    int workingSize;

    @Option(names = "--format", defaultValue = "png", paramLabel = "png|jpg",
            description = "Output image format (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--results", defaultValue = "csv", paramLabel = "csv|parquet",
            description = "Results table format (default ${DEFAULT-VALUE}).")
    String results;

    /** --max-pixels and --allow-partial; an image they refuse is a failed row of the results table. */
    @Mixin
    ImageReadMixin read = new ImageReadMixin();

    @Override
    public Integer call() {
        SparkColorize.Options o;
        try {
            o = new SparkColorize.Options(input, output, model.value(), workingSize, vividness.value(),
                    format.toLowerCase(Locale.ROOT), results.toLowerCase(Locale.ROOT), read.maxPixels(), read.allowPartial());
        } catch (IllegalArgumentException e) {
            System.err.println("colorize spark: " + e.getMessage());
            return 2;
        }
        SparkSession.Builder b = SparkSession.builder().appName("colorize");
        if (master != null) {
            b.master(master);
        } else if (System.getProperty("spark.master") == null) {
            b.master("local[*]");
        }
        String m = master != null ? master : System.getProperty("spark.master", "local[*]");
        if (m.startsWith("local")) {
            // a local run serves nothing to the network: driver on loopback, no web UI
            b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false");
        }
        SparkSession spark = b.getOrCreate();
        try {
            SparkColorize.Summary s = SparkColorize.run(spark, o);
            System.out.printf(Locale.ROOT, "%d done, %d skipped, %d failed in %.1f s (%.2f images/s); results in %s/%s%n",
                    s.done(), s.skipped(), s.failed(), s.seconds(), s.done() / Math.max(1e-9, s.seconds()), output,
                    SparkColorize.RESULTS);
            return s.failed() > 0 ? 1 : 0;
        } catch (Exception e) {
            System.err.println("colorize spark: " + e.getMessage());
            return 3;
        } finally {
            spark.stop();
        }
    }
}
