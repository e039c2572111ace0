package org.colorize.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.colorize.core.Colorizer;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelLocator;
import org.colorize.core.encoding.Encoding;
import org.colorize.core.image.ImageReadOptions;
import org.colorize.core.image.Images;

/**
 * Colorizes a folder (any Hadoop path: local, HDFS, S3) of images on Apache Spark.
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().master("local[2]").appName("colorize").getOrCreate();
 * SparkColorize.Summary s = SparkColorize.run(spark, SparkColorize.Options.of("in/", "out/"));
 * System.out.println(s.done() + " done, " + s.failed() + " failed");
 * }</pre>
 *
 * <ul>
 *   <li>Input: every file under the input path (recursively) whose extension is an image format
 *       ({@link #EXTENSIONS}), read with Spark's {@code binaryFile} source.</li>
 *   <li>Model: loaded once on the driver (a catalogue name, file or URL, as {@code Colorizer.fromPretrained}
 *       takes), its bytes broadcast; each executor JVM builds ONE {@link Colorizer} from them and shares it
 *       between its tasks.</li>
 *   <li>Output: {@code OUTPUT/REL/NAME-colorized.png} for {@code INPUT/REL/NAME.EXT}, as the
 *       command-line tool names them with {@code -o}; written to a hidden temporary file and renamed,
 *       so no half-written image is ever left under its final name. An output that exists already is
 *       skipped (re-running resumes). Two inputs that would share one output ({@code a.jpg}, {@code a.png})
 *       both fail with a message instead of overwriting each other.</li>
 *   <li>Results: {@code OUTPUT/_colorize_results} (CSV with a header, or Parquet): input, output, width,
 *       height, status ({@code done}, {@code skipped}, {@code failed}), error, milliseconds. A bad image is
 *       a {@code failed} row, never a failed job.</li>
 * </ul>
 */
public final class SparkColorize {

    /** The file extensions read (lower case). */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff", "webp");

    /** The results table's folder under the output. */
    public static final String RESULTS = "_colorize_results";

    /** The results table's columns. */
    public static final StructType SCHEMA = new StructType()
            .add("input", DataTypes.StringType, false)
            .add("output", DataTypes.StringType, true)
            .add("width", DataTypes.IntegerType, true)
            .add("height", DataTypes.IntegerType, true)
            .add("status", DataTypes.StringType, false)
            .add("error", DataTypes.StringType, true)
            .add("millis", DataTypes.LongType, false);

    private SparkColorize() {
    }

    /**
     * What to colorize and how.
     *
     * @param input the input folder (a Hadoop path or URI)
     * @param output the output folder (created when missing)
     * @param model a catalogue name, bundle file or URL (default {@code default})
     * @param maxWorkingSide the longest side the network sees, 0 for the model's own (default 0)
     * @param vividness 1 for the model's default colour (default 1; 0..4)
     * @param format the output image format, {@code png} or {@code jpg} (default png)
     * @param results the results table's format, {@code csv} or {@code parquet} (default csv)
     * @param maxPixels the largest image, width x height, read from each file's header before decoding; a
     *     larger one is a {@code failed} row naming its size and the limit (default
     *     {@value ImageReadOptions#DEFAULT_MAX_PIXELS}, 100 megapixels)
     * @param allowPartial whether an image the decoder reports as incomplete or corrupt (a JPEG cut short) is
     *     colorized as decoded instead of a {@code failed} row (default false)
     */
    public record Options(String input, String output, String model, int maxWorkingSide, float vividness, String format,
            String results, long maxPixels, boolean allowPartial) implements Serializable {

        /** @throws IllegalArgumentException naming the option, if one is out of range */
        public Options {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(model, "model");
            if (maxWorkingSide < 0 || maxWorkingSide > 8192) {
                throw new IllegalArgumentException("maxWorkingSide must be in 0..8192, was " + maxWorkingSide);
            }
            Encoding.checkVividness(vividness);
            if (!format.equals("png") && !format.equals("jpg")) {
                throw new IllegalArgumentException("format must be png or jpg, was " + format);
            }
            if (!results.equals("csv") && !results.equals("parquet")) {
                throw new IllegalArgumentException("results must be csv or parquet, was " + results);
            }
            if (maxPixels < 1) {
                throw new IllegalArgumentException("maxPixels must be >= 1, was " + maxPixels);
            }
        }

        /**
         * Options with the default pixel limit (100 megapixels) and incomplete images refused.
         *
         * @param input the input folder
         * @param output the output folder
         * @param model a catalogue name, bundle file or URL
         * @param maxWorkingSide the longest side the network sees, 0 for the model's own
         * @param vividness 1 for the model's default colour; 0..4
         * @param format {@code png} or {@code jpg}
         * @param results {@code csv} or {@code parquet}
         */
        public Options(String input, String output, String model, int maxWorkingSide, float vividness, String format,
                String results) {
            this(input, output, model, maxWorkingSide, vividness, format, results, ImageReadOptions.DEFAULT_MAX_PIXELS,
                    false);
        }

        /** @return options with the defaults for the given folders */
        public static Options of(String input, String output) {
            return new Options(input, output, "default", 0, 1f, "png", "csv");
        }

        /** @return a copy with another model */
        public Options withModel(String m) {
            return new Options(input, output, m, maxWorkingSide, vividness, format, results, maxPixels, allowPartial);
        }

        /** @return a copy with another vividness */
        public Options withVividness(float v) {
            return new Options(input, output, model, maxWorkingSide, v, format, results, maxPixels, allowPartial);
        }

        /** @return a copy with another pixel limit */
        public Options withMaxPixels(long pixels) {
            return new Options(input, output, model, maxWorkingSide, vividness, format, results, pixels, allowPartial);
        }

        /** @return a copy that accepts (or refuses) incomplete images */
        public Options withAllowPartial(boolean allow) {
            return new Options(input, output, model, maxWorkingSide, vividness, format, results, maxPixels, allow);
        }

        /** @return how the job reads each image */
        public ImageReadOptions readOptions() {
            return new ImageReadOptions(maxPixels, allowPartial);
        }
    }

    /**
     * What a run did.
     *
     * @param done images colorized
     * @param skipped images whose output existed
     * @param failed images that could not be colorized (each a row with its error)
     * @param seconds wall-clock time of the run
     */
    public record Summary(long done, long skipped, long failed, double seconds) {
    }

    /**
     * Runs the job.
     *
     * @param spark the session (any master)
     * @param o the options
     * @return the counts
     * @throws IOException if the model cannot be loaded, or the output cannot be written
     */
    public static Summary run(SparkSession spark, Options o) throws IOException {
        long t0 = System.nanoTime();
        byte[] model = modelBytes(o.model());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> modelBc = jsc.broadcast(model);
        Broadcast<SerializableConfiguration> hadoop = jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
        Path inRoot = qualified(new Path(o.input()), jsc.hadoopConfiguration());
        Path outRoot = qualified(new Path(o.output()), jsc.hadoopConfiguration());
        FileSystem outFs = outRoot.getFileSystem(jsc.hadoopConfiguration());
        outFs.mkdirs(outRoot);

        Dataset<Row> files = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(inRoot.toString())
                .select("path");
        // Output names and collisions are decided on the paths alone, before any image is read.
        String inPrefix = inRoot.toUri().toString();
        String ext = o.format();
        JavaRDD<Row> planned = files.javaRDD().map(r -> {
            String path = r.getString(0);
            String out = isImage(path) ? outputFor(inPrefix, outRoot.toString(), path, ext) : null;
            return RowFactory.create(path, out);
        });
        Map<String, Long> perOutput = planned.filter(r -> r.get(1) != null).map(r -> r.getString(1)).countByValue();
        Set<String> colliding = ConcurrentHashMap.newKeySet();
        perOutput.forEach((k, v) -> {
            if (v > 1) {
                colliding.add(k);
            }
        });
        Broadcast<Set<String>> collidingBc = jsc.broadcast(Set.copyOf(colliding));
        Options opts = o;
        JavaRDD<Row> results = planned.mapPartitions(
                (FlatMapFunction<Iterator<Row>, Row>) rows -> colorizePartition(rows, opts, modelBc, hadoop, collidingBc));
        Dataset<Row> table = spark.createDataFrame(results, SCHEMA).cache();
        String resultsPath = new Path(outRoot, RESULTS).toString();
        if (o.results().equals("csv")) {
            table.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(resultsPath);
        } else {
            table.write().mode(SaveMode.Overwrite).parquet(resultsPath);
        }
        long done = table.filter("status = 'done'").count();
        long skipped = table.filter("status = 'skipped'").count();
        long failed = table.filter("status = 'failed'").count();
        table.unpersist();
        return new Summary(done, skipped, failed, (System.nanoTime() - t0) / 1e9);
    }

    private static Path qualified(Path p, Configuration conf) throws IOException {
        return p.getFileSystem(conf).makeQualified(p);
    }

    /** @return whether the path's extension is one of {@link #EXTENSIONS} */
    static boolean isImage(String path) {
        int dot = path.lastIndexOf('.'), slash = path.lastIndexOf('/');
        return dot > slash && EXTENSIONS.contains(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * The output of one input: the input's path relative to the input root, under the output root, with
     * {@code -colorized.EXT} in place of its extension.
     */
    static String outputFor(String inRoot, String outRoot, String input, String ext) {
        // compare the paths only: a qualified root may read file:///x where Spark lists file:/x
        String rootPath = new Path(inRoot).toUri().getPath();
        String root = rootPath.endsWith("/") ? rootPath : rootPath + "/";
        String inPath = new Path(input).toUri().getPath();
        String rel = inPath.startsWith(root) ? inPath.substring(root.length()) : new Path(input).getName();
        int dot = rel.lastIndexOf('.');
        String base = dot > rel.lastIndexOf('/') ? rel.substring(0, dot) : rel;
        return (outRoot.endsWith("/") ? outRoot : outRoot + "/") + base + "-colorized." + ext;
    }

    /** The bundle's bytes, loaded once on the driver from any location Colorizer.fromPretrained takes. */
    static byte[] modelBytes(String location) throws IOException {
        ModelBundle bundle = ModelLocator.load(location);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bundle.write(bytes, false);
        return bytes.toByteArray();
    }

    /** One Colorizer per executor JVM and model, shared by the JVM's tasks (Colorizer is thread-safe). */
    private static final Map<String, Colorizer> COLORIZERS = new ConcurrentHashMap<>();

    private static Colorizer colorizer(byte[] model, Options o) {
        String key = sha256(model) + "/" + o.vividness() + "/" + o.maxWorkingSide();
        return COLORIZERS.computeIfAbsent(key, k -> {
            try {
                ModelBundle bundle = ModelBundle.load(new ByteArrayInputStream(model), "broadcast model " + o.model());
                return Colorizer.builder().model(bundle).vividness(o.vividness()).maxWorkingSide(o.maxWorkingSide())
                        .build();
            } catch (IOException e) {
                throw new IllegalStateException("cannot load the broadcast model " + o.model() + ": " + e.getMessage(), e);
            }
        });
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Iterator<Row> colorizePartition(Iterator<Row> rows, Options o, Broadcast<byte[]> model,
            Broadcast<SerializableConfiguration> hadoop, Broadcast<Set<String>> colliding) throws IOException {
        Configuration conf = hadoop.value().value();
        List<Row> out = new ArrayList<>();
        Colorizer colorizer = null;
        while (rows.hasNext()) {
            Row r = rows.next();
            String input = r.getString(0), output = r.getString(1);
            long t0 = System.nanoTime();
            if (output == null) {
                out.add(RowFactory.create(input, null, null, null, "failed",
                        "not an image file name (extensions: " + String.join(", ", new java.util.TreeSet<>(EXTENSIONS)) + ")",
                        0L));
                continue;
            }
            if (colliding.value().contains(output)) {
                out.add(RowFactory.create(input, output, null, null, "failed",
                        "another input has the same output name " + output + "; rename one of them", 0L));
                continue;
            }
            Path target = new Path(output);
            FileSystem fs = target.getFileSystem(conf);
            if (fs.exists(target)) {
                out.add(RowFactory.create(input, output, null, null, "skipped", null, millis(t0)));
                continue;
            }
            try {
                BufferedImage img;
                Path in = new Path(input);
                try (var stream = in.getFileSystem(conf).open(in)) {
                    // header first against the pixel limit; upright, sRGB, incomplete images refused
                    img = Images.read(stream, input, o.readOptions());
                }
                if (colorizer == null) {
                    colorizer = colorizer(model.value(), o);
                }
                BufferedImage colour = colorizer.colorize(img);
                writeAtomically(fs, target, colour, o.format());
                out.add(RowFactory.create(input, output, img.getWidth(), img.getHeight(), "done", null, millis(t0)));
            } catch (IOException e) {
                // the message names the input
                out.add(RowFactory.create(input, output, null, null, "failed", e.getMessage(), millis(t0)));
            } catch (RuntimeException | OutOfMemoryError e) {
                out.add(RowFactory.create(input, output, null, null, "failed", e.toString(), millis(t0)));
            }
        }
        return out.iterator();
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Writes to a hidden temporary file beside the target and renames it into place. */
    static void writeAtomically(FileSystem fs, Path target, BufferedImage image, String format) throws IOException {
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        fs.mkdirs(target.getParent());
        boolean moved = false;
        try {
            BufferedImage toWrite = image;
            if (format.equals("jpg") && image.getColorModel().hasAlpha()) {
                toWrite = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
                toWrite.getGraphics().drawImage(image, 0, 0, null);
            }
            try (OutputStream os = fs.create(tmp, false)) {
                if (!ImageIO.write(toWrite, format, os)) {
                    throw new IOException("no ImageIO writer for " + format);
                }
            }
            if (!fs.rename(tmp, target)) {
                if (fs.exists(target)) {
                    return; // another attempt of this task finished first: its output stands
                }
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
            moved = true;
        } finally {
            if (!moved) {
                fs.delete(tmp, false);
            }
        }
    }

    /**
     * Runs the job from the command line ({@code ./colorize spark} and {@code spark-submit}).
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new SparkCommand()).execute(args));
    }

    static URI uri(String s) {
        return URI.create(s);
    }
}
