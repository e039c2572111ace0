package org.colorize.options;

import org.colorize.core.encoding.Encoding;
import picocli.CommandLine.Option;

/**
 * {@code --vividness X}, default 1, in [0, {@value Encoding#MAX_VIVIDNESS}]: the colour strength of
 * {@code colorize}, {@code colorize eval} and {@code colorize spark}, checked by the library's one rule
 * ({@link Encoding#checkVividness(float, String)}). Use it with {@code @Mixin VividnessOption vividness;}.
 */
public final class VividnessOption {

    /** The option's name, as messages name it. */
    public static final String NAME = "--vividness";

    @Option(names = NAME, paramLabel = "X", defaultValue = "1",
            description = "Colour strength for models with a classification head: 1 the model's default, lower is more "
                    + "muted, higher more saturated, 0 to 4 (default: ${DEFAULT-VALUE}); regression models scale "
                    + "their colour by it.")
    private float vividness = 1f;

    /** Makes the option with its default, 1; picocli sets it from the command line. */
    public VividnessOption() {
    }

    /**
     * @return the vividness
     * @throws IllegalArgumentException naming {@code --vividness} if it is outside [0, 4] or not a number
     */
    public float value() {
        return Encoding.checkVividness(vividness, NAME);
    }
}
