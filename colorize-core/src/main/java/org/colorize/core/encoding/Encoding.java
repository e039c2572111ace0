package org.colorize.core.encoding;

import java.util.Map;
import org.colorize.core.color.Lab;
import org.colorize.core.model.ModelKind;

/**
 * How one kind of model sees colour, in one place (the way DJL's {@code Translator} owns pre- and
 * postprocessing): an image plane at the working size becomes the network's features, a colour picture
 * becomes the network's labels for training, and the network's output becomes chroma. The pipeline
 * ({@code Colorizer}), the data iterators, the trainer and the benchmark all call it.
 *
 * <pre>{@code
 * Encoding enc = metadata.encoding();
 * float[] plane = enc.inputPlane() == Encoding.InputPlane.LIGHTNESS ? decoded.lightness() : decoded.gray();
 * float[] features = new float[enc.inputChannels() * w * h];
 * enc.encodeInput(resizedPlane, features, 0);          // network input of one image
 * Chroma ab = enc.decode(output, 0, ow, oh, 1f);        // its chroma, from the network's output
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe. Planes are row-major float arrays; several
 * channels of one image follow each other (NCHW order).
 */
public interface Encoding {

    /** Which plane of an image the network's input is made from. */
    enum InputPlane {
        /** Luma gray {@code 0.299R + 0.587G + 0.114B} in [0,1]. */
        GRAY,
        /** CIE L in [0,100]. */
        LIGHTNESS
    }

    /** @return the encoding's id as the bundle metadata names it, e.g. {@code lab-regression} */
    String id();

    /** @return the model kind this encoding serves */
    ModelKind kind();

    /** @return the plane the network's input is made from */
    InputPlane inputPlane();

    /** @return channels of the network's image input */
    int inputChannels();

    /** @return channels of the network's output and of the labels */
    int labelChannels();

    /**
     * @return how much smaller the network's output is than its input, per side (1: the same size; 4:
     *     a quarter); labels are made at the output's size
     */
    int outputStride();

    /**
     * Writes the network's input for one image.
     *
     * @param plane the {@link #inputPlane()} at the working size ({@code w * h} values); not modified
     * @param dest where the {@link #inputChannels()} planes go
     * @param offset the index in {@code dest} of the first value
     */
    void encodeInput(float[] plane, float[] dest, int offset);

    /**
     * Writes the labels of one training picture.
     *
     * @param rgb the picture as interleaved sRGB in [0,1], {@code w * h * 3} values; not modified
     * @param w its width (a multiple of {@link #outputStride()})
     * @param h its height (a multiple of {@link #outputStride()})
     * @param dest where the {@link #labelChannels()} planes of {@code (w / stride) * (h / stride)} values go
     * @param offset the index in {@code dest} of the first value
     */
    void encodeTarget(float[] rgb, int w, int h, float[] dest, int offset);

    /**
     * Reads the chroma of one image from the network's output.
     *
     * @param output the network's output (NCHW, float)
     * @param offset the index in {@code output} of this image's first value
     * @param width the output's width
     * @param height the output's height
     * @param vividness 1 for the model's default colour; lower is more muted, higher more saturated
     *     (see the implementation for what it does); in [0, {@value #MAX_VIVIDNESS}] ({@link #checkVividness(float)})
     * @return a and b at the output's resolution
     */
    Chroma decode(float[] output, int offset, int width, int height, float vividness);

    /**
     * The decoding of a picture that was enlarged before the network, because its shorter side was below
     * the working size's {@link org.colorize.core.model.WorkingSize#minSide() minSide}: the pipeline
     * decodes such pictures with this encoding. By default the same encoding; a classification encoding
     * may carry a chroma gain calibrated on enlarged pictures ({@link AbBinsEncoding#enlargedChromaGain()}).
     *
     * @return the encoding that decodes enlarged pictures
     */
    default Encoding forEnlargedInput() {
        return this;
    }

    /** @return the encoding's parameters as JSON values, as the bundle metadata stores them */
    Map<String, Object> parameters();

    /**
     * The input plane of a training picture, as a user's gray photo or the picture itself gives it.
     *
     * @param rgb interleaved sRGB in [0,1], {@code n * 3} values
     * @param n pixels
     * @param gray8 whether to round the luma to 8 bits first, as a gray PNG or JPEG stores it
     * @return the {@link #inputPlane()}, {@code n} values
     */
    default float[] inputPlaneOf(float[] rgb, int n, boolean gray8) {
        float[] plane = new float[n];
        boolean light = inputPlane() == InputPlane.LIGHTNESS;
        for (int p = 0, s = 0; p < n; p++, s += 3) {
            if (light && !gray8) {
                plane[p] = Lab.lightnessOfSrgb(rgb[s], rgb[s + 1], rgb[s + 2]);
                continue;
            }
            float y = Lab.luma(rgb[s], rgb[s + 1], rgb[s + 2]);
            if (gray8) {
                y = Math.round(Math.min(1f, Math.max(0f, y)) * 255f) / 255f;
            }
            plane[p] = light ? Lab.lightnessOfGray(y) : y;
        }
        return plane;
    }

    /**
     * The largest vividness anywhere in the library: the {@link org.colorize.core.Colorizer} builder, the
     * pipeline and its renderings, {@link #decode}, the command line, the web server and the Spark job all
     * accept [0, {@value}]. Above 4 nothing new is seen: a classification head's temperature {@code T0^v}
     * is already within a few hundredths of the mode (0.38<sup>4</sup> = 0.02), and a regression head's
     * a and b, scaled 4 times, are out of gamut and clipped.
     */
    float MAX_VIVIDNESS = 4f;

    /**
     * Validates a vividness value: the one rule, a number in [0, {@value #MAX_VIVIDNESS}] (NaN and
     * infinities are refused). Every entry point calls this one (or {@link #checkVividness(float, String)}
     * to name its own option).
     *
     * @param vividness the value
     * @return the value
     * @throws IllegalArgumentException naming {@code vividness} if it is outside [0, 4] or not a number
     */
    static float checkVividness(float vividness) {
        return checkVividness(vividness, "vividness");
    }

    /**
     * Validates a vividness value given as an option of another name, e.g. {@code --vividness} on the
     * command line: the rule of {@link #checkVividness(float)}, the message naming {@code option}.
     *
     * @param vividness the value
     * @param option the option's name as the user wrote it, for the message
     * @return the value
     * @throws IllegalArgumentException naming {@code option} if the value is outside [0, 4] or not a number
     */
    static float checkVividness(float vividness, String option) {
        if (!(vividness >= 0f && vividness <= MAX_VIVIDNESS)) {
            throw new IllegalArgumentException(option + " must be a number in [0, " + (int) MAX_VIVIDNESS + "], was "
                    + vividness);
        }
        return vividness;
    }
}
