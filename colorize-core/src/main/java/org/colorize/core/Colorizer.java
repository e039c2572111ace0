package org.colorize.core;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelLocator;
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.core.encoding.Encoding;
import org.colorize.core.image.ImageReadOptions;
import org.colorize.core.image.ImageTooLargeException;
import org.colorize.core.image.Images;
import org.colorize.core.image.PartialImageException;

/**
 * Colorizes images with a model. The entry point of the library.
 *
 * <pre>{@code
 * try (Colorizer colorizer = Colorizer.fromPretrained()) {           // the embedded default model
 *     BufferedImage colour = colorizer.colorize(ImageIO.read(file));  // same size (and alpha) as the input
 * }
 * }</pre>
 *
 * <p>A Colorizer holds a network in native memory: create one, share it between threads (it is
 * thread-safe), and close it when done. Any model works at any image size: the network sees the image
 * at its working size, and its colour is brought back to the input's own resolution and joined to the
 * input's own lightness, so detail is never lost.
 */
public interface Colorizer extends AutoCloseable {

    /**
     * Colorizes one image.
     *
     * @param image any BufferedImage (gray, RGB, ARGB, indexed, 16-bit); its colour, if any, is ignored
     * @return a colour image of the same width and height; {@code TYPE_INT_ARGB} with the input's alpha
     *         when it has alpha, else {@code TYPE_INT_RGB}
     * @throws IllegalStateException if this colorizer is closed
     */
    BufferedImage colorize(BufferedImage image);

    /**
     * Colorizes many images, in batches for the network (images of one working size share a batch).
     *
     * @param images the images
     * @return the colour images, in the same order
     */
    List<BufferedImage> colorizeAll(List<BufferedImage> images);

    /**
     * Reads and colorizes an image file, read as {@link Images#read(Path, ImageReadOptions)} reads it with
     * {@link #readOptions()}: upright (EXIF orientation applied), CMYK and ICC-profiled colour converted to
     * sRGB, refused before decoding when over the pixel limit, refused when incomplete.
     *
     * @param imageFile a PNG, JPEG, BMP, GIF, TIFF or WebP file
     * @return the colour image, of the upright input's size
     * @throws ImageTooLargeException if the file's header declares more pixels than the limit
     * @throws PartialImageException if the file is cut short or corrupt (unless partial images are allowed)
     * @throws IOException naming the file, if it is missing or not a readable image
     */
    default BufferedImage colorize(Path imageFile) throws IOException {
        return colorize(Images.read(imageFile, readOptions()));
    }

    /**
     * @return how {@link #colorize(Path)} reads files: the pixel limit and whether incomplete images are
     *     accepted ({@link ImageReadOptions#defaults()} unless the builder said otherwise)
     */
    default ImageReadOptions readOptions() {
        return ImageReadOptions.defaults();
    }

    /** @return what the model is: architecture, kind, working size, provenance */
    ModelMetadata metadata();

    /**
     * Releases the network. Calls running in other threads finish first; calls made afterwards throw
     * {@link IllegalStateException}.
     */
    @Override
    void close();

    /**
     * Starts a colorizer with options: where the model is, the largest batch, the vividness.
     *
     * <pre>{@code
     * try (Colorizer c = Colorizer.builder().model("default").vividness(1.3f).build()) {
     *     BufferedImage colour = c.colorize(gray);
     * }
     * }</pre>
     *
     * @return a builder with the defaults stated on each option
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Options of a {@link Colorizer}. Every setter checks its value at once and names the option in
     * its message; {@link #build()} loads the model.
     */
    final class Builder {
        private String location = ModelLocator.DEFAULT_MODEL;
        private Path file;
        private ModelBundle bundle;
        private int maxBatch = ColorizationPipeline.DEFAULT_MAX_BATCH;
        private float vividness = 1f;
        private int maxWorkingSide;
        private ImageReadOptions readOptions = ImageReadOptions.defaults();

        private Builder() {
        }

        /**
         * @param pixels the largest image {@link Colorizer#colorize(Path)} reads, width x height, checked
         *     from the file's header before decoding (default {@value ImageReadOptions#DEFAULT_MAX_PIXELS});
         *     at least 1
         * @return this builder
         */
        public Builder maxPixels(long pixels) {
            if (pixels < 1) {
                throw new IllegalArgumentException("maxPixels must be >= 1, was " + pixels);
            }
            this.readOptions = readOptions.withMaxPixels(pixels);
            return this;
        }

        /**
         * @param allow whether {@link Colorizer#colorize(Path)} accepts an image the decoder reports as
         *     incomplete or corrupt, as decoded (default false: refused with {@link PartialImageException})
         * @return this builder
         */
        public Builder allowPartial(boolean allow) {
            this.readOptions = readOptions.withAllowPartial(allow);
            return this;
        }

        /**
         * @param side for models whose working size follows the image, the longest side the network
         *     sees (rounded down to the model's multiple; default 0: the model's own, e.g. 256 for the
         *     default model). Larger is slower and can change the colours; the output always has the
         *     input's full resolution. Fixed-size models ignore it. 0..8192
         * @return this builder
         */
        public Builder maxWorkingSide(int side) {
            if (side < 0 || side > 8192) {
                throw new IllegalArgumentException("maxWorkingSide must be in 0..8192 (0: the model's own), was " + side);
            }
            this.maxWorkingSide = side;
            return this;
        }

        /**
         * @param location a catalogue name, {@code classpath:} resource, http(s) URL or file path
         *     (default {@code "default"}, the embedded default model); see {@link #fromPretrained(String)}
         * @return this builder
         */
        public Builder model(String location) {
            this.location = java.util.Objects.requireNonNull(location, "model");
            this.file = null;
            this.bundle = null;
            return this;
        }

        /**
         * @param bundleFile a model bundle file
         * @return this builder
         */
        public Builder model(Path bundleFile) {
            this.file = java.util.Objects.requireNonNull(bundleFile, "model");
            this.bundle = null;
            return this;
        }

        /**
         * @param model a bundle in memory; the colorizer takes ownership of it and closes it when the
         *     colorizer is closed ({@link ModelBundle#claim()}: a second colorizer on it is refused)
         * @return this builder
         */
        public Builder model(ModelBundle model) {
            this.bundle = java.util.Objects.requireNonNull(model, "model");
            this.file = null;
            return this;
        }

        /**
         * @param n the largest number of images in one forward pass of {@link Colorizer#colorizeAll}
         *     (default 16); 1..4096
         * @return this builder
         */
        public Builder maxBatch(int n) {
            if (n < 1 || n > 4096) {
                throw new IllegalArgumentException("maxBatch must be in 1..4096, was " + n);
            }
            this.maxBatch = n;
            return this;
        }

        /**
         * How colourful the result is. 1 (the default) is the model's own calibration. For a
         * classification model ({@link org.colorize.core.model.ModelKind#L_TO_AB_BINS}) it sets the annealed-mean temperature
         * to {@code T0^vividness}: 0 gives the mean of the predicted colours (muted, safest), higher
         * values move towards the most likely colour (more saturated, patchier). For regression models
         * it multiplies the predicted a and b.
         *
         * @param vividness a number in [0, {@value Encoding#MAX_VIVIDNESS}]
         * @return this builder
         * @throws IllegalArgumentException naming vividness if it is out of range ({@link Encoding#checkVividness(float)})
         */
        public Builder vividness(float vividness) {
            this.vividness = Encoding.checkVividness(vividness);
            return this;
        }

        /**
         * Loads the model and makes the colorizer.
         *
         * @return the colorizer
         * @throws IOException if the model cannot be found or read (the message names every place tried)
         */
        public Colorizer build() throws IOException {
            ModelBundle b = bundle != null ? bundle : file != null ? ModelBundle.load(file) : ModelLocator.load(location);
            return new ColorizationPipeline(b, maxBatch, vividness, maxWorkingSide, readOptions, true);
        }
    }

    /**
     * A colorizer over a bundle in memory. The colorizer takes the bundle over: closing the colorizer
     * closes the bundle (frees its networks), and a second colorizer on the same bundle is refused.
     *
     * @param bundle the model, not owned by another colorizer
     * @return the colorizer
     * @throws IllegalStateException if another colorizer owns the bundle, or it is closed
     */
    static Colorizer of(ModelBundle bundle) {
        return ColorizationPipeline.of(bundle, ColorizationPipeline.DEFAULT_MAX_BATCH);
    }

    /**
     * The embedded default model ({@code fromPretrained("default")}).
     *
     * @return the colorizer
     * @throws IOException if no default model is on the classpath, or it cannot be read
     */
    static Colorizer fromPretrained() throws IOException {
        return fromPretrained(ModelLocator.DEFAULT_MODEL);
    }

    /**
     * A model by name or location: a catalogue name (a model embedded in a jar on the classpath), a
     * {@code classpath:} resource, an http(s) URL (downloaded once into the cache; see
     * {@link ModelLocator}), or a file path.
     *
     * @param location where the model is
     * @return the colorizer
     * @throws IOException listing every place tried when nothing matches, or naming the file at fault
     */
    static Colorizer fromPretrained(String location) throws IOException {
        return of(ModelLocator.load(location));
    }

    /**
     * A model bundle file.
     *
     * @param bundle the file
     * @return the colorizer
     * @throws IOException naming the file, if it is missing, truncated, corrupt or of another format version
     */
    static Colorizer fromPretrained(Path bundle) throws IOException {
        return of(ModelBundle.load(bundle));
    }

    /**
     * A model bundle from a stream (read whole; not closed).
     *
     * @param bundle the bundle's bytes
     * @return the colorizer
     * @throws IOException if the stream does not hold a readable bundle
     */
    static Colorizer fromPretrained(InputStream bundle) throws IOException {
        return of(ModelBundle.load(bundle, "<stream>"));
    }
}
