package org.colorize.options;

import picocli.CommandLine.Option;

/**
 * {@code -m/--model NAME|PATH|URL}, default {@code default}: the model of {@code colorize},
 * {@code colorize eval}, {@code colorize serve} and {@code colorize spark}. Use it with
 * {@code @Mixin ModelOption model;}.
 */
public final class ModelOption {

    @Option(names = {"-m", "--model"}, paramLabel = "NAME|PATH|URL", defaultValue = "default",
            description = "The model: a catalogue name, a bundle file, classpath:RESOURCE or an http(s) URL "
                    + "(default: ${DEFAULT-VALUE}).")
    private String model = "default";

    /** Makes the option with its default, {@code default}; picocli sets it from the command line. */
    public ModelOption() {
    }

    /** @return the model as the user named it: a catalogue name, file, classpath resource or URL */
    public String value() {
        return model;
    }
}
